import { describe, test } from 'vitest';
import type { RetryPolicy } from '@wb/target/03-queues/types.ts';
import { check } from '../../../harness/testing/expectations.ts';
import type { ServiceCall } from './support/effects-service.ts';
import { queueTest, sleep, subjectOf, thumbnail } from './support/queue-test.ts';

/** SPEC.md#retry-backoff: the next attempt within [d, 1.2 × d + 300 ms] of the failure. */
function expectGaps(calls: readonly ServiceCall[], delays: readonly number[], what: string): void {
  for (const [i, d] of delays.entries()) {
    const failed = calls[i]!;
    const next = calls[i + 1]!;
    const gap = next.receivedAt - (failed.answeredAt ?? failed.receivedAt);
    const [low, high] = [d - 5, 1.2 * d + 300];
    check(gap >= low && gap <= high, `Expected attempt ${i + 2} of ${what} to start ${d} ms after attempt ${i + 1} failed (within [${d}, ${Math.round(high)}] ms), it started after ${Math.round(gap)} ms: ${gap < low ? 'too early — a retry waits out its delay (requeueing at once is a hot loop)' : 'too late — check the delay doubles from baseDelayMs, is capped at maxDelayMs, and that nothing else holds the job back'} (SPEC.md#retry-backoff).`);
  }
}

