import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'vitest';
import { check } from '../../../harness/testing/expectations.ts';
import { collectDeadLetters, describeHeader, headerNumber, headerText } from './support/dead-letters.ts';
import { queueTest, sleep, subjectOf, thumbnail, welcomeEmail } from './support/queue-test.ts';

const FAST = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 400 };

// Each test's timeout is longer than the waits it bounds itself, so a failure says what went wrong.
describe('dead-letters', { timeout: 30_000 }, () => {
  test('[dead-letters] a job that always fails with 503 is called maxAttempts times, then is on queue.dead with its last error', async () => {
    const test_ = await queueTest({ options: { retry: FAST } });
    const job = welcomeEmail();
    test_.service.plan(subjectOf(job), [503, 503, 503, 503, 503, 503]);
    const [id] = await test_.enqueueAll([job]);
    await test_.worker();
    const dead = await collectDeadLetters(test_, 1, 4000);
    const calls = test_.service.callsFor(subjectOf(job)).length;
    check(dead !== undefined, `Expected the dead-letter queue (queue.dead) to exist and hold the job once its retries ran out: declare it, durable, (SPEC.md#the-queues).`);
    check(dead.length === 1, `Expected the job to be on queue.dead once its ${FAST.maxAttempts} attempts failed, found ${dead.length} messages there within 4 s after ${calls} calls (SPEC.md#dead-letters).`);
    check(calls === FAST.maxAttempts, `Expected ${FAST.maxAttempts} calls (maxAttempts) for a job that always fails, the service saw ${calls}.`);
    const [message] = dead;
    check(isDeepStrictEqual(JSON.parse(message!.body.toString('utf8')), job), `Expected the dead letter's body to be the job as received, got ${message!.body.toString('utf8').slice(0, 200)}.`);
    check(message!.messageId === id, `Expected the dead letter to keep the job's messageId ${id}, got ${JSON.stringify(message!.messageId)}.`);
    check(headerNumber(message!, 'x-attempts') === FAST.maxAttempts, `Expected the header x-attempts: ${FAST.maxAttempts} on the dead letter, a number, got ${describeHeader(message!, 'x-attempts')} (SPEC.md#the-queues).`);
    check(/503/.test(headerText(message!, 'x-last-error') ?? ''), `Expected the header x-last-error to say the last call failed with 503, got ${JSON.stringify(headerText(message!, 'x-last-error'))}.`);
  });

  test('[dead-letters] a job answered 422 is dead-lettered at once, after one call', async () => {
    const test_ = await queueTest({ options: { retry: FAST } });
    const job = thumbnail();
    test_.service.plan(subjectOf(job), [422, 422, 422]);
    const [id] = await test_.enqueueAll([job]);
    await test_.worker();
    const dead = await collectDeadLetters(test_, 1, 2000);
    check(dead?.length === 1, `Expected a job answered 422 to be on queue.dead at once (a 4xx other than 429 is permanent), found ${dead?.length ?? 'no queue'} there within 2 s after ${test_.service.callsFor(subjectOf(job)).length} calls (SPEC.md#dead-letters).`);
    await sleep(300);
    const calls = test_.service.callsFor(subjectOf(job)).length;
    check(calls === 1, `Expected one call for a job answered 422 (retrying a permanent failure cannot help), the service saw ${calls}.`);
    check(dead[0]!.messageId === id && headerNumber(dead[0]!, 'x-attempts') === 1, `Expected the dead letter to keep messageId ${id} and carry x-attempts: 1, got ${JSON.stringify(dead[0]!.messageId)} and ${describeHeader(dead[0]!, 'x-attempts')}.`);
    check(/422/.test(headerText(dead[0]!, 'x-last-error') ?? ''), `Expected x-last-error to name the 422, got ${JSON.stringify(headerText(dead[0]!, 'x-last-error'))}.`);
  });

  test('[dead-letters] a dead-lettered job is neither on the queue nor called again, and the worker goes on', async () => {
    const test_ = await queueTest({ options: { retry: FAST } });
    const doomed = thumbnail();
    test_.service.plan(subjectOf(doomed), [400]);
    await test_.enqueueAll([doomed]);
    await test_.worker();
    check((await collectDeadLetters(test_, 1, 2000))?.length === 1, 'Expected the job answered 400 on queue.dead.');
    const next = welcomeEmail();
    const [id] = await test_.enqueueAll([next]);
    check(await test_.service.until(() => test_.service.effectsOf(id!) === 1, 2000), 'Expected the worker to go on with the next job after a dead letter, it did not take effect within 2 s.');
    await sleep(500);
    check(test_.service.callsFor(subjectOf(doomed)).length === 1, `Expected no more calls for the dead-lettered job, the service saw ${test_.service.callsFor(subjectOf(doomed)).length}: acknowledge it on the jobs queue once its dead letter is confirmed.`);
    const ready = await test_.probe.ready(test_.queue);
    check(ready === 0, `Expected nothing left on the jobs queue, found ${ready} messages.`);
  });
});
