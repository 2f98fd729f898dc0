import type { Expectation } from './exchange.ts';
import type { AuthVerdict } from './resolve-auth.ts';
import type { BodyOutcome } from './resolve-body.ts';

/**
 * Fastify's order, which SPEC.md follows: the router reads the path, then the onRequest guard
 * authenticates, then the body is parsed, then path, body, query and headers are validated.
 */
/** The expectation when authentication, body parsing or validation decides the answer; undefined when they all pass. */
export function gate(options: {
  guarded: boolean;
  auth?: AuthVerdict;
  brokenPath?: boolean;
  overlongPath?: boolean;
  body?: BodyOutcome | undefined;
  invalidParts: string[][];
  brokenQuery?: boolean;
  unknown?: boolean;
}): Expectation | undefined {
  const unparsable = Boolean(options.brokenPath || options.overlongPath || options.body?.early?.unparsable || options.brokenQuery);
  const base = { invalidParts: [] as string[][], unparsable, guarded: options.guarded };
  // The router reads the path before any hook runs.
  if (options.brokenPath) return { ...base, statuses: [400, 404] };
  if (options.overlongPath) {
    // The router may refuse it first (400, 404, 414); if it does not, it is just an id that is not a UUID.
    const otherwise = gate({ ...options, overlongPath: false });
    return { ...base, ...(otherwise?.statuses ? { statuses: [...new Set([400, 404, 414, ...otherwise.statuses])] } : {}) };
  }
  if (options.auth === 'rejected') return { ...base, statuses: [401] };
  // A token SPEC neither accepts nor rejects: whatever follows, only the invariants apply.
  if (options.auth === 'odd') return base;
  if (options.body?.early) return { ...base, statuses: options.body.early.statuses };
  // With an item SPEC leaves open beside them, the validator may stop at that one: a 400 still, naming whatever it found.
  if (options.invalidParts.length > 0) return { ...base, statuses: [400], invalidParts: options.unknown ? [] : options.invalidParts };
  if (options.unknown) return base;
  return undefined;
}