// Each test's timeout is longer than the waits it bounds itself, so a failure says what went wrong.
describe('retry-backoff', { timeout: 30_000 }, () => {
  test('[retry-backoff] a job failing twice with 503 is retried after 200 ms, then 400 ms, and takes effect once', async () => {
    const { service, enqueueAll, worker } = await queueTest();
    const job = thumbnail();
    service.plan(subjectOf(job), [503, 503]);
    const [id] = await enqueueAll([job]);
    await worker();
    check(await service.until(() => service.effectsOf(id!) === 1, 5000), `Expected the job to take effect on its third attempt, after two 503s; the service saw ${service.callsFor(subjectOf(job)).length} calls and ${service.effectsOf(id!)} effects within 5 s (SPEC.md#retry-backoff).`);
    const calls = service.callsFor(subjectOf(job));
    check(calls.length === 3, `Expected 3 calls for a job that failed twice then succeeded, the service saw ${calls.length}.`);
    expectGaps(calls, [200, 400], 'a job failing with 503 (baseDelayMs 200)');
  });

  test('[retry-backoff] maxDelayMs caps the delay: 300, 500, 500 ms', async () => {
    const retry: RetryPolicy = { maxAttempts: 5, baseDelayMs: 300, maxDelayMs: 500 };
    const { service, enqueueAll, worker } = await queueTest({ options: { retry } });
    const job = thumbnail();
    service.plan(subjectOf(job), [503, 503, 503]);
    const [id] = await enqueueAll([job]);
    await worker();
    check(await service.until(() => service.effectsOf(id!) === 1, 6000), `Expected the job to take effect on its fourth attempt; the service saw ${service.callsFor(subjectOf(job)).length} calls within 6 s.`);
    expectGaps(service.callsFor(subjectOf(job)), [300, 500, 500], 'a job with baseDelayMs 300 and maxDelayMs 500');
  });

  test('[retry-backoff] a call not answered within callTimeoutMs is a transient failure, retried', async () => {
    const { service, enqueueAll, worker } = await queueTest({ options: { callTimeoutMs: 300 } });
    const job = thumbnail();
    service.plan(subjectOf(job), ['hang']);
    const [id] = await enqueueAll([job]);
    await worker();
    check(await service.until(() => service.effectsOf(id!) === 1, 4000), `Expected a job whose first call hung to be retried and take effect (callTimeoutMs 300: abandon the call, then retry it like a 5xx); the service saw ${service.callsFor(subjectOf(job)).length} calls and no effect within 4 s (SPEC.md#the-effects-service).`);
    const [first, second] = service.callsFor(subjectOf(job));
    const gap = second!.receivedAt - first!.receivedAt;
    check(gap >= 300 + 200 - 5 && gap <= 300 + 1.2 * 200 + 600, `Expected the second call to start callTimeoutMs (300 ms) plus the first delay (200 ms) after the first, it started after ${Math.round(gap)} ms.`);
  });

  test('[retry-backoff] a 429 is transient: the job is retried and takes effect', async () => {
    const { service, enqueueAll, worker, queue, probe } = await queueTest();
    const job = thumbnail();
    service.plan(subjectOf(job), [429]);
    const [id] = await enqueueAll([job]);
    await worker();
    check(await service.until(() => service.effectsOf(id!) === 1, 3000), `Expected a job answered 429 Too Many Requests to be retried and take effect, the service saw ${service.callsFor(subjectOf(job)).length} calls; dead letters: ${(await probe.ready(`${queue}.dead`)) ?? 'no queue'}. 429 is transient, like a 5xx (SPEC.md#the-effects-service).`);
  });

  test('[retry-backoff] with concurrency 1, a job waiting for its retry does not hold up the next one', async () => {
    const { service, enqueueAll, worker, producer } = await queueTest({ options: { concurrency: 1, retry: { maxAttempts: 3, baseDelayMs: 1500, maxDelayMs: 1500 } } });
    const waiting = thumbnail();
    service.plan(subjectOf(waiting), [503]);
    await enqueueAll([waiting]);
    await worker();
    check(await service.until(() => service.callsFor(subjectOf(waiting)).some((call) => call.status === 503), 3000), 'Expected the first job to be called and fail with 503.');
    await sleep(50);
    const next = thumbnail();
    const started = performance.now();
    const id = await (await producer()).enqueue(next);
    const done = await service.until(() => service.effectsOf(id) === 1, 500);
    check(done, `Expected the next job to take effect within 0.5 s while the first waits 1.5 s for its retry (concurrency 1), it had not after ${Math.round(performance.now() - started)} ms: a job waiting for its retry must not hold the worker's slot — acknowledge it once its next attempt is on the broker (SPEC.md#retry-backoff).`);
  });

  test('[retry-backoff] a job waiting for its retry when its worker is killed is retried by another worker, on time', async () => {
    const { service, enqueueAll, worker, workerProcess } = await queueTest({ options: { retry: { maxAttempts: 3, baseDelayMs: 1200, maxDelayMs: 1200 } } });
    const job = thumbnail();
    service.plan(subjectOf(job), [503]);
    const [id] = await enqueueAll([job]);
    const first = await workerProcess();
    check(await service.until(() => service.callsFor(subjectOf(job)).some((call) => call.status === 503), 5000), 'Expected the worker process to call the service for the job.');
    await sleep(100);
    first.kill('SIGKILL');
    await first.exited;
    await worker();
    const retried = await service.until(() => service.effectsOf(id!) === 1, 4000);
    check(retried, `Expected the job to be retried by another worker after the first was killed during its 1.2 s wait, but the service saw ${service.callsFor(subjectOf(job)).length} calls and no effect within 4 s: the wait must be on the broker (a delay queue), not in a timer of the worker that died (SPEC.md#retry-backoff).`);
    expectGaps(service.callsFor(subjectOf(job)), [1200], 'a job whose worker was killed while it waited');
  });

  test('[retry-backoff] a long wait does not hold back a shorter one queued behind it', async () => {
    const retry: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 1600 };
    const { service, enqueueAll, worker, producer } = await queueTest({ options: { retry } });
    const slow = thumbnail();
    service.plan(subjectOf(slow), [503, 503, 503, 503]);
    await enqueueAll([slow]);
    await worker();
    // Its fourth failure puts it 1.6 s away; a first failure behind it waits 200 ms.
    check(await service.until(() => service.callsFor(subjectOf(slow)).filter((call) => call.status === 503).length === 4, 6000), 'Expected the first job to fail four times.');
    const quick = thumbnail();
    service.plan(subjectOf(quick), [503]);
    const id = await (await producer()).enqueue(quick);
    check(await service.until(() => service.effectsOf(id) === 1, 3000), 'Expected the second job to fail once, then take effect.');
    expectGaps(service.callsFor(subjectOf(quick)), [200], 'a job whose 200 ms wait began while another job waited 1.6 s: one delay queue per delay (a queue expires only its head message)');
  });
});
