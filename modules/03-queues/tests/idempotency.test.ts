import { describe, test } from 'vitest';
import { check } from '../../../harness/testing/expectations.ts';
import { queueTest, sleep, subjectOf, thumbnail, welcomeEmail } from './support/queue-test.ts';

// Each test's timeout is longer than the waits it bounds itself, so a failure says what went wrong.
describe('idempotency', { timeout: 30_000 }, () => {
  test('[idempotency] every call carries Idempotency-Key: the id enqueue() resolved with', async () => {
    const { service, enqueueAll, worker } = await queueTest();
    const jobs = [thumbnail(), welcomeEmail(), thumbnail(), welcomeEmail(), thumbnail()];
    const ids = await enqueueAll(jobs);
    await worker();
    check(await service.until(() => service.calls.length >= jobs.length && service.inFlight === 0, 3000), `Expected ${jobs.length} calls, the service saw ${service.calls.length} within 3 s.`);
    for (const [i, job] of jobs.entries()) {
      const keys = service.callsFor(subjectOf(job)).map((call) => call.key);
      check(keys.length === 1 && keys[0] === ids[i], `Expected the call for job ${ids[i]} to carry Idempotency-Key: ${ids[i]}, it carried ${JSON.stringify(keys[0] ?? null)} (SPEC.md#idempotency).`);
    }
  });

  test('[idempotency] a job retried twice carries the same key on all three calls', async () => {
    const { service, enqueueAll, worker } = await queueTest();
    const job = welcomeEmail();
    service.plan(subjectOf(job), [500, 502]);
    const [id] = await enqueueAll([job]);
    await worker();
    check(await service.until(() => service.callsFor(subjectOf(job)).length === 3 && service.inFlight === 0, 4000), `Expected 3 calls for a job that failed twice, the service saw ${service.callsFor(subjectOf(job)).length}.`);
    const keys = service.callsFor(subjectOf(job)).map((call) => call.key ?? null);
    check(keys.every((key) => key === id), `Expected Idempotency-Key: ${id} on every attempt of the job, got ${JSON.stringify(keys)}: a retry is the same job, with the same id (keep messageId on the copy you publish).`);
  });

  test('[idempotency] a job performed but never acknowledged (its worker stopped, then killed) takes effect once when it comes back', async () => {
    const { service, enqueueAll, workerProcess, worker, probe, queue } = await queueTest();
    const job = thumbnail();
    service.plan(subjectOf(job), ['hold']);
    const [id] = await enqueueAll([job]);
    const first = await workerProcess();
    check(await service.until(() => service.heldCount === 1, 5000), 'Expected the worker process to call the service for the job.');
    // Stopped before the answer reaches it, the worker cannot acknowledge: the effect happens, the ack never does.
    first.kill('SIGSTOP');
    service.releaseAll();
    check(await service.until(() => service.effectsOf(id!) === 1, 2000), 'Expected the held call to be answered and its effect performed.');
    first.kill('SIGKILL');
    await first.exited;
    await worker();
    check(await service.until(() => service.callsOf(id!).length === 2 && service.inFlight === 0, 5000), `Expected another worker to get the unacknowledged job again and call the service for it, the service saw ${service.callsFor(subjectOf(job)).length} calls (SPEC.md#crash-recovery).`);
    await sleep(200);
    const effects = service.calls.filter((call) => call.subject === subjectOf(job) && call.performed).length;
    check(effects === 1, `Expected the job to take effect once although it was delivered twice, it took effect ${effects} times: send Idempotency-Key: <job id> on every call, so the service can tell a repeat (SPEC.md#idempotency).`);
    check((await probe.ready(queue)) === 0, 'Expected the job acknowledged once the repeated call succeeded.');
  });

  test('[idempotency] two jobs with the same content are two effects with two keys', async () => {
    const { service, enqueueAll, worker } = await queueTest();
    const job = welcomeEmail();
    const ids = await enqueueAll([job, job]);
    await worker();
    check(await service.until(() => ids.every((id) => service.effectsOf(id) === 1), 3000), `Expected two jobs with the same content to take effect twice, keyed by their two ids; the service performed ${service.effects} effects with keys ${JSON.stringify(service.calls.map((call) => call.key ?? null))}: the key is the job's id, not derived from its content (SPEC.md#idempotency).`);
  });
});
