import type { Channel } from 'amqplib';
import { notImplemented } from '#not-implemented';

/** The dead-letter queue's name (SPEC.md#the-queues). */
export function deadLetterQueue(queue: string): string {
  return `${queue}.dead`;
}

/** Declares the jobs queue and the dead-letter queue; both sides do, so either may start first. */
export async function declareQueues(channel: Channel, queue: string): Promise<void> {
  // TODO(confirmed-enqueue): both durable.
  throw notImplemented('03-queues', 'confirmed-enqueue', 'declareQueues()');
}

/**
 * The queue a job waits in for `delayMs` before its next attempt, declared if missing; resolves
 * with its name (SPEC.md#retry-backoff).
 */
export async function declareDelayQueue(channel: Channel, queue: string, delayMs: number): Promise<string> {
  // TODO(retry-backoff): messages that expire after delayMs and are dead-lettered back onto `queue`.
  throw notImplemented('03-queues', 'retry-backoff', 'declareDelayQueue()');
}
