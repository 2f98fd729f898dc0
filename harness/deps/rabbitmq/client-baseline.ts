import amqp, { type Channel, type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { OperationBaseline } from '../provider.ts';
import type { RabbitmqInfo } from '../types.ts';

/**
 * The `rabbitmq` baseline: one job's trip through the broker with nothing of a learner's in it.
 * A persistent message published on a confirm channel (resolved by the broker's confirm) and
 * consumed with a manual ack; the operation ends when its own message is delivered.
 */
export const rabbitmqClientBaseline: OperationBaseline<RabbitmqInfo> = {
  description: 'raw amqplib: a persistent publish with confirms, consumed with an ack',
  open: async (info) => {
    const connection: ChannelModel = await amqp.connect(info.uri, { noDelay: true });
    connection.on('error', () => {});
    const publisher: ConfirmChannel = await connection.createConfirmChannel();
    const consumer: Channel = await connection.createChannel();
    await consumer.prefetch(100);
    const { queue } = await consumer.assertQueue('', { exclusive: true, durable: false });
    const waiting = new Map<string, () => void>();
    await consumer.consume(queue, (message) => {
      if (!message) return;
      consumer.ack(message);
      const id = message.properties.messageId as string;
      waiting.get(id)?.();
      waiting.delete(id);
    });
    return {
      operation: async (index) => {
        const id = String(index);
        const delivered = new Promise<void>((resolve) => waiting.set(id, resolve));
        await new Promise<void>((resolve, reject) =>
          publisher.sendToQueue(queue, Buffer.from(JSON.stringify({ index })), { persistent: true, messageId: id, contentType: 'application/json' }, (error) => (error ? reject(error) : resolve())),
        );
        await delivered;
      },
      close: async () => void (await connection.close().catch(() => undefined)),
    };
  },
};
