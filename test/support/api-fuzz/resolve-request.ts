import { normalizedCreateBody } from './api-model.ts';
import type { ApiModel } from './api-model.ts';
import type { ShapeCheck } from './document-shapes.ts';
import { gate } from './expectation-gate.ts';
import type { Expectation, FuzzRequest } from './exchange.ts';
import { learnCreated, learnDeleted, learnPage, learnRegistered, learnUpdated } from './model-learning.ts';
import { toJsonText } from './raw-json.ts';
import type { AuthPlan, IdPlan, RequestPlan } from './request-plan.ts';
import { authorization, type AuthVerdict } from './resolve-auth.ts';
import { body, CONTENT_TYPES } from './resolve-body.ts';
import { idempotency, ifMatch, withHeader } from './resolve-headers.ts';
import { target } from './resolve-path.ts';
import { query } from './resolve-query.ts';
import { createdTask, deletedTask, healthy, loggedIn, readTask, registered, replayedTask, taskPage, updatedTask } from './success-checks.ts';
import { isWellFormed } from './well-formed.ts';

/** Turns a plan into the request to send and what SPEC.md allows as its answer, given the model's state. */

export interface ResolveContext {
  model: ApiModel;
  jwtSecret: string;
  tokenTtlSeconds: number;
  shapes: { task: ShapeCheck };
}

export interface Resolved {
  request: FuzzRequest;
  expectation: Expectation;
}

/** Text fields holding a lone surrogate: JSON carries them and UTF-8 cannot, so storing them verbatim and refusing them (400) are both defensible. */
function illFormedFields(value: Record<string, unknown>): string[] {
  return Object.entries(value).filter(([, item]) => typeof item === 'string' && !isWellFormed(item)).map(([field]) => field);
}

/** A success, or, for ill-formed text, a 400 naming it. */
function success(status: number, valid: Record<string, unknown> | undefined, rest: Omit<Expectation, 'statuses' | 'invalidParts'>): Expectation {
  const illFormed = valid ? illFormedFields(valid) : [];
  return illFormed.length > 0 ? { ...rest, statuses: [status, 400], invalidParts: [illFormed] } : { ...rest, statuses: [status], invalidParts: [] };
}

const settled = { unparsable: false, guarded: true };

function resolveAccount(plan: Extract<RequestPlan, { operation: 'POST /auth/register' | 'POST /auth/login' }>, context: ResolveContext): Resolved {
  const { model } = context;
  const headers: Record<string, string> = {};
  withHeader(headers, 'content-type', CONTENT_TYPES[plan.contentType]);
  const sent = body(plan.body, plan.contentType, model);
  const request = { method: 'POST', url: plan.operation.slice('POST '.length), headers, payload: sent.payload };
  const credentials = sent.valid as { email: string; password: string } | undefined;
  const learn = plan.operation === 'POST /auth/register' && credentials ? learnRegistered(credentials.email, credentials.password) : undefined;
  const finish = (expectation: Expectation): Resolved => ({ request, expectation: { ...expectation, ...(learn ? { learn } : {}) } });
  const early = gate({ guarded: false, body: sent, invalidParts: sent.invalidFields ? [sent.invalidFields] : [] });
  if (early || !credentials) return finish(early ?? { invalidParts: [], unparsable: false, guarded: false });
  const base = { invalidParts: [], unparsable: false, guarded: false };
  const account = model.accounts.get(credentials.email.toLowerCase());
  if (plan.operation === 'POST /auth/register') {
    return finish(account !== undefined ? { ...base, statuses: [409] } : { ...base, statuses: [201], onSuccess: registered(credentials) });
  }
  if (account?.password !== credentials.password) return finish({ ...base, statuses: [401] });
  // SPEC makes emails unique regardless of case, but does not say that login ignores case.
  if (account.email !== credentials.email) return finish(base);
  return finish({ ...base, statuses: [200], onSuccess: loggedIn(context.tokenTtlSeconds) });
}

function resolveCreate(plan: Extract<RequestPlan, { operation: 'POST /tasks' }>, context: ResolveContext, headers: Record<string, string>, auth: AuthVerdict): Resolved {
  const { model, shapes } = context;
  const key = idempotency(plan.idempotency, model);
  withHeader(headers, 'idempotency-key', key.header);
  // A replay of the stored request sends its body again, as JSON.
  withHeader(headers, 'content-type', CONTENT_TYPES[key.resend ? 'json' : plan.contentType]);
  const sent = key.resend ? body({ kind: 'valid', value: key.resend }, 'json', model) : body(plan.body, plan.contentType, model);
  const request = { method: 'POST', url: '/tasks', headers, payload: sent.payload };
  const learn = auth === 'valid' ? learnCreated(key.key, sent.valid) : undefined;
  const finish = (expectation: Expectation): Resolved => ({ request, expectation: { ...expectation, ...(learn ? { learn } : {}) } });
  const early = gate({
    guarded: true,
    auth,
    body: sent,
    invalidParts: [...(sent.invalidFields ? [sent.invalidFields] : []), ...(key.invalid ? [['idempotency-key']] : [])],
  });
  if (early || !sent.valid) return finish(early ?? { ...settled, invalidParts: [] });
  const fields = sent.valid;
  if (key.stored) {
    if (normalizedCreateBody(fields) !== key.stored.normalized) return finish({ ...settled, statuses: [422], invalidParts: [] });
    // Equal once defaults are filled in, but not as sent: whether that is "the same body" is the design's call.
    if (toJsonText(fields) !== toJsonText(key.stored.body)) return finish({ ...settled, invalidParts: [] });
    return finish({ ...settled, statuses: [201], invalidParts: [], onSuccess: replayedTask(shapes.task, key.stored.response) });
  }
  return finish(success(201, fields, { ...settled, onSuccess: createdTask(shapes.task, fields) }));
}

