import fc from 'fast-check';
import type { JsonSchema } from '../../../modules/01-rest-api/openapi/document-types.ts';
import { arbitraryFromSchema } from './json-schema-arbitrary.ts';
import type { Choices } from './choices.ts';
import type { BodyPlan } from './request-plan.ts';
import { violatingObject } from './schema-violations.ts';

const MALFORMED = [
  '{"title": "unterminated',
  '{',
  '',
  'nul',
  '[1,]',
  "{'title':'single quotes'}",
  '{"title":"x"} trailing',
  '{"title":"x",}',
  '{"title":"\\x41"}',
  // Prototype poisoning: JSON, but Fastify's parser refuses it.
  '{"__proto__":{"polluted":true},"title":"x"}',
  '{"constructor":{"prototype":{"polluted":true}},"title":"x"}',
];

/** Bodies for an operation whose request body has `schema` (from the document). */
export function bodyPlan(schema: JsonSchema, options: { ownCredentials?: boolean } = {}): Choices<BodyPlan> {
  const valid = (arbitraryFromSchema(schema) as fc.Arbitrary<Record<string, unknown>>).map((value) => ({ kind: 'valid' as const, value }));
  const own = fc.boolean().map((upperCase) => ({ kind: 'own-credentials' as const, upperCase }));
  return {
    valid: options.ownCredentials ? fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: own }) : valid,
    any: fc.oneof(
      { weight: 2, arbitrary: valid },
      { weight: 4, arbitrary: violatingObject(schema).map(({ value, fields }) => ({ kind: 'violation' as const, value, fields })) },
      { weight: 1, arbitrary: fc.constantFrom(...MALFORMED).map((text) => ({ kind: 'malformed' as const, text })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'oversized' as const }) },
    ),
  };
}
