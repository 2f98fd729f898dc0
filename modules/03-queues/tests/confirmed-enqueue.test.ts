import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'vitest';
import { check } from '../../../harness/testing/expectations.ts';
import { queueTest, thumbnail, welcomeEmail } from './support/queue-test.ts';

describe('confirmed-enqueue', () => {
  test('[confirmed-enqueue] each job is one persistent JSON message on the queue, its id as messageId', async () => {
    const { queue, probe, enqueueAll } = await queueTest();
    const jobs = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? thumbnail() : welcomeEmail()));
    const ids = await enqueueAll(jobs);
    check(ids.every((id) => typeof id === 'string' && id.length > 0), `Expected enqueue() to resolve with the job's id (a string), got ${JSON.stringify(ids.slice(0, 3))}.`);
    check(new Set(ids).size === ids.length, `Expected 20 jobs enqueued at once to get 20 different ids, got ${new Set(ids).size}: give each job a new UUID (crypto.randomUUID()).`);
    const messages = await probe.peek(queue);
    check(messages !== undefined, `Expected the jobs queue to exist after enqueue() resolved: the producer declares it (durable) (SPEC.md#the-queues).`);
    check(messages.length === jobs.length, `Expected ${jobs.length} messages on the jobs queue after ${jobs.length} enqueue() calls resolved (no worker running), found ${messages.length}: one message per job (SPEC.md#jobs).`);
    for (const message of messages) {
      const index = ids.indexOf(message.messageId ?? '');
      check(index >= 0, `Expected each message's messageId to be the id enqueue() resolved with, found ${JSON.stringify(message.messageId)} (SPEC.md#jobs).`);
      let body: unknown;
      try {
        body = JSON.parse(message.body.toString('utf8'));
      } catch {
        body = message.body.toString('utf8');
      }
      check(isDeepStrictEqual(body, jobs[index]), `Expected the message of job ${ids[index]} to carry the job as JSON, ${JSON.stringify(jobs[index])}, found ${JSON.stringify(body)} (SPEC.md#jobs).`);
      check(message.contentType === 'application/json', `Expected contentType 'application/json' on each job's message, found ${JSON.stringify(message.contentType)} (SPEC.md#jobs).`);
      check(message.deliveryMode === 2, `Expected each job's message to be persistent (deliveryMode 2), found deliveryMode ${JSON.stringify(message.deliveryMode)}: a transient message is lost when the broker restarts, even on a durable queue (publish with { persistent: true }).`);
    }
  });
});
