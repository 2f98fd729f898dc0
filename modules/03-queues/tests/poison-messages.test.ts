import { randomUUID } from 'node:crypto';
import { describe, test } from 'vitest';
import { check } from '../../../harness/testing/expectations.ts';
import { collectDeadLetters, describeHeader, headerNumber, headerText } from './support/dead-letters.ts';
import { queueTest, sleep, thumbnail } from './support/queue-test.ts';

const POISON: ReadonlyArray<readonly [string, string]> = [
  ['not JSON', '{"type":"thumbnail",'],
  ['null', 'null'],
  ['an array', '[{"type":"thumbnail","imageId":"a","width":10}]'],
  ['an unknown type', '{"type":"sms","userId":"u1","phone":"+1"}'],
  ['a width of 0', '{"type":"thumbnail","imageId":"a","width":0}'],
  ['a width of 12.5', '{"type":"thumbnail","imageId":"a","width":12.5}'],
  ['no e-mail', '{"type":"welcome-email","userId":"u1"}'],
  ['an empty imageId', '{"type":"thumbnail","imageId":"","width":64}'],
];

describe('poison-messages', () => {
  test('[poison-messages] 8 malformed messages are each on queue.dead within 1 s, once, byte for byte, never called', async () => {
    const test_ = await queueTest();
    await test_.worker();
    const ids = POISON.map(() => randomUUID());
    for (const [i, [, body]] of POISON.entries()) await test_.probe.publish(test_.queue, Buffer.from(body), { persistent: true, messageId: ids[i]!, contentType: 'application/json' });
    const dead = await collectDeadLetters(test_, POISON.length, 1000);
    check(dead !== undefined, `Expected the dead-letter queue (queue.dead) to exist for poison messages: declare it (SPEC.md#the-queues).`);
    for (const [i, [what, body]] of POISON.entries()) {
      const copies = dead.filter((message) => message.messageId === ids[i]);
      check(copies.length === 1, `Expected the message that is ${what} (${body}) on queue.dead within 1 s, once, found ${copies.length}: a message that is not a valid job goes to the dead letters at once, never back on the queue (SPEC.md#poison-messages).`);
      check(copies[0]!.body.equals(Buffer.from(body)), `Expected the dead letter of the message that is ${what} to keep its body's bytes, got ${JSON.stringify(copies[0]!.body.toString('utf8'))}.`);
      check(headerNumber(copies[0]!, 'x-attempts') === 0, `Expected x-attempts: 0 on the dead letter of a poison message (${what}): the service was never called for it; got ${describeHeader(copies[0]!, 'x-attempts')}.`);
      check((headerText(copies[0]!, 'x-last-error') ?? '').trim() !== '', `Expected an x-last-error saying what is wrong with the message that is ${what}, got ${JSON.stringify(copies[0]!.headers['x-last-error'])}.`);
    }
    await sleep(300);
    const again = (await test_.probe.drain(`${test_.queue}.dead`)) ?? [];
    check(again.length === 0, `Expected each poison message dead-lettered once, ${again.length} more copies arrived: a poison message must not be requeued.`);
    check(test_.service.calls.length === 0, `Expected no call to the service for poison messages, it got ${test_.service.calls.length}: ${JSON.stringify(test_.service.calls[0]?.body)}.`);
  });

  test('[poison-messages] a message without a messageId is dead-lettered, garbage or a valid job, and never called', async () => {
    const test_ = await queueTest();
    await test_.worker();
    const valid = JSON.stringify(thumbnail());
    await test_.probe.publish(test_.queue, Buffer.from('garbage'), { persistent: true });
    await test_.probe.publish(test_.queue, Buffer.from(valid), { persistent: true, contentType: 'application/json' });
    const dead = await collectDeadLetters(test_, 2, 1000);
    const bodies = (dead ?? []).map((message) => message.body.toString('utf8')).sort();
    check(bodies.length === 2 && bodies.includes('garbage') && bodies.includes(valid), `Expected both messages published without a messageId (garbage, and a valid job) on queue.dead within 1 s, found ${dead === undefined ? 'no queue' : JSON.stringify(bodies)}: without an id there is nothing to do a job once by (SPEC.md#jobs).`);
    check(test_.service.calls.length === 0, `Expected no call for a job without a messageId, the service got ${test_.service.calls.length} (without an id, a redelivery would repeat its effect).`);
  });

  test('[poison-messages] valid jobs around poison messages take effect, and the worker keeps running', async () => {
    const test_ = await queueTest();
    await test_.worker();
    const before = await test_.enqueueAll([thumbnail(), thumbnail()]);
    for (const [, body] of POISON) await test_.probe.publish(test_.queue, Buffer.from(body), { persistent: true, messageId: randomUUID() });
    const after = await test_.enqueueAll([thumbnail(), thumbnail()]);
    const all = [...before, ...after];
    check(await test_.service.until(() => all.every((id) => test_.service.effectsOf(id) === 1), 3000), `Expected the 4 valid jobs around 8 poison messages to take effect, ${all.filter((id) => test_.service.effectsOf(id) === 1).length} did within 3 s: one bad message must not stop the worker (catch what parsing throws).`);
  });
});
