import { afterAll, beforeAll, describe, test } from 'vitest';
import type { RabbitmqInfo, Started } from '../../../harness/deps/types.ts';
import { check } from '../../../harness/testing/expectations.ts';
import { BrokerProbe, startPrivateBroker } from './support/broker.ts';
import { queueTest, sleep, thumbnail, welcomeEmail } from './support/queue-test.ts';

// A broker of this file's own: its tests stop, kill and freeze it, and restart it in between.
let broker: Started<RabbitmqInfo>;
beforeAll(async () => {
  broker = await startPrivateBroker();
}, 60_000);
afterAll(async () => {
  await broker?.stop();
});

/** A job whose enqueue() resolved: the producer was told the broker has it. */
async function enqueueTracked(enqueue: () => Promise<string>, accepted: string[]): Promise<void> {
  try {
    accepted.push(await enqueue());
  } catch {
    // Rejected while the broker was away: the caller knows it was not accepted.
  }
}

/** Connection attempts through a relay, with when each came. */
function attemptCounter(): { times: number[]; hooks: { connected: () => void } } {
  const times: number[] = [];
  return { times, hooks: { connected: () => void times.push(performance.now()) } };
}

async function restartsCleanly(how: 'halt' | 'crash'): Promise<void> {
  const upstream = broker.info;
  const [producerAttempts, workerAttempts] = [attemptCounter(), attemptCounter()];
  const { service, producer, worker, relay } = await queueTest({ url: upstream.uri });
  const [producerRelay, workerRelay] = [await relay(producerAttempts.hooks), await relay(workerAttempts.hooks)];
  service.latencyMs = 10;
  const jobs = await producer(producerRelay.proxyUrl(upstream.uri));
  await worker({ url: workerRelay.proxyUrl(upstream.uri) });
  const accepted: string[] = [];
  const first = Array.from({ length: 40 }, (_, i) => enqueueTracked(() => jobs.enqueue(i % 2 ? thumbnail() : welcomeEmail()), accepted));
  check(await service.until(() => service.effects >= 5, 5000), 'Expected the worker to get going before the broker goes away.');
  const wentAway = performance.now();
  await broker[how]();
  const during = Array.from({ length: 5 }, () => enqueueTracked(() => jobs.enqueue(thumbnail()), accepted));
  await sleep(2000);
  await broker.resume();
  const back = performance.now();
  const away = (back - wentAway) / 1000;
  // Jobs enqueued once the broker answers again: each must be accepted within 5 s.
  const after = await Promise.all(
    Array.from({ length: 10 }, async () => {
      const begun = performance.now();
      const settled = await Promise.race([jobs.enqueue(thumbnail()).then((id) => ({ id }), (error: Error) => ({ error: error.message })), sleep(5000).then(() => ({ error: 'no answer within 5 s' }))]);
      return { ...settled, ms: performance.now() - begun };
    }),
  );
  const failed = after.find((result) => 'error' in result);
  check(failed === undefined, `Expected enqueue() to be accepted within 5 s once the broker answered again (${how === 'halt' ? 'stopped' : 'killed'} for ${away.toFixed(1)} s), one ${failed && 'error' in failed ? failed.error : ''}: reconnect by yourself when the connection closes, and publish on the new channel (SPEC.md#broker-restart).`);
  await Promise.all([...first, ...during]);
  const all = [...accepted, ...after.map((result) => (result as { id: string }).id)];
  const done = await service.until(() => all.every((id) => service.effectsOf(id) >= 1), 15_000);
  const lost = all.filter((id) => service.effectsOf(id) === 0);
  check(done, `Expected every one of the ${all.length} jobs whose enqueue() resolved to take effect after the broker came back, ${lost.length} never did within 15 s: the worker must reconnect and consume again (SPEC.md#broker-restart), and a resolved enqueue() means the broker had the job (SPEC.md#confirmed-enqueue).`);
  const twice = all.filter((id) => service.effectsOf(id) > 1);
  check(twice.length === 0, `Expected each job to take effect once across the restart, ${twice.length} took effect twice (SPEC.md#idempotency).`);
  for (const [who, attempts] of [['producer', producerAttempts.times], ['worker', workerAttempts.times]] as const) {
    const whileAway = attempts.filter((time) => time > wentAway && time < back);
    const perSecond = whileAway.length / away;
    check(perSecond <= 10, `Expected the ${who} to try to reconnect at most 10 times a second while the broker was away, it tried ${whileAway.length} times in ${away.toFixed(1)} s: wait between tries, longer after each (SPEC.md#broker-restart).`);
    const gaps = [wentAway, ...whileAway, back].slice(1).map((time, i, list) => time - (i === 0 ? wentAway : list[i - 1]!));
    const longest = Math.max(...gaps);
    check(longest <= 2600, `Expected the ${who} to try to reconnect at least every 2 s while the broker was away, it waited ${(longest / 1000).toFixed(1)} s between tries (cap the backoff at 2 s) (SPEC.md#broker-restart).`);
  }
}

