import { describe, test } from 'vitest';
import { check } from '../../../harness/testing/expectations.ts';
import type { EffectsService } from './support/effects-service.ts';
import { queueTest, sleep, subjectOf, thumbnail, welcomeEmail } from './support/queue-test.ts';

function exactlyOnce(service: EffectsService, ids: readonly string[], what: string): void {
  const lost = ids.filter((id) => service.effectsOf(id) === 0);
  const twice = ids.filter((id) => service.effectsOf(id) > 1);
  check(lost.length === 0, `Expected every one of ${ids.length} jobs to take effect ${what}, ${lost.length} never did (first: ${lost[0]}): acknowledge a job only after its call succeeded, so the broker gives a killed worker's jobs to another (SPEC.md#crash-recovery).`);
  check(twice.length === 0, `Expected every job to take effect once ${what}, ${twice.length} took effect more than once (SPEC.md#idempotency).`);
}

// Each test's timeout is longer than the waits it bounds itself, so a failure says what went wrong.
describe('crash-recovery', { timeout: 45_000 }, () => {
  test('[crash-recovery] a worker killed while its calls are held: another worker does those jobs, each of 40 once', async () => {
    const { service, enqueueAll, workerProcess, worker } = await queueTest();
    service.holdAll();
    const ids = await enqueueAll(Array.from({ length: 40 }, (_, i) => (i % 2 ? thumbnail() : welcomeEmail())));
    const doomed = await workerProcess();
    check(await service.until(() => service.heldCount === 4, 5000), `Expected the worker process to make 4 calls (concurrency 4), the service holds ${service.heldCount}.`);
    doomed.kill('SIGKILL');
    await doomed.exited;
    service.releaseAll();
    await worker();
    await service.until(() => ids.every((id) => service.effectsOf(id) >= 1), 8000);
    exactlyOnce(service, ids, 'after their first worker was killed with 4 calls in flight');
  });

  test('[crash-recovery] a later job done while an earlier one is held: the worker killed then, the earlier one is not lost', async () => {
    const { service, enqueueAll, workerProcess, worker, probe, queue } = await queueTest();
    const [earlier, later] = [thumbnail(), thumbnail()];
    service.plan(subjectOf(earlier), ['hold']);
    // In this order on the queue, so the held job has the smaller delivery tag.
    const [heldId] = await enqueueAll([earlier]);
    const [doneId] = await enqueueAll([later]);
    const doomed = await workerProcess();
    check(await service.until(() => service.heldCount === 1 && service.effectsOf(doneId!) === 1, 5000), 'Expected the worker process to hold the first job\'s call and complete the second.');
    // The later job's ack reaches the broker; then the worker dies with the earlier one in flight.
    await sleep(300);
    doomed.kill('SIGKILL');
    await doomed.exited;
    service.releaseAll();
    const ready = await probe.ready(queue);
    check(ready === 1, `Expected the held job back on the jobs queue once its worker was killed, found ${ready} messages: acknowledging the later job acknowledged the earlier one too — ack each message alone (channel.ack(message), not ack(message, true)) (SPEC.md#crash-recovery).`);
    await worker();
    check(await service.until(() => service.effectsOf(heldId!) === 1, 3000), 'Expected the held job to take effect on another worker.');
  });

  test('[crash-recovery] two worker processes, one killed in the middle of 60 jobs and started again: each job once, none lost', async () => {
    const { service, enqueueAll, workerProcess } = await queueTest();
    service.latencyMs = 15;
    const ids = await enqueueAll(Array.from({ length: 60 }, (_, i) => (i % 2 ? thumbnail() : welcomeEmail())));
    const [a] = await Promise.all([workerProcess(), workerProcess()]);
    check(await service.until(() => service.effects >= 15, 8000), `Expected the two workers to get going, ${service.effects} effects within 8 s.`);
    a!.kill('SIGKILL');
    await a!.exited;
    await workerProcess();
    await service.until(() => ids.every((id) => service.effectsOf(id) >= 1), 10_000);
    exactlyOnce(service, ids, 'with one of two workers killed in the middle');
  });
});
