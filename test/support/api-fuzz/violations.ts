import type { ApiModel } from './api-model.ts';
import type { ShapeCheck } from './document-shapes.ts';
import { header, parseJson, type Expectation, type FuzzResponse } from './exchange.ts';

/** One way a response breaks SPEC.md. `rule` names the rule, so known defects can be matched by it. */
export interface Violation {
  rule: 'server-error' | 'not-problem-json' | 'problem-body' | 'no-field-errors' | 'fields-not-named' | 'no-www-authenticate' | 'unexpected-status' | 'wrong-success';
  message: string;
}

/** Every way `response` breaks SPEC.md's general rules or the expectation for its request. */
export function violationsOf(response: FuzzResponse, expectation: Expectation, model: ApiModel, problemShape: ShapeCheck): Violation[] {
  const found: Violation[] = [];
  const { status } = response;
  if (status >= 500) found.push({ rule: 'server-error', message: `answered ${status}: SPEC allows no 5xx here` });
  if (expectation.statuses && !expectation.statuses.includes(status)) {
    found.push({ rule: 'unexpected-status', message: `answered ${status}, SPEC.md says ${expectation.statuses.join(' or ')}` });
  }
  if (status >= 400) found.push(...problemViolations(response, expectation, problemShape));
  if (status >= 200 && status < 300 && expectation.onSuccess && expectation.statuses?.includes(status)) {
    found.push(...expectation.onSuccess(response, model).map((message) => ({ rule: 'wrong-success' as const, message })));
  }
  return found;
}

function problemViolations(response: FuzzResponse, expectation: Expectation, problemShape: ShapeCheck): Violation[] {
  const found: Violation[] = [];
  const contentType = header(response, 'content-type') ?? '';
  if (!contentType.startsWith('application/problem+json')) {
    found.push({ rule: 'not-problem-json', message: `an error with Content-Type ${JSON.stringify(contentType)}, not application/problem+json` });
  }
  if (response.status === 401 && expectation.guarded && !/^Bearer\b/.test(header(response, 'www-authenticate') ?? '')) {
    found.push({ rule: 'no-www-authenticate', message: `a 401 with WWW-Authenticate ${JSON.stringify(header(response, 'www-authenticate'))}` });
  }
  const parsed = parseJson(response.body);
  const body = (parsed.ok ? parsed.value : undefined) as { status?: unknown; errors?: { field?: unknown }[] } | undefined;
  const shapeProblems = parsed.ok ? problemShape(body) : ['the body is not JSON'];
  if (body && body.status !== response.status) shapeProblems.push(`status in the body is ${JSON.stringify(body.status)}`);
  if (shapeProblems.length > 0) found.push({ rule: 'problem-body', message: `${shapeProblems.join('; ')}: ${response.body.slice(0, 200)}` });
  if (response.status !== 400 || !body) return found;

  const named = new Set((Array.isArray(body.errors) ? body.errors : []).map((error) => error.field));
  if (!expectation.unparsable && !(Array.isArray(body.errors) && body.errors.length > 0)) {
    found.push({ rule: 'no-field-errors', message: 'a 400 without errors[] although the request parsed' });
  }
  // Validators stop at the first failing part of the request (path, body, query, headers), so one part named in full is enough.
  const parts = expectation.invalidParts;
  if (parts.length > 0 && !expectation.unparsable && !parts.some((fields) => fields.every((field) => named.has(field)))) {
    found.push({ rule: 'fields-not-named', message: `errors[] names ${JSON.stringify([...named])}, expected all of one of ${JSON.stringify(parts)}` });
  }
  return found;
}