function resolveList(plan: Extract<RequestPlan, { operation: 'GET /tasks' }>, context: ResolveContext, headers: Record<string, string>, auth: AuthVerdict): Resolved {
  const q = query(plan.query, context.model);
  const request = { method: 'GET', url: `/tasks${q.search}`, headers };
  const learn = auth === 'valid' ? learnPage(q.status) : undefined;
  const finish = (expectation: Expectation): Resolved => ({ request, expectation: { ...expectation, ...(learn ? { learn } : {}) } });
  const early = gate({ guarded: true, auth, invalidParts: q.invalidParts, brokenQuery: q.unparsable, unknown: q.unknown });
  return finish(early ?? { ...settled, statuses: [200], invalidParts: [], onSuccess: taskPage(context.shapes.task, q) });
}

function resolveOne(plan: Extract<RequestPlan, { id: IdPlan }>, context: ResolveContext, headers: Record<string, string>, auth: AuthVerdict): Resolved {
  const { model, shapes } = context;
  const { segment, target: found } = target(plan.id, model);
  const method = plan.operation.split(' ')[0]!;
  const live = found.kind === 'live' ? found.task : undefined;
  const sent = plan.operation === 'PATCH /tasks/{id}' ? body(plan.body, plan.contentType, model) : undefined;
  if (plan.operation === 'PATCH /tasks/{id}') withHeader(headers, 'content-type', CONTENT_TYPES[plan.contentType]);
  const condition = plan.operation === 'GET /tasks/{id}' ? undefined : ifMatch(plan.ifMatch, live);
  withHeader(headers, 'if-match', condition?.header);
  const request = { method, url: `/tasks/${segment}`, headers, ...(sent ? { payload: sent.payload } : {}) };
  const learn = auth !== 'valid' ? undefined : plan.operation === 'PATCH /tasks/{id}' ? learnUpdated : plan.operation === 'DELETE /tasks/{id}' && live ? learnDeleted(live.id) : undefined;
  const finish = (expectation: Expectation): Resolved => ({ request, expectation: { ...expectation, ...(learn ? { learn } : {}) } });
  const early = gate({
    guarded: true,
    auth,
    brokenPath: found.kind === 'broken',
    overlongPath: found.kind === 'overlong',
    body: sent,
    invalidParts: [...(found.kind === 'not-uuid' ? [['id']] : []), ...(sent?.invalidFields ? [sent.invalidFields] : [])],
  });
  if (early) return finish(early);
  if (!live) {
    // Which comes first for a missing task, 404 or a failed If-Match, SPEC does not say.
    const conditional = condition?.header !== undefined && condition.header !== '*';
    return finish({ ...settled, statuses: conditional ? [404, 412] : [404], invalidParts: [] });
  }
  if (condition?.matches === 'unknown') return finish({ ...settled, invalidParts: [] });
  if (condition?.matches === false) return finish({ ...settled, statuses: [412], invalidParts: [] });
  switch (plan.operation) {
    case 'GET /tasks/{id}':
      return finish({ ...settled, statuses: [200], invalidParts: [], onSuccess: readTask(shapes.task, live) });
    case 'PATCH /tasks/{id}':
      return finish(success(200, sent!.valid, { ...settled, onSuccess: updatedTask(shapes.task, live, sent!.valid!) }));
    case 'DELETE /tasks/{id}':
      return finish({ ...settled, statuses: [204], invalidParts: [], onSuccess: deletedTask });
  }
}

function resolveGuarded(plan: Extract<RequestPlan, { auth: AuthPlan }>, context: ResolveContext): Resolved {
  const headers: Record<string, string> = {};
  const auth = authorization(plan.auth, context);
  withHeader(headers, 'authorization', auth.header);
  switch (plan.operation) {
    case 'POST /tasks':
      return resolveCreate(plan, context, headers, auth.verdict);
    case 'GET /tasks':
      return resolveList(plan, context, headers, auth.verdict);
    case 'GET /tasks/{id}':
    case 'PATCH /tasks/{id}':
    case 'DELETE /tasks/{id}':
      return resolveOne(plan, context, headers, auth.verdict);
    case 'unknown route': {
      // Under /tasks a guard may run before the router's 404; elsewhere only "no such route" fits.
      const statuses = plan.path.toLowerCase().startsWith('/tasks') ? [401, 404, 405] : [404, 405];
      return { request: { method: plan.method, url: plan.path, headers }, expectation: { statuses, invalidParts: [], unparsable: false, guarded: true } };
    }
  }
}

/** The request to send for `plan`, and what SPEC.md allows as its answer given the model's state. */
export function resolve(plan: RequestPlan, context: ResolveContext): Resolved {
  switch (plan.operation) {
    case 'GET /health':
      return { request: { method: 'GET', url: '/health', headers: {} }, expectation: { statuses: [200], invalidParts: [], unparsable: false, guarded: false, onSuccess: healthy } };
    case 'POST /auth/register':
    case 'POST /auth/login':
      return resolveAccount(plan, context);
    default:
      return resolveGuarded(plan, context);
  }
}
