import type { Channel } from 'amqplib';

/** The queues every producer and worker agrees on (SPEC.md#the-queues). */
export function deadLetterQueue(queue: string): string {
  return `${queue}.dead`;
}

/** Declares the jobs queue and the dead-letter queue; both sides do, so either may start first. */
export async function declareQueues(channel: Channel, queue: string): Promise<void> {
  await channel.assertQueue(queue, { durable: true });
  await channel.assertQueue(deadLetterQueue(queue), { durable: true });
}

/**
 * The queue a job waits in for `delayMs` before its next attempt: its messages expire after that
 * long and the broker dead-letters them back onto the jobs queue. One queue per delay: a queue only
 * expires its head, so a long wait in the same queue would hold back a shorter one behind it.
 */
export async function declareDelayQueue(channel: Channel, queue: string, delayMs: number): Promise<string> {
  const name = `${queue}.retry.${delayMs}ms`;
  await channel.assertQueue(name, { durable: true, arguments: { 'x-message-ttl': delayMs, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queue } });
  return name;
}
