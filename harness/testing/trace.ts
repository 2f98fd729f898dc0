import { inject } from 'vitest';
import { currentRequirement, specLink } from './requirement.ts';

/** The module the run grades, as its global set-up provided it. */
export const gradedModule = (): string => inject('wbModule');

/** What the grader sent and what came back, as the learner would type and read it. */
export interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly requestBody?: unknown;
  /** Headers the grader chose to send (If-Match, Idempotency-Key…), beyond the token and content type. */
  readonly requestHeaders?: Readonly<Record<string, string>>;
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** Response headers, names in lower case. */
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
}

// Headers every response has and no test is about: they would crowd out the ones that matter.
const ROUTINE_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);

function formatHeaders(headers: Exchange['headers']): string {
  const shown = Object.entries(headers ?? {}).filter(([name, value]) => value !== undefined && !ROUTINE_HEADERS.has(name));
  return shown.length === 0 ? '' : `\n    headers: ${clip(shown.map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`).join(' · '), 300)}`;
}

const clip = (text: string, max = 240): string => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

export function formatExchange(exchange: Exchange): string {
  const sent = exchange.requestBody === undefined ? '' : ` ${clip(typeof exchange.requestBody === 'string' ? exchange.requestBody : JSON.stringify(exchange.requestBody), 160)}`;
  const extra = Object.entries(exchange.requestHeaders ?? {}).map(([name, value]) => ` -H '${name}: ${value}'`).join('');
  return [`  $ ${exchange.method} ${exchange.url}${extra}${sent}`, `  ← ${exchange.status} ${exchange.contentType || '(no content-type)'} ${clip(exchange.text)}${formatHeaders(exchange.headers)}`].join('\n');
}

/**
 * A failure message that says what was expected, shows the exchange that broke it, and points
 * at the SPEC section of the test's requirement.
 */
export function because(expectation: string, exchange?: Exchange): string {
  const trace = exchange ? `\n${formatExchange(exchange)}` : '';
  return `${expectation}${trace}\n  → see ${specLink(gradedModule(), currentRequirement())}`;
}
