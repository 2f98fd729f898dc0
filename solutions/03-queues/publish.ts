import type { ConfirmChannel } from 'amqplib';

/** Publishes a persistent JSON message to a queue and resolves once the broker confirmed it. */
export function publishConfirmed(channel: ConfirmChannel, queue: string, body: Buffer, options: { readonly messageId?: string; readonly headers?: Record<string, unknown> }): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      channel.sendToQueue(queue, body, { persistent: true, contentType: 'application/json', ...(options.messageId ? { messageId: options.messageId } : {}), ...(options.headers ? { headers: options.headers } : {}) }, (error) => (error ? reject(error) : resolve()));
    } catch (error) {
      reject(error as Error); // the channel closed under us
    }
  });
}
