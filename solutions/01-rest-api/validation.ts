import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';

export interface FieldError {
  field: string;
  message: string;
}

// ajv-formats is CommonJS; under `module: nodenext` its default export is the `.default` property.
const addFormats = formats.default;

/** Instants that `toISOString()` writes as RFC 3339, with a four-digit year. */
const WRITABLE_INSTANTS = {
  first: Date.parse('0000-01-01T00:00:00.000Z'),
  last: Date.parse('9999-12-31T23:59:59.999Z'),
  includes(instant: number): boolean {
    return instant >= this.first && instant <= this.last;
  },
};

function createAjv(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({
    allErrors: true, // report every violation, not just the first
    removeAdditional: false, // an unknown property is an error, not something to drop silently
    useDefaults: true,
    coerceTypes,
    allowUnionTypes: true, // `type: ['string', 'null']`
  });
  addFormats(ajv);
  // RFC 3339 allows a leap second (23:59:60) that JavaScript's Date cannot hold, and offsets that
  // carry 9999-12-31T23:59:59-00:01 past year 9999 in UTC, where toISOString() writes
  // "+010000-…", which is no longer RFC 3339. Refuse both here, rather than store them.
  const rfc3339 = addFormats.get('date-time') as { validate: (value: string) => boolean };
  ajv.addFormat('date-time', (value: string) => rfc3339.validate(value) && WRITABLE_INSTANTS.includes(Date.parse(value)));
  // ajv-formats' uuid also accepts a `urn:uuid:` prefix, which PostgreSQL's uuid type rejects.
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv;
}

/**
 * Fastify's default Ajv coerces every part of the request. JSON bodies already carry types, so
 * there `"title": 123` must be a 400, not the string "123". Query strings, params and headers are
 * always text and do need coercion (`?limit=5`). Hence one Ajv per kind, as Fastify's docs show
 * under "Validator Compiler".
 */
export function createValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const strict = createAjv(false);
  const coercing = createAjv('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}

/** One `{ field, message }` per Ajv error; `field` is the offending property's name. */
export function toFieldErrors(errors: FastifySchemaValidationError[], part = 'body'): FieldError[] {
  return errors.map((error) => ({ field: fieldOf(error) ?? part, message: error.message ?? 'is invalid' }));
}

function fieldOf({ keyword, params, instancePath }: FastifySchemaValidationError): string | undefined {
  if (keyword === 'required') return String(params.missingProperty);
  if (keyword === 'additionalProperties') return String(params.additionalProperty);
  // instancePath is a JSON pointer such as "/title"; its last segment names the property.
  const last = instancePath.split('/').at(-1);
  return last ? last.replaceAll('~1', '/').replaceAll('~0', '~') : undefined;
}
