import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { retryDelayMs } from './backoff.ts';
import { BrokerConnection } from './broker-connection.ts';
import { EffectsClient } from './effects-client.ts';
import { parseJob } from './job.ts';
import { publishConfirmed } from './publish.ts';
import { deadLetterQueue, declareDelayQueue, declareQueues } from './topology.ts';
import type { Worker, WorkerOptions, WorkerStats } from './types.ts';

/** How many calls were made for a job before this delivery: carried on its retry copies. */
const ATTEMPTS_HEADER = 'x-attempts';

interface Consuming {
  readonly channel: ConfirmChannel;
  readonly consumerTag: string;
}

/**
 * A worker: consumes the jobs queue with manual acks and a prefetch of `concurrency`, makes each
 * job's call, and settles each delivery only once its outcome is safe on the broker: acked after
 * the effect, after its retry copy was confirmed on a delay queue, or after its dead letter was.
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const effects = new EffectsClient(options.servicesUrl, options.callTimeoutMs);
  const counters = { completed: 0, retried: 0, deadLettered: 0 };
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  const settle = async (channel: ConfirmChannel, message: ConsumeMessage): Promise<void> => {
    const id = typeof message.properties.messageId === 'string' && message.properties.messageId !== '' ? message.properties.messageId : undefined;
    const parsed = parseJob(message.content);
    if ('problem' in parsed || id === undefined) {
      await deadLetter(channel, message, 0, `poison message: ${'problem' in parsed ? parsed.problem : 'no messageId, so nothing to do the job once by'}`);
      return;
    }
    const attempt = Number(message.properties.headers?.[ATTEMPTS_HEADER] ?? 0) + 1;
    const outcome = await effects.call(parsed.job, id);
    if (outcome.kind === 'done') {
      channel.ack(message);
      counters.completed++;
    } else if (outcome.kind === 'permanent' || attempt >= options.retry.maxAttempts) {
      const why = outcome.kind === 'permanent' ? `${outcome.error} (permanent)` : `${outcome.error} after ${attempt} attempts`;
      await deadLetter(channel, message, attempt, why);
    } else {
      const delayQueue = await declareDelayQueue(channel, options.queue, retryDelayMs(attempt, options.retry));
      await publishConfirmed(channel, delayQueue, message.content, { messageId: id, headers: { [ATTEMPTS_HEADER]: attempt } });
      channel.ack(message);
      counters.retried++;
    }
  };

  const deadLetter = async (channel: ConfirmChannel, message: ConsumeMessage, attempts: number, lastError: string): Promise<void> => {
    const id = message.properties.messageId as string | undefined;
    await publishConfirmed(channel, deadLetterQueue(options.queue), message.content, { ...(id ? { messageId: id } : {}), headers: { [ATTEMPTS_HEADER]: attempts, 'x-last-error': lastError } });
    channel.ack(message);
    counters.deadLettered++;
  };

  const broker = await BrokerConnection.open<Consuming>(options.url, async (connection, watch) => {
    const channel = await connection.createConfirmChannel();
    watch(channel);
    await channel.prefetch(options.concurrency);
    await declareQueues(channel, options.queue);
    const { consumerTag } = await channel.consume(options.queue, (message) => {
      if (!message) return; // the queue was deleted: the connection is replaced
      // Delivered while the consumer was being cancelled: it goes back for another worker.
      if (closing) return channel.nack(message, false, true);
      const work = settle(channel, message)
        // The channel closed under the job (a broker restart): the broker gives it out again,
        // and the idempotency key keeps its effect from happening twice.
        .catch(() => undefined)
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    });
    return { channel, consumerTag };
  });

  return {
    stats: (): WorkerStats => ({ inFlight: inFlight.size, ...counters }),
    async close(): Promise<void> {
      if (closing) return;
      closing = true;
      if (broker.connected) {
        const { channel, consumerTag } = await broker.ready();
        await channel.cancel(consumerTag).catch(() => undefined);
      }
      await Promise.all(inFlight);
      await broker.close();
      effects.close();
    },
  };
}
