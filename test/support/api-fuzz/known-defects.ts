import type { FuzzRequest, FuzzResponse } from './exchange.ts';
import type { RequestPlan } from './request-plan.ts';
import type { Violation } from './violations.ts';

/**
 * Defects of the reference that the fuzz has found and that are not fixed yet. The fuzz reports
 * a violation that matches one of these instead of failing on it, and the known-defect test
 * replays each `example` and fails once it no longer shows the defect: then delete the entry,
 * and the fuzz checks that rule strictly again.
 */
export interface KnownDefect {
  id: string;
  /** The request and what the reference answers, as found. */
  description: string;
  example: RequestPlan;
  matches(exchange: { plan: RequestPlan; request: FuzzRequest; response: FuzzResponse }, violation: Violation): boolean;
}

const user = { kind: 'user', token: 'issued' } as const;

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    id: 'limit-not-finite',
    description:
      'GET /tasks?limit=Infinity (also -Infinity, 1e400): 500 instead of 400 naming limit. Beside another invalid parameter it is a 400 that does not name limit.',
    example: { operation: 'GET /tasks', auth: user, query: [{ kind: 'param', name: 'limit', text: 'Infinity' }] },
    matches: ({ plan, response }, violation) =>
      plan.operation === 'GET /tasks' &&
      plan.query.some((item) => item.kind === 'param' && item.name === 'limit' && Math.abs(Number(item.text)) === Infinity) &&
      ((response.status === 500 && ['server-error', 'unexpected-status'].includes(violation.rule)) || violation.rule === 'fields-not-named'),
  },
  {
    id: 'token-sub-not-a-user',
    description:
      'A token signed with the right secret whose sub is not a UUID (any route under /tasks), or is missing, null or names no account (POST /tasks): 500',
    example: { operation: 'GET /tasks', auth: { kind: 'odd-claims', claims: { sub: 'not-a-uuid' } }, query: [] },
    matches: ({ plan, response }, violation) =>
      'auth' in plan && (plan.auth.kind === 'odd-claims' || plan.auth.kind === 'unknown-user') && response.status === 500 && violation.rule === 'server-error',
  },
  {
    id: 'broken-url-encoding',
    description: "GET /tasks/%ff (any path with a percent-encoding that doesn't decode): 400 as application/json, Fastify's own body, not a problem",
    example: { operation: 'GET /tasks/{id}', auth: user, id: { kind: 'broken-encoding', raw: '%ff' } },
    matches: ({ plan, response }, violation) =>
      'id' in plan && plan.id.kind === 'broken-encoding' && response.status === 400 && ['not-problem-json', 'problem-body'].includes(violation.rule),
  },
  {
    id: 'lone-surrogate-text',
    description:
      'POST /tasks or PATCH /tasks/:id with a title or description holding a lone surrogate ("\\ud800", valid JSON and valid per the schema): 201/200, but the text is stored and returned as U+FFFD instead of verbatim (or refused with a 400)',
    example: { operation: 'POST /tasks', auth: user, body: { kind: 'valid', value: { title: '\ud800' } }, contentType: 'json', idempotency: { kind: 'absent' } },
    matches: ({ request }, violation) =>
      violation.rule === 'wrong-success' && / came back as /.test(violation.message) && /\\ud[89ab][0-9a-f]{2}/i.test(request.payload?.toString('utf8') ?? ''),
  },
  {
    id: 'overlong-path-parameter',
    description: "GET /tasks/<an id over 100 characters>: 414 as application/json, Fastify's own body (FST_ERR_MAX_PARAM_LENGTH), not a problem",
    example: { operation: 'GET /tasks/{id}', auth: user, id: { kind: 'not-uuid', value: 'x'.repeat(101) } },
    matches: ({ response }, violation) => response.status === 414 && ['not-problem-json', 'problem-body'].includes(violation.rule),
  },
  {
    id: 'due-at-beyond-year-9999',
    description:
      'POST /tasks or PATCH /tasks/:id with dueAt "9999-12-31T23:59:59-00:01" or "0000-01-01T00:00:00+00:01" (valid RFC 3339, accepted): the task then carries dueAt "+010000-01-01T00:00:59.000Z" / "-000001-12-31T23:59:00.000Z", which is not RFC 3339 (and is refused as input), in every answer that shows the task',
    example: { operation: 'POST /tasks', auth: user, body: { kind: 'valid', value: { title: 'x', dueAt: '9999-12-31T23:59:59-00:01' } }, contentType: 'json', idempotency: { kind: 'absent' } },
    matches: ({ response }, violation) =>
      violation.rule === 'wrong-success' && violation.message.includes('dueAt must match format "date-time"') && /"dueAt":"[+-]\d{6}-/.test(response.body),
  },
];
