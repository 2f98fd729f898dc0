import { STATUS_CODES } from 'node:http';
import type { ApiResponse } from './api-client.ts';
import { because } from './trace.ts';

/** A failed expectation of the grader: the message is the whole story, so no diff is shown. */
export class GradingAssertionError extends Error {
  override readonly name = 'AssertionError';
}

export function fail(expectation: string, response?: ApiResponse): never {
  throw new GradingAssertionError(because(expectation, response));
}

export function check(condition: unknown, expectation: string, response?: ApiResponse): asserts condition {
  if (!condition) fail(expectation, response);
}

const statusText = (status: number): string => `${status} ${STATUS_CODES[status] ?? ''}`.trim();

export function expectStatus(response: ApiResponse, expected: number, what = `from ${response.method} ${response.url.split('?')[0]}`): void {
  check(response.status === expected, `Expected ${statusText(expected)} ${what}, got ${statusText(response.status)}.`, response);
}

/** Status, problem+json content type, and the problem fields the SPEC requires. */
export function expectProblem(response: ApiResponse, expected: number, what?: string): void {
  expectStatus(response, expected, what);
  check(response.contentType.startsWith('application/problem+json'), `Expected Content-Type application/problem+json on a ${expected} error, got '${response.contentType}'.`, response);
  const body = response.body as { type?: unknown; title?: unknown; status?: unknown } | undefined;
  check(body && typeof body.type === 'string' && typeof body.title === 'string', `Expected a problem body with string fields \`type\` and \`title\`, got ${response.body === undefined ? 'a body that is not JSON' : JSON.stringify({ type: body?.type, title: body?.title })}.`, response);
  check(body.status === expected, `Expected the problem body's \`status\` to be ${expected} (the HTTP status), got ${JSON.stringify(body.status)}.`, response);
}

/** A 400 whose `errors[]` names the given field (property name, e.g. `title`). */
export function expectFieldError(response: ApiResponse, field: string): void {
  expectProblem(response, 400);
  const errors = (response.body as { errors?: unknown }).errors;
  check(Array.isArray(errors), `Expected a 400 problem body with an \`errors\` array of { field, message }, got errors: ${JSON.stringify(errors)}.`, response);
  const fields = errors.map((entry: { field?: unknown }) => entry?.field);
  check(fields.includes(field), `Expected errors[] to name the field '${field}', got fields ${JSON.stringify(fields)}.`, response);
}
