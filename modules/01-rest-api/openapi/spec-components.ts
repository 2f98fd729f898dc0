import type { OpenApiDocument, Response } from './document-types.ts';

/**
 * What SPEC.md states about shapes and errors that the reference's route schemas leave out: the
 * strict task shape, problem details, the bearer scheme and the headers. Each is written here
 * once, as SPEC.md words it, and referenced from the operations.
 */

const UUID = { type: 'string', format: 'uuid' } as const;
const INSTANT = { type: 'string', format: 'date-time' } as const;

/** SPEC.md "A task". */
const task = {
  type: 'object',
  required: ['id', 'title', 'description', 'status', 'dueAt', 'version', 'createdAt', 'updatedAt'],
  additionalProperties: false,
  properties: {
    id: { ...UUID, description: 'Assigned by the app.' },
    title: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
    status: { type: 'string', enum: ['todo', 'in_progress', 'done'] },
    dueAt: { type: ['string', 'null'], format: 'date-time', description: 'The same instant as sent, as ISO 8601.' },
    version: { type: 'integer', minimum: 1, description: '1 on create, +1 on every successful update.' },
    createdAt: { ...INSTANT, description: 'Set on create, never changes.' },
    updatedAt: { ...INSTANT, description: 'Never moves back; changes on every update.' },
  },
};

/** SPEC.md "Errors (problem details, RFC 9457)". */
const problem = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', examples: ['about:blank'] },
    title: { type: 'string', examples: ['Not Found'] },
    status: { type: 'integer', minimum: 400, maximum: 599, description: 'The same number as the HTTP status.' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      description: 'On validation failures (400): one entry per violation.',
      minItems: 1,
      items: { $ref: '#/components/schemas/FieldError' },
    },
  },
};

const fieldError = {
  type: 'object',
  required: ['field', 'message'],
  properties: {
    field: { type: 'string', description: "The offending property's name: the missing or unknown one for those violations." },
    message: { type: 'string', minLength: 1 },
  },
};

function problemResponse(description: string, extra: Partial<Response> = {}): Response {
  return { description, ...extra, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}

/** Keyed by the name each operation refers to them by; the HTTP status is in `ERROR_STATUS`. */
const errorResponses = {
  BadRequest: problemResponse(
    'Malformed JSON, or a body, path or query parameter that breaks its schema. Validation failures list every violation in `errors`.',
  ),
  Unauthorized: problemResponse('No valid bearer token: missing, malformed, tampered, wrong signature, `alg: none` or expired.', {
    headers: { 'WWW-Authenticate': { $ref: '#/components/headers/WWW-Authenticate' } },
  }),
  WrongCredentials: problemResponse('Wrong password or unknown email: the same title and detail for both.'),
  NotFound: problemResponse('No such task, or it belongs to another user.'),
  EmailTaken: problemResponse('An account with this email exists, compared regardless of case.'),
  KeyInFlight: problemResponse('A request with this Idempotency-Key is still running (only in designs that do not make it wait).'),
  PreconditionFailed: problemResponse('If-Match does not name the current version. Nothing changed.'),
  PayloadTooLarge: problemResponse('The body is over 64 KiB (65,536 bytes).'),
  UnsupportedMediaType: problemResponse('The body is not `application/json`.'),
  KeyReused: problemResponse('This Idempotency-Key was already used with a different body.'),
  DatabaseDown: problemResponse('The database does not answer.'),
  Error: problemResponse('Any other error, 4xx or 5xx; unknown routes are 404. A 5xx body reveals nothing of the internals.'),
} satisfies Record<string, Response>;

export type ErrorResponseName = keyof typeof errorResponses;

export const ERROR_STATUS: Record<ErrorResponseName, string> = {
  BadRequest: '400',
  Unauthorized: '401',
  WrongCredentials: '401',
  NotFound: '404',
  EmailTaken: '409',
  KeyInFlight: '409',
  PreconditionFailed: '412',
  PayloadTooLarge: '413',
  UnsupportedMediaType: '415',
  KeyReused: '422',
  DatabaseDown: '503',
  Error: 'default',
};

const headers = {
  ETag: { description: 'The strong, quoted version of the task, e.g. `"1"`.', schema: { type: 'string', pattern: '^"[0-9]+"$' } },
  Location: { description: '`/tasks/<id>` of the created task.', schema: { type: 'string' } },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
  'WWW-Authenticate': { description: 'Starts with `Bearer`; parameters may follow.', schema: { type: 'string', pattern: '^Bearer' } },
};

export const BEARER = 'bearerAuth';

export const components: NonNullable<OpenApiDocument['components']> = {
  schemas: { Task: task, Problem: problem, FieldError: fieldError },
  responses: errorResponses,
  headers,
  securitySchemes: {
    [BEARER]: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'HS256 JWT signed with the app\'s `jwtSecret`, with `sub` (the user id), `iat` and `exp`. Issued by `POST /auth/login`.',
    },
  },
};

export const TASK_REF = { $ref: '#/components/schemas/Task' };
