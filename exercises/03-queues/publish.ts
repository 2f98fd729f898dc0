import type { ConfirmChannel } from 'amqplib';
import { notImplemented } from '#not-implemented';

/** Publishes a persistent JSON message to a queue and resolves once the broker confirmed it. */
export function publishConfirmed(channel: ConfirmChannel, queue: string, body: Buffer, options: { readonly messageId?: string; readonly headers?: Record<string, unknown> }): Promise<void> {
  // TODO(confirmed-enqueue): sendToQueue(…, callback) on a confirm channel: the callback is the confirm.
  throw notImplemented('03-queues', 'confirmed-enqueue', 'publishConfirmed()');
}