// Each test's timeout is longer than the waits it bounds itself, so a failure says what went wrong.
describe('broker-restart', { timeout: 90_000 }, () => {
  test('[confirmed-enqueue] with the broker frozen, enqueue() does not resolve; it does once the broker is thawed', async () => {
    const { producer } = await queueTest({ url: broker.info.uri });
    const jobs = await producer();
    await jobs.enqueue(thumbnail());
    await broker.freeze();
    let resolved = false;
    const pending = jobs.enqueue(thumbnail()).then(() => (resolved = true));
    pending.catch(() => {});
    await sleep(500);
    const early = resolved;
    await broker.resume();
    check(!early, 'Expected enqueue() to wait for the broker\'s confirm, but it resolved while the broker was frozen (answering nothing): publish on a confirm channel and resolve on its confirm (SPEC.md#confirmed-enqueue).');
    const settled = await Promise.race([pending.then(() => 'resolved', () => 'rejected'), sleep(5000).then(() => 'pending')]);
    check(settled === 'resolved', `Expected enqueue() to resolve once the broker was thawed and confirmed the job, it was ${settled} after 5 s.`);
  });

  for (const [how, what] of [['halt', 'stopped cleanly'], ['crash', 'killed (SIGKILL)']] as const) {
    test(`[confirmed-enqueue] jobs whose enqueue() resolved are on the queue after the broker was ${what} and started again`, async () => {
      const { producer, queue } = await queueTest({ url: broker.info.uri });
      const jobs = await producer();
      const ids = await Promise.all(Array.from({ length: 30 }, () => jobs.enqueue(thumbnail())));
      await broker[how]();
      await broker.resume();
      await using probe = await BrokerProbe.open(broker.info.uri);
      const ready = await probe.ready(queue);
      check(ready !== undefined, `Expected the jobs queue to survive the broker being ${what}: declare it durable (SPEC.md#confirmed-enqueue).`);
      check(ready === ids.length, `Expected the ${ids.length} jobs whose enqueue() resolved on the jobs queue after the broker was ${what} and started again, found ${ready}: publish them persistent (deliveryMode 2) and resolve only on the broker's confirm (SPEC.md#confirmed-enqueue).`);
    });
  }

  test('[broker-restart] the broker stopped for 2 s in the middle of 40 jobs: none lost, none twice, reconnects with backoff', async () => {
    await restartsCleanly('halt');
  });

  test('[broker-restart] the broker killed (SIGKILL) in the middle of 40 jobs: none lost, none twice, reconnects with backoff', async () => {
    await restartsCleanly('crash');
  });

  test('[broker-restart] a job published just before the broker died, its confirm lost with the connection, is published again', async () => {
    const { producer, worker, service } = await queueTest({ url: broker.info.uri });
    const jobs = await producer();
    await jobs.enqueue(thumbnail());
    // Frozen, the broker reads nothing: the publish waits in its socket, then dies with it.
    await broker.freeze();
    let outcome: { id: string } | { error: string } | undefined;
    void jobs.enqueue(thumbnail()).then(
      (id) => (outcome = { id }),
      (error: Error) => (outcome = { error: error.message }),
    );
    await sleep(300);
    await broker.crash();
    await broker.resume();
    await worker();
    const settled = await service.until(() => outcome !== undefined, 10_000);
    check(settled && outcome && 'id' in outcome, `Expected enqueue() of a job whose confirm was lost with the connection to publish it again once reconnected and resolve, ${outcome ? `it rejected: ${(outcome as { error: string }).error}` : 'it had not settled 10 s after the broker answered again'} (SPEC.md#broker-restart).`);
    const id = (outcome as { id: string }).id;
    check(await service.until(() => service.effectsOf(id) === 1, 5000), `Expected the job to take effect: enqueue() resolved with ${id}, but the broker never had the job. A publish that was never confirmed is not delivered: resolve enqueue() on the confirm only, and send the job again when the connection is lost before it (SPEC.md#broker-restart).`);
  });
});
