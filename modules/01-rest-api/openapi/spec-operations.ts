import type { Parameter } from './document-types.ts';
import type { ErrorResponseName } from './spec-components.ts';

/** What SPEC.md says about one operation beyond its route schema. */
export interface OperationRules {
  summary: string;
  /** SPEC.md section that specifies it. */
  section: string;
  bearer: boolean;
  /** The success status, when it differs from the one in the route schema (or there is none). */
  success?: { status: string; description: string; noBody?: boolean };
  /** Response headers of the success response, by component name. */
  successHeaders?: string[];
  /** Extra header parameters; a generated parameter of the same name is replaced (and documented). */
  headerParameters?: Parameter[];
  errors: ErrorResponseName[];
}

const ifMatch: Parameter = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description:
    'Only act if the task is at this version: `"<version>"` as sent in ETag, or `*` for any. Another version, or a value that cannot be one of our ETags, is a 412 and nothing changes.',
  schema: { type: 'string' },
};

const idempotencyKey: Parameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Scoped per user. The same key with the same body replays the first answer (201, same task, `Idempotent-Replayed: true`); with another body it is a 422.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

/** Keyed by `METHOD path`, with the path as SPEC.md writes it. */
export const OPERATION_RULES: Record<string, OperationRules> = {
  'GET /health': {
    summary: 'Whether the app can reach its database',
    section: 'health',
    bearer: false,
    errors: ['DatabaseDown', 'Error'],
  },
  'POST /auth/register': {
    summary: 'Create an account',
    section: 'auth-accounts',
    bearer: false,
    errors: ['BadRequest', 'EmailTaken', 'PayloadTooLarge', 'UnsupportedMediaType', 'Error'],
  },
  'POST /auth/login': {
    summary: 'Exchange email and password for a bearer token',
    section: 'auth-accounts',
    bearer: false,
    errors: ['BadRequest', 'WrongCredentials', 'PayloadTooLarge', 'UnsupportedMediaType', 'Error'],
  },
  'POST /tasks': {
    summary: 'Create a task, at most once per Idempotency-Key',
    section: 'tasks-create',
    bearer: true,
    successHeaders: ['Location', 'ETag', 'Idempotent-Replayed'],
    headerParameters: [idempotencyKey],
    errors: ['BadRequest', 'Unauthorized', 'KeyInFlight', 'PayloadTooLarge', 'UnsupportedMediaType', 'KeyReused', 'Error'],
  },
  'GET /tasks': {
    summary: "One page of the caller's tasks, oldest first",
    section: 'list-pagination',
    bearer: true,
    errors: ['BadRequest', 'Unauthorized', 'Error'],
  },
  'GET /tasks/{id}': {
    summary: 'Read a task',
    section: 'tasks-read',
    bearer: true,
    successHeaders: ['ETag'],
    errors: ['BadRequest', 'Unauthorized', 'NotFound', 'Error'],
  },
  'PATCH /tasks/{id}': {
    summary: 'Change the given fields of a task',
    section: 'tasks-update',
    bearer: true,
    successHeaders: ['ETag'],
    headerParameters: [ifMatch],
    errors: ['BadRequest', 'Unauthorized', 'NotFound', 'PreconditionFailed', 'PayloadTooLarge', 'UnsupportedMediaType', 'Error'],
  },
  'DELETE /tasks/{id}': {
    summary: 'Delete a task',
    section: 'tasks-delete',
    bearer: true,
    success: { status: '204', description: 'Deleted; no body.', noBody: true },
    headerParameters: [ifMatch],
    errors: ['BadRequest', 'Unauthorized', 'NotFound', 'PreconditionFailed', 'Error'],
  },
};
