import { notImplemented } from '#not-implemented';
import type { Producer, QueueOptions } from './types.ts';

/**
 * Connects to the broker and returns a producer (SPEC.md#confirmed-enqueue).
 *
 * `enqueue(job)`: a new UUID as the job's id, the job's JSON as a persistent message on
 * `options.queue` with that id as `messageId`, resolved once the broker confirmed it (a confirm
 * channel). `depth()`: messages ready on the queue. `close()`: everything it opened.
 */
export async function createProducer(options: QueueOptions): Promise<Producer> {
  // TODO(confirmed-enqueue): amqplib's connect() and createConfirmChannel(); declare the queues
  // (SPEC.md#the-queues); reconnect when the connection closes (SPEC.md#broker-restart).
  throw notImplemented('03-queues', 'confirmed-enqueue', 'createProducer()');
}
