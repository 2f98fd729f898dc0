/**
 * How request schemas are compiled, and how their violations are reported. Each violation
 * becomes `{ field, message }` where `field` is the property's name (`title`, `limit`, `id`...),
 * the missing property's name for `required`, the unknown one's for `additionalProperties`.
 * Report all violations, and reject unknown properties instead of stripping them.
 */
import type { FastifySchema, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { notImplemented } from '#not-implemented';

export interface FieldError {
  field: string;
  message: string;
}

export function createValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  // TODO(validation): Ajv with allErrors and removeAdditional: false; coerce types for querystring/params/headers only.
  throw notImplemented('01-rest-api', 'validation', 'createValidatorCompiler()');
}

/** One `{ field, message }` per Ajv error; `field` is the offending property's name. */
export function toFieldErrors(errors: FastifySchemaValidationError[], part = 'body'): FieldError[] {
  // TODO(validation): map each Ajv error to the name of the property it is about.
  throw notImplemented('01-rest-api', 'validation', 'toFieldErrors()');
}
