import type { ApiModel } from './api-model.ts';
import type { QueryPlan } from './request-plan.ts';

/** The query string for query plans, and which of its items SPEC.md calls valid, invalid or open. */

// SPEC.md list-pagination.
const LIMIT = { min: 1, max: 100, default: 20 };
const STATUSES = ['todo', 'in_progress', 'done'];

export function query(plans: QueryPlan[], model: ApiModel): { search: string; invalidParts: string[][]; unknown: boolean; unparsable: boolean; limit: number; status: string | undefined; cursor: string | undefined } {
  const pairs: [string, string, 'valid' | 'invalid' | 'unknown', string?][] = [];
  let unparsable = false;
  for (const plan of plans) {
    if (plan.kind === 'issued-cursor') {
      const issued = model.cursors[plan.pick % Math.max(model.cursors.length, 1)];
      if (issued) pairs.push(['cursor', encodeURIComponent(issued.cursor), 'valid', issued.status ?? '']);
    } else if (plan.kind === 'broken-encoding') {
      pairs.push([plan.name, plan.raw, 'invalid']);
      unparsable = true;
    } else {
      pairs.push([plan.name, encodeURIComponent(plan.text), paramVerdict(plan.name, plan.text)]);
    }
  }
  const names = pairs.map(([name]) => name);
  const repeated = new Set(names.filter((name, index) => names.indexOf(name) !== index));
  const value = (name: string) => {
    const pair = pairs.find(([key, , verdict]) => key === name && verdict === 'valid' && !repeated.has(name));
    return pair ? decodeURIComponent(pair[1]) : undefined;
  };
  const status = value('status');
  const cursorPair = pairs.find(([key, , verdict]) => key === 'cursor' && verdict === 'valid');
  // A cursor issued under another filter: SPEC does not say whether it still holds.
  const cursorMismatch = cursorPair !== undefined && (cursorPair[3] || undefined) !== status;
  return {
    search: pairs.length > 0 ? `?${pairs.map(([name, text]) => `${encodeURIComponent(name)}=${text}`).join('&')}` : '',
    invalidParts: invalidQueryParts(pairs.filter(([name, , verdict]) => verdict === 'invalid' && !repeated.has(name)).map(([name]) => name)),
    unknown: repeated.size > 0 || cursorMismatch || pairs.some(([, , verdict]) => verdict === 'unknown'),
    unparsable,
    limit: Number(value('limit') ?? LIMIT.default),
    status,
    cursor: cursorPair ? decodeURIComponent(cursorPair[1]) : undefined,
  };
}

/**
 * A forged cursor is found by the handler, after the schema passed, so a validator cannot name it
 * together with the schema's violations: it is a part of its own.
 */
function invalidQueryParts(fields: string[]): string[][] {
  const schema = fields.filter((field) => field !== 'cursor');
  return [...(schema.length > 0 ? [schema] : []), ...(fields.includes('cursor') ? [['cursor']] : [])];
}

function paramVerdict(name: string, text: string): 'valid' | 'invalid' | 'unknown' {
  if (name === 'status') return STATUSES.includes(text) ? 'valid' : 'invalid';
  // A cursor from the API comes as `issued-cursor`; any other text is one the app did not issue.
  if (name === 'cursor') return 'invalid';
  if (name === 'limit') {
    // SPEC.md list-pagination: decimal digits only; "0x10", "+5", "5.0", "1e1" and " 5" are 400s.
    const number = Number(text);
    return /^[0-9]+$/.test(text) && number >= LIMIT.min && number <= LIMIT.max ? 'valid' : 'invalid';
  }
  return 'invalid'; // a parameter the operation does not have
}

