import type { ReadMessage } from './broker.ts';
import type { QueueTest } from './queue-test.ts';
import { sleep } from './queue-test.ts';

/** Takes messages off `queue.dead` until `count` arrived or `timeoutMs` passed; what a human reading it finds. */
export async function collectDeadLetters(test: QueueTest, count: number, timeoutMs: number): Promise<ReadMessage[] | undefined> {
  const found: ReadMessage[] = [];
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const taken = await test.probe.drain(`${test.queue}.dead`);
    if (taken === undefined && performance.now() > deadline) return undefined;
    found.push(...(taken ?? []));
    if (found.length >= count || performance.now() > deadline) return found;
    await sleep(50);
  }
}

/**
 * A header that is a number on the wire (any AMQP integer or float), or undefined: a number sent
 * as text is not one (SPEC.md#the-queues says a number), and its consumers would compare strings.
 */
export function headerNumber(message: ReadMessage, name: string): number | undefined {
  const value = message.headers[name];
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The header as the broker holds it, with its type, for a failure message: `"3" (a string)`. */
export function describeHeader(message: ReadMessage, name: string): string {
  const value = message.headers[name];
  return value === undefined ? 'no such header' : `${JSON.stringify(typeof value === 'bigint' ? Number(value) : value)} (a ${Buffer.isBuffer(value) ? 'byte string' : typeof value})`;
}

export function headerText(message: ReadMessage, name: string): string | undefined {
  const value = message.headers[name];
  return typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}
