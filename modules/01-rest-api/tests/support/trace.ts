import { specLink } from '../../../../harness/testing/requirement.ts';
import { currentRequirement } from '../../../../harness/testing/requirement.ts';

export const MODULE_ID = '01-rest-api';

/** What the grader sent and what came back, as the learner would type and read it. */
export interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly requestBody?: unknown;
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

const clip = (text: string, max = 240): string => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

export function formatExchange(exchange: Exchange): string {
  const sent = exchange.requestBody === undefined ? '' : ` ${clip(typeof exchange.requestBody === 'string' ? exchange.requestBody : JSON.stringify(exchange.requestBody), 160)}`;
  return [`  $ ${exchange.method} ${exchange.url}${sent}`, `  ← ${exchange.status} ${exchange.contentType || '(no content-type)'} ${clip(exchange.text)}`].join('\n');
}

/**
 * A failure message that says what was expected, shows the exchange that broke it, and points
 * at the SPEC section of the test's requirement.
 */
export function because(expectation: string, exchange?: Exchange): string {
  const trace = exchange ? `\n${formatExchange(exchange)}` : '';
  return `${expectation}${trace}\n  → see ${specLink(MODULE_ID, currentRequirement())}`;
}
