import { randomBytes } from 'node:crypto';
import amqp, { type ChannelModel, type GetMessage, type Options } from 'amqplib';
import { inject } from 'vitest';
import { startDependency } from '../../../../harness/deps/start-dependency.ts';
import type { RabbitmqInfo, Started } from '../../../../harness/deps/types.ts';

/** The run's RabbitMQ, as the harness started it. */
export function rabbitmqInfo(): RabbitmqInfo {
  const info = inject('wbDeps').rabbitmq;
  if (!info) throw new Error('This module declares no rabbitmq dependency in module.ts, so the harness did not start one.');
  return info;
}

/**
 * A RabbitMQ of the test's own, on the run's backend: the restart tests stop, kill and freeze it,
 * which the run's shared broker (other tests use it) must never be.
 */
export function startPrivateBroker(): Promise<Started<RabbitmqInfo>> {
  return startDependency('rabbitmq', { backend: rabbitmqInfo().backend });
}

/** A jobs queue name of the test's own: `wb_t_<pid>_<random>`. */
export function testQueue(): string {
  return `wb_t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** A message as the harness read it off a queue. */
export interface ReadMessage {
  readonly body: Buffer;
  readonly messageId: string | undefined;
  readonly contentType: string | undefined;
  readonly deliveryMode: number | undefined;
  readonly headers: Record<string, unknown>;
}

/**
 * The harness's own AMQP client, to look at what the learner's code left on the broker and to
 * publish what other services would. Each look takes a fresh channel: a missing queue closes the
 * channel that asked.
 */
export class BrokerProbe implements AsyncDisposable {
  private constructor(private readonly connection: ChannelModel) {}

  static async open(uri = rabbitmqInfo().uri): Promise<BrokerProbe> {
    const connection = await amqp.connect(uri, { noDelay: true });
    connection.on('error', () => {});
    return new BrokerProbe(connection);
  }

  /** Messages ready on a queue, or undefined when there is no such queue. */
  async ready(queue: string): Promise<number | undefined> {
    return this.onChannel(async (channel) => (await channel.checkQueue(queue)).messageCount).catch(() => undefined);
  }

  /** Publishes bytes to a queue through the default exchange, as another service would. */
  async publish(queue: string, body: Buffer, options: Options.Publish = {}): Promise<void> {
    await this.onChannel(async (channel) => {
      channel.sendToQueue(queue, body, options);
      await channel.waitForConfirms();
    }, true);
  }

  /** Takes every message ready on a queue off it (acked): what a human reading the queue finds. */
  async drain(queue: string): Promise<ReadMessage[] | undefined> {
    return this.onChannel(async (channel) => {
      await channel.checkQueue(queue);
      const messages: ReadMessage[] = [];
      for (let message: GetMessage | false; (message = await channel.get(queue, { noAck: true })) !== false; ) messages.push(read(message));
      return messages;
    }).catch(() => undefined);
  }

  /** Reads the messages ready on a queue and puts them back (they are redelivered, in order). */
  async peek(queue: string): Promise<ReadMessage[] | undefined> {
    return this.onChannel(async (channel) => {
      await channel.checkQueue(queue);
      const messages: GetMessage[] = [];
      for (let message: GetMessage | false; (message = await channel.get(queue)) !== false; ) messages.push(message);
      const read_ = messages.map(read);
      channel.nackAll(true);
      return read_;
    }).catch(() => undefined);
  }

  /** Deletes a test's queues (the jobs queue, its dead letters, and the delay queues named in `others`). */
  async deleteQueues(queue: string, others: readonly string[] = []): Promise<void> {
    for (const name of [queue, `${queue}.dead`, ...others]) await this.onChannel((channel) => channel.deleteQueue(name)).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private async onChannel<T>(use: (channel: amqp.ConfirmChannel) => Promise<T>, confirm = false): Promise<T> {
    const channel = confirm ? await this.connection.createConfirmChannel() : ((await this.connection.createChannel()) as amqp.ConfirmChannel);
    channel.on('error', () => {});
    try {
      return await use(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }
}

function read(message: GetMessage): ReadMessage {
  return {
    body: message.content,
    messageId: typeof message.properties.messageId === 'string' ? message.properties.messageId : undefined,
    contentType: message.properties.contentType as string | undefined,
    deliveryMode: message.properties.deliveryMode as number | undefined,
    headers: (message.properties.headers ?? {}) as Record<string, unknown>,
  };
}
