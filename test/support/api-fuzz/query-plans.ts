import fc from 'fast-check';
import type { Parameter } from '../../../modules/01-rest-api/openapi/document-types.ts';
import { AWKWARD_UNICODE, BROKEN_PERCENT_ENCODINGS, NUMERIC_EDGES, ODD_QUERY_KEYS, SQL_INJECTION } from './hostile-text.ts';
import { arbitraryFromSchema } from './json-schema-arbitrary.ts';
import type { Choices } from './choices.ts';
import type { QueryPlan } from './request-plan.ts';
import { isWellFormed } from './well-formed.ts';

const hostileText = fc.oneof(
  fc.constantFrom(...NUMERIC_EDGES, ...SQL_INJECTION, ...AWKWARD_UNICODE.filter(isWellFormed)),
  fc.string({ maxLength: 30, unit: 'binary' }),
  fc.integer({ min: 201, max: 3000 }).map((length) => 'x'.repeat(length)),
);

/** Values for one query parameter, as text: valid ones from its schema, and hostile ones. Lone surrogates travel as broken encodings instead. */
function parameterText(parameter: Parameter): fc.Arbitrary<string> {
  return anyParameterText(parameter).filter(isWellFormed);
}

function anyParameterText(parameter: Parameter): fc.Arbitrary<string> {
  const { schema } = parameter;
  const valid = (arbitraryFromSchema(schema) as fc.Arbitrary<string | number>).map(String);
  if (schema.type === 'integer') {
    const { minimum, maximum } = schema as { minimum: number; maximum: number };
    const justOutside = fc.constantFrom(String(minimum - 1), String(maximum + 1), `${minimum}.5`, `-${maximum}`);
    return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: justOutside }, { weight: 2, arbitrary: fc.constantFrom(...NUMERIC_EDGES) }, { weight: 1, arbitrary: hostileText });
  }
  if (Array.isArray(schema.enum)) {
    const nearMisses = (schema.enum as string[]).flatMap((value) => [value.toUpperCase(), `${value} `, `${value},${value}`, `${value}\u0000`]);
    return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...nearMisses) }, { weight: 2, arbitrary: hostileText });
  }
  // A cursor: the API's own are chosen by `issued-cursor`; anything else here is a forgery.
  return fc.oneof(valid, hostileText, fc.base64String({ minLength: 4, maxLength: 60 }));
}

/** Query strings for an operation: 0-3 items over its documented parameters and a few unknown keys. */
export function queryPlans(parameters: Parameter[]): Choices<QueryPlan[]> {
  const names = parameters.map((parameter) => parameter.name);
  const issuedCursor = fc.nat().map((pick) => ({ kind: 'issued-cursor' as const, pick }));
  // The cursor's valid values are the issued ones: a schema-valid string is still a forgery.
  const validItem = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...parameters.filter((parameter) => parameter.name !== 'cursor')).chain((parameter) => (arbitraryFromSchema(parameter.schema) as fc.Arbitrary<string | number>).map((value) => ({ kind: 'param' as const, name: parameter.name, text: String(value) }))) },
    { weight: 2, arbitrary: issuedCursor },
  );
  const anyItem = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...parameters).chain((parameter) => parameterText(parameter).map((text) => ({ kind: 'param' as const, name: parameter.name, text }))) },
    { weight: 3, arbitrary: issuedCursor },
    {
      weight: 1,
      arbitrary: fc
        .record({ name: fc.oneof(fc.constantFrom(...ODD_QUERY_KEYS), fc.string({ minLength: 1, maxLength: 10 })), text: fc.constantFrom('1', 'x', '') })
        .filter(({ name }) => !names.includes(name) && isWellFormed(name))
        .map(({ name, text }) => ({ kind: 'param' as const, name, text })),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('broken-encoding' as const), name: fc.constantFrom(...names), raw: fc.constantFrom(...BROKEN_PERCENT_ENCODINGS) }) },
  );
  // Valid items, each parameter at most once.
  const valid = fc.uniqueArray(validItem, { maxLength: 3, selector: (item) => (item.kind === 'param' ? item.name : 'cursor') });
  return { valid, any: fc.array(anyItem, { maxLength: 3 }) };
}
