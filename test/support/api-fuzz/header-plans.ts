import fc from 'fast-check';
import type { Parameter } from '../../../modules/01-rest-api/openapi/document-types.ts';
import { SQL_INJECTION } from './hostile-text.ts';
import { headerText } from './header-text.ts';
import type { Choices } from './choices.ts';
import type { ContentTypePlan, IdempotencyPlan, IfMatchPlan } from './request-plan.ts';

export const contentTypePlan: Choices<ContentTypePlan> = {
  valid: fc.constant('json' as const),
  any: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('json' as const, 'json-charset' as const, 'json-upper' as const) },
    { weight: 1, arbitrary: fc.constantFrom('text-plain' as const, 'form' as const, 'none' as const) },
  ),
};

const wellFormedIfMatch = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'absent' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'current' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'star' as const }) },
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: -3, max: 3 }).filter((delta) => delta !== 0), fc.constantFrom(2 ** 31, 2 ** 53, -(2 ** 31))).map((delta) => ({ kind: 'other-version' as const, delta })) },
);

export const ifMatchPlan: Choices<IfMatchPlan> = {
  valid: wellFormedIfMatch,
  any: fc.oneof(
    { weight: 1, arbitrary: wellFormedIfMatch },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.constantFrom('W/"1"', '1', '"1", "2"', '"abc"', '""', '', '"-1"', '"1.0"', '"+1"', '"0x1"', '"99999999999"', '"1e400"', '"Infinity"', ...SQL_INJECTION), headerText({ maxLength: 20 }))
        .map((text) => ({ kind: 'text' as const, text })),
    },
  ),
};

/** Idempotency-Key values; `parameter` is the documented header, whose schema bounds the valid keys. */
export function idempotencyPlan(parameter: Parameter): Choices<IdempotencyPlan> {
  const { minLength, maxLength } = parameter.schema as { minLength: number; maxLength: number };
  const wellFormed = fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'absent' as const }) },
    { weight: 3, arbitrary: fc.oneof(headerText({ minLength, maxLength: 40 }), fc.constantFrom(...SQL_INJECTION), fc.constant('k'.repeat(maxLength))).map((text) => ({ kind: 'key' as const, text })) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat(), sameBody: fc.boolean() }) },
  );
  const invalid = fc.constantFrom('', 'k'.repeat(maxLength + 1)).filter((text) => text.length < minLength || text.length > maxLength).map((text) => ({ kind: 'invalid' as const, text }));
  return { valid: wellFormed, any: fc.oneof({ weight: 3, arbitrary: wellFormed }, { weight: 1, arbitrary: invalid }) };
}
