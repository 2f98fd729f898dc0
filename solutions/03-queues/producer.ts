import { randomUUID } from 'node:crypto';
import type { ConfirmChannel } from 'amqplib';
import { BrokerConnection } from './broker-connection.ts';
import { publishConfirmed } from './publish.ts';
import { declareQueues } from './topology.ts';
import type { Job, Producer, QueueOptions } from './types.ts';

/** A producer on a confirm channel: `enqueue()` resolves once the broker has the job for good. */
export async function createProducer(options: QueueOptions): Promise<Producer> {
  const broker = await BrokerConnection.open(options.url, async (connection, watch) => {
    const channel = await connection.createConfirmChannel();
    watch(channel);
    await declareQueues(channel, options.queue);
    return channel;
  });

  return {
    async enqueue(job: Job): Promise<string> {
      const id = randomUUID();
      const body = Buffer.from(JSON.stringify(job));
      // A publish whose connection drops before its confirm may or may not be on the broker: send
      // it again, with the same id, once reconnected. A duplicate is harmless (the effect is keyed
      // by the id); a lost job is not.
      for (;;) {
        const channel: ConfirmChannel = await broker.ready();
        try {
          await publishConfirmed(channel, options.queue, body, { messageId: id });
          return id;
        } catch (error) {
          if ((error as Error).message === 'message nacked') throw new Error(`The broker refused job ${id}.`, { cause: error });
          // Otherwise the channel closed before the confirm came: publish again once reconnected.
        }
      }
    },
    async depth(): Promise<number> {
      const channel = await broker.ready();
      return (await channel.checkQueue(options.queue)).messageCount;
    },
    close: () => broker.close(),
  };
}
