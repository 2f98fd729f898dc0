import type { RetryPolicy } from './types.ts';

/** The wait after the `attempt`-th failed call: base × 2^(attempt − 1), capped (SPEC.md#retry-backoff). */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}
