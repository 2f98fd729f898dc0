import fc from 'fast-check';
import type { JsonSchema } from '../../../modules/01-rest-api/openapi/document-types.ts';
import { AWKWARD_UNICODE, BROKEN_PERCENT_ENCODINGS, SQL_INJECTION } from './hostile-text.ts';
import { arbitraryFromSchema } from './json-schema-arbitrary.ts';
import type { Choices } from './choices.ts';
import type { IdPlan } from './request-plan.ts';
import { isWellFormed, UUID } from './well-formed.ts';

/** Ids for `/tasks/{id}`; `schema` is the path parameter's schema from the document. */
export function idPlan(schema: JsonSchema): Choices<IdPlan> {
  if (schema.format !== 'uuid') throw new Error('path-plans: the id parameter is expected to be a uuid');
  const uuid = arbitraryFromSchema(schema) as fc.Arbitrary<string>;
  const notUuid = fc
    .oneof(
      fc.constantFrom('not-a-uuid', 'urn:uuid:00000000-0000-0000-0000-000000000000', '00000000000000000000000000000000', '{00000000-0000-0000-0000-000000000000}', '1e400', 'Infinity', '-0', '0x10', 'null', 'undefined', 'a/b', 'a?b', 'a#b', '%'),
      fc.constantFrom(...SQL_INJECTION, ...AWKWARD_UNICODE),
      fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }),
      uuid.map((value) => `${value}0`),
      uuid.map((value) => ` ${value}`),
      fc.constant('x'.repeat(5000)),
    )
    // '.' and '..' are dot segments, which URL parsing removes before any router sees them.
    .filter((value) => value !== '' && value !== '.' && value !== '..' && isWellFormed(value) && !UUID.test(value));
  const live = fc.record({ kind: fc.constant('live' as const), pick: fc.nat(), upperCase: fc.boolean() });
  const missing = fc.oneof(
    fc.record({ kind: fc.constant('deleted' as const), pick: fc.nat() }),
    fc.constant({ kind: 'foreign' as const }),
    fc.oneof(uuid, fc.constantFrom('00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF')).map((value) => ({ kind: 'absent-uuid' as const, value })),
  );
  return {
    valid: fc.oneof({ weight: 5, arbitrary: live }, { weight: 1, arbitrary: missing }),
    any: fc.oneof(
      { weight: 2, arbitrary: live },
      { weight: 2, arbitrary: missing },
      { weight: 3, arbitrary: notUuid.map((value) => ({ kind: 'not-uuid' as const, value })) },
      { weight: 1, arbitrary: fc.constantFrom(...BROKEN_PERCENT_ENCODINGS).map((raw) => ({ kind: 'broken-encoding' as const, raw })) },
    ),
  };
}
