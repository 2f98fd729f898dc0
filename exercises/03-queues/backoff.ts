import { notImplemented } from '#not-implemented';
import type { RetryPolicy } from './types.ts';

/** The wait after the `attempt`-th failed call (SPEC.md#retry-backoff). */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  throw notImplemented('03-queues', 'retry-backoff', 'retryDelayMs()');
}
