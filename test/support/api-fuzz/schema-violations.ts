import fc from 'fast-check';
import type { JsonSchema } from '../../../modules/01-rest-api/openapi/document-types.ts';
import { AWKWARD_UNICODE, SQL_INJECTION } from './hostile-text.ts';
import { arbitraryFromSchema } from './json-schema-arbitrary.ts';
import { RawJson } from './raw-json.ts';

/**
 * Values that break a schema for certain, each with the property names a validator must name.
 * "For certain" by any reading of SPEC.md: nothing here depends on how lenient a validator is
 * about edge cases (leap seconds, space as the date-time separator, quoted email local parts).
 */
export interface ObjectViolation {
  value: unknown;
  /** Properties that break the schema; empty when the violation belongs to no single property. */
  fields: string[];
}

const typeOf = (schema: JsonSchema): string[] => ([] as string[]).concat((schema.type as string | string[] | undefined) ?? []);

/** JSON values of every type but the ones `schema` allows; numbers include ones only JSON text can hold. */
function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const allowed = typeOf(schema);
  const byType: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...SQL_INJECTION)),
    number: fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(new RawJson('1e400'), new RawJson('-0'), new RawJson('1E+2'), new RawJson('0.0000001')),
    ),
    boolean: fc.boolean(),
    null: fc.constant(null),
    array: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    object: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  };
  // An integer schema also takes numbers with an integral value (2.0), so only non-integral ones break it.
  if (allowed.includes('integer')) byType.number = fc.constantFrom(2.5, -0.5, new RawJson('1e400'), new RawJson('1.5e1'));
  return fc.oneof(...Object.entries(byType).filter(([type]) => !allowed.includes(type)).map(([, arbitrary]) => arbitrary));
}

const INVALID_FORMATS: Record<string, string[]> = {
  uuid: ['not-a-uuid', '00000000-0000-0000-0000-00000000000', '{00000000-0000-0000-0000-000000000000}', 'g0000000-0000-0000-0000-000000000000', '', ...SQL_INJECTION],
  'date-time': ['tomorrow', '2030-13-01T00:00:00Z', '2030-02-30T00:00:00Z', '2030-01-01T24:00:01Z', '2030-01-01T00:00:00', '2030-01-01', '', "2030-01-01T00:00:00Z'; --", '1e400', 'Infinity', '9999-12-31T23:59:59-00:01', '0000-01-01T00:00:00+00:01'],
  email: ['not-an-email', '@x.io', 'a@', 'a b@x.io', '', 'a@@x.io', ...SQL_INJECTION],
};

/** Text that typical patterns refuse: NUL, lone surrogates, numbers a strict reader would not take. */
const PATTERN_CANDIDATES = ['\u0000', 'a\u0000b', `${'x'.repeat(5)}\u0000`, '\ud800', 'a\udc00b', 'Infinity', '1e1', '0x10', '+5', '5.0', ' 5', '-1', 'abc', ''];

/** Strings that break the string rules of `schema`: length, enum, pattern, format. */
function wrongString(schema: JsonSchema): fc.Arbitrary<unknown> | undefined {
  const options: fc.Arbitrary<unknown>[] = [];
  const { minLength, maxLength, pattern, format } = schema as { minLength?: number; maxLength?: number; pattern?: string; format?: string };
  if (Array.isArray(schema.enum)) {
    const allowed = schema.enum as string[];
    const nearMisses = allowed.flatMap((value) => [value.toUpperCase(), ` ${value}`, `${value} `, `${value}\u0000`, `${value}s`]);
    options.push(fc.constantFrom(...nearMisses, '', ...SQL_INJECTION, ...AWKWARD_UNICODE).filter((value) => !allowed.includes(value)));
  }
  if (minLength && minLength > 0) options.push(fc.string({ maxLength: minLength - 1 }));
  if (maxLength !== undefined) options.push(fc.integer({ min: maxLength + 1, max: maxLength + 40 }).map((length) => 'x'.repeat(length)));
  if (pattern !== undefined) {
    // Any pattern: the candidates it refuses. None left means a pattern this list cannot break.
    const refused = PATTERN_CANDIDATES.filter((candidate) => !new RegExp(pattern, 'u').test(candidate));
    if (refused.length === 0) throw new Error(`schema-violations: no violation generator for pattern ${pattern}`);
    options.push(fc.constantFrom(...refused));
  }
  if (format) {
    const invalid = INVALID_FORMATS[format];
    if (!invalid) throw new Error(`schema-violations: no violation generator for format ${format}`);
    options.push(fc.constantFrom(...invalid));
  }
  return options.length > 0 ? fc.oneof(...options) : undefined;
}

/** Values that break a non-object `schema`. */
export function violatingValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const strings = typeOf(schema).includes('string') ? wrongString(schema) : undefined;
  return strings ? fc.oneof(wrongType(schema), strings) : wrongType(schema);
}

/** Objects that break an object `schema`, naming the properties at fault. */
export function violatingObject(schema: JsonSchema): fc.Arbitrary<ObjectViolation> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  const valid = arbitraryFromSchema(schema) as fc.Arbitrary<Record<string, unknown>>;
  const names = Object.keys(properties);

  const badValues = fc
    .record({ base: valid, broken: fc.shuffledSubarray(names, { minLength: 1, maxLength: 2 }) })
    .chain(({ base, broken }) =>
      fc.tuple(...broken.map((name) => violatingValue(properties[name]!))).map((values) => ({
        value: { ...base, ...Object.fromEntries(broken.map((name, index) => [name, values[index]])) },
        fields: broken,
      })),
    );
  const unknownProperty = fc
    .record({ base: valid, name: fc.oneof(fc.constantFrom('priority', 'owner', 'ownerId', 'id', 'version', 'createdAt', 'Title', 'title '), fc.string({ minLength: 1, maxLength: 12 })) })
    .filter(({ name }) => !names.includes(name) && name !== '__proto__')
    .map(({ base, name }) => ({ value: { ...base, [name]: 'x' }, fields: [name] }));
  const options: fc.Arbitrary<ObjectViolation>[] = [badValues, unknownProperty];
  if (required.length > 0) {
    options.push(
      fc.record({ base: valid, missing: fc.constantFrom(...required) }).map(({ base, missing }) => {
        const { [missing]: _dropped, ...rest } = base;
        return { value: rest, fields: [missing] };
      }),
    );
  }
  if (typeof schema.minProperties === 'number' && schema.minProperties > 0 && required.length === 0) {
    options.push(fc.constant({ value: {}, fields: [] }));
  }
  // Not an object at all.
  options.push(fc.constantFrom<unknown>([], [{ title: 'x' }], 'title', 42, null, true).map((value) => ({ value, fields: [] })));
  return fc.oneof(...options);
}
