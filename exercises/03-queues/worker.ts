import { notImplemented } from '#not-implemented';
import type { Worker, WorkerOptions } from './types.ts';

/**
 * Connects, starts consuming the jobs queue and returns the worker (SPEC.md#bounded-concurrency).
 *
 * Each message: a poison message goes to `queue.dead` (SPEC.md#poison-messages); a job gets one
 * call to the effects service with its id as `Idempotency-Key` (SPEC.md#idempotency); then it is
 * acked, scheduled for a retry on the broker (SPEC.md#retry-backoff) or dead-lettered
 * (SPEC.md#dead-letters), and only then acknowledged (SPEC.md#crash-recovery).
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  // TODO(bounded-concurrency): a channel with prefetch(options.concurrency), consume with manual acks.
  throw notImplemented('03-queues', 'bounded-concurrency', 'startWorker()');
}
