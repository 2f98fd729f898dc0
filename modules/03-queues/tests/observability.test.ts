import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'vitest';
import type { Worker, WorkerStats } from '@wb/target/03-queues/types.ts';
import { check } from '../../../harness/testing/expectations.ts';
import { queueTest, sleep, subjectOf, thumbnail } from './support/queue-test.ts';

function picked(stats: WorkerStats): WorkerStats {
  return { inFlight: stats.inFlight, completed: stats.completed, retried: stats.retried, deadLettered: stats.deadLettered };
}

/** Waits until the worker's stats equal `expected`, and says what they were if they never do. */
async function expectStats(worker: Worker, expected: WorkerStats, after: string, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = picked(worker.stats());
  while (!isDeepStrictEqual(last, expected) && performance.now() < deadline) {
    await sleep(50);
    last = picked(worker.stats());
  }
  check(isDeepStrictEqual(last, expected), `Expected stats() ${after} to be ${JSON.stringify(expected)}, got ${JSON.stringify(last)} (SPEC.md#observability).`);
}

// Each test's timeout is longer than the waits it bounds itself, so a failure says what went wrong.
describe('observability', { timeout: 30_000 }, () => {
  test('[observability] inFlight counts the jobs held, completed those done', async () => {
    const { service, enqueueAll, worker } = await queueTest();
    service.holdAll();
    await enqueueAll([thumbnail(), thumbnail(), thumbnail()]);
    const running = await worker();
    check(await service.until(() => service.heldCount === 3, 3000), 'Expected 3 calls in flight.');
    await expectStats(running, { inFlight: 3, completed: 0, retried: 0, deadLettered: 0 }, 'with 3 calls held');
    service.releaseAll();
    await expectStats(running, { inFlight: 0, completed: 3, retried: 0, deadLettered: 0 }, 'once the 3 calls were answered');
  });

  test('[observability] retried, deadLettered and completed count exactly', async () => {
    const { service, enqueueAll, worker, probe, queue } = await queueTest({ options: { retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 200 } } });
    const [recovers, fails] = [thumbnail(), thumbnail()];
    service.plan(subjectOf(recovers), [503, 503]);
    service.plan(subjectOf(fails), [503, 503, 503]);
    const running = await worker();
    await enqueueAll([recovers, fails]);
    await probe.publish(queue, Buffer.from('not a job'), { persistent: true });
    await expectStats(running, { inFlight: 0, completed: 1, retried: 4, deadLettered: 2 }, 'after a job that failed twice then succeeded, one that failed 3 times (maxAttempts 3) and a poison message', 5000);
  });

  test('[observability] depth() counts the jobs ready on the queue', async () => {
    const { service, enqueueAll, worker, producer } = await queueTest();
    const ids = await enqueueAll(Array.from({ length: 5 }, () => thumbnail()));
    const counter = await producer();
    const before = await counter.depth();
    check(before === 5, `Expected depth() to be 5 with 5 jobs enqueued and no worker, got ${before}.`);
    await worker();
    check(await service.until(() => ids.every((id) => service.effectsOf(id) === 1), 3000), 'Expected the 5 jobs to take effect.');
    await sleep(100);
    const after = await counter.depth();
    check(after === 0, `Expected depth() to be 0 once every job was done, got ${after}.`);
  });
});
