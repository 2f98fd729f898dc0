import fc from 'fast-check';
import type { JsonSchema } from '../../../modules/01-rest-api/openapi/document-types.ts';

/**
 * Values that satisfy a JSON schema, for the subset of JSON Schema that the API's request schemas
 * use. An unknown keyword throws, so a schema that outgrows this subset fails loudly instead of
 * being fuzzed with values that silently ignore the new rule.
 */

const UNDERSTOOD = new Set([
  'type', 'enum', 'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'properties', 'required',
  'additionalProperties', 'minProperties', 'default', 'description', 'items', 'allOf',
]);

/**
 * One code point per unit, as JSON Schema counts length: mostly printable ASCII so failures stay
 * readable, then any code point, then lone high surrogates, which JSON can carry as `"\ud800"`.
 * (Only high ones: a generated high followed by a generated low would pair into one code point.)
 */
export const codePointUnit = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 12 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 5 },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdbff }).map((unit) => String.fromCharCode(unit)), weight: 1 },
);

const pad = (value: number, width: number): string => String(Math.abs(value)).padStart(width, '0');

/**
 * RFC 3339 text as a client writes it: a local date and time (any four-digit year, the first and
 * last days more often) and an offset, sometimes with a fraction or lower-case `t`/`z`. Only
 * instants UTC can write with a four-digit year: SPEC.md refuses 9999-12-31T23:00:00-05:00, whose
 * instant falls in year 10000 (see schema-violations.ts).
 */
export const rfc3339DateTime = fc
  .record({
    local: fc.oneof(
      { arbitrary: fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), weight: 8 },
      { arbitrary: fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), weight: 1 },
      { arbitrary: fc.constantFrom(new Date('0000-01-01T00:00:00Z'), new Date('9999-12-31T23:59:59Z')), weight: 1 },
    ),
    offsetMinutes: fc.oneof(fc.constant(0), fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 })),
    fraction: fc.option(fc.integer({ min: 0, max: 999_999 }).map((n) => `.${pad(n, 6).replace(/0+$/, '') || '0'}`), { nil: '' }),
    lowerCase: fc.boolean(),
  })
  .map(({ local, offsetMinutes, fraction, lowerCase }) => {
    const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)}`;
    const time = `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}${fraction}`;
    const zone = offsetMinutes === 0 ? 'Z' : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(offsetMinutes / 60), 2)}:${pad(offsetMinutes % 60, 2)}`;
    const text = `${date}T${time}${zone}`;
    return lowerCase ? text.toLowerCase() : text;
  })
  .filter((text) => Date.parse(text) >= Date.parse('0000-01-01T00:00:00Z') && Date.parse(text) <= Date.parse('9999-12-31T23:59:59.999Z'));

/** Addresses that every reading of "email format" accepts: dot-atom local part, plain domain. */
export const plainEmail = fc.stringMatching(/^[a-z0-9_+-]{1,8}(\.[a-z0-9_+-]{1,8}){0,2}@[a-z0-9]{1,12}\.(io|com|example)$/);

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  'date-time': rfc3339DateTime,
  email: plainEmail,
};

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as string[]));
  if (typeof schema.format === 'string') {
    const format = FORMATS[schema.format];
    if (!format) throw new Error(`json-schema-arbitrary: no generator for format "${schema.format}"`);
    return typeof schema.maxLength === 'number' ? format.filter((text) => [...text].length <= (schema.maxLength as number)) : format;
  }
  const text = fc.string({ unit: codePointUnit, minLength: (schema.minLength as number) ?? 0, maxLength: (schema.maxLength as number) ?? 300 });
  // A pattern is checked, not generated: the API's patterns only exclude rare characters (NUL).
  return typeof schema.pattern === 'string' ? text.filter((value) => new RegExp(schema.pattern as string, 'u').test(value)) : text;
}

function objectArbitrary(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  if (schema.additionalProperties !== false) throw new Error('json-schema-arbitrary: only closed objects (additionalProperties: false)');
  const optional = Object.keys(properties).filter((key) => !required.includes(key));
  const minOptional = Math.max(0, ((schema.minProperties as number) ?? 0) - required.length);
  return fc
    .record({
      present: fc.shuffledSubarray(optional, { minLength: minOptional }),
      values: fc.record(Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, arbitraryFromSchema(sub)]))),
    })
    .map(({ present, values }) => Object.fromEntries([...required, ...present].map((key) => [key, values[key]])));
}

/**
 * `allOf` as the API uses it: a query parameter checked first as text (a pattern) and then as the
 * number that text makes (a range). Values come from the typed subschema that is not a string, and
 * are kept when their text satisfies the string ones: a query string is text on the wire.
 */
function allOfArbitrary(schemas: JsonSchema[]): fc.Arbitrary<unknown> {
  const textual = schemas.filter((sub) => sub.type === 'string');
  const base = schemas.find((sub) => sub.type !== 'string') ?? schemas[0]!;
  const asText = (value: unknown, sub: JsonSchema): boolean =>
    (typeof sub.pattern !== 'string' || new RegExp(sub.pattern, 'u').test(String(value))) && [...String(value)].length <= ((sub.maxLength as number) ?? Infinity);
  return arbitraryFromSchema(base).filter((value) => textual.every((sub) => asText(value, sub)));
}

/** Values valid against `schema`. */
export function arbitraryFromSchema(schema: JsonSchema): fc.Arbitrary<unknown> {
  const unknown = Object.keys(schema).filter((keyword) => !UNDERSTOOD.has(keyword));
  if (unknown.length > 0) throw new Error(`json-schema-arbitrary: unsupported keywords ${unknown.join(', ')}`);
  if (Array.isArray(schema.allOf)) return allOfArbitrary(schema.allOf as JsonSchema[]);
  const types = ([] as string[]).concat((schema.type as string | string[] | undefined) ?? []);
  if (types.length > 1) return fc.oneof(...types.map((type) => arbitraryFromSchema({ ...schema, type })));
  switch (types[0]) {
    case 'string':
      return stringArbitrary(schema);
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: (schema.minimum as number) ?? -1e6, max: (schema.maximum as number) ?? 1e6 });
    case 'object':
      return objectArbitrary(schema);
    default:
      throw new Error(`json-schema-arbitrary: unsupported type ${JSON.stringify(schema.type)}`);
  }
}
