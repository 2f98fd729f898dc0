import { describe, test } from 'vitest';
import { check } from '../../../harness/testing/expectations.ts';
import { queueTest, sleep, thumbnail } from './support/queue-test.ts';

/** SPEC.md#graceful-shutdown: exit within 2 s of the last job in flight ending. */
const EXIT_BOUND_MS = 2000;

// Each test's timeout is longer than the waits it bounds itself, so a failure says what went wrong.
describe('graceful-shutdown', { timeout: 30_000 }, () => {
  test('[graceful-shutdown] SIGTERM with 4 jobs in flight: no new call, the 4 finish and are acked, exit 0, the rest stay queued', async () => {
    const { service, enqueueAll, workerProcess, probe, queue } = await queueTest();
    service.holdAll();
    const ids = await enqueueAll(Array.from({ length: 10 }, () => thumbnail()));
    const worker = await workerProcess();
    check(await service.until(() => service.heldCount === 4, 5000), `Expected 4 calls in flight (concurrency 4), the service holds ${service.heldCount}.`);
    worker.kill('SIGTERM');
    await sleep(500);
    check(service.calls.length === 4, `Expected no new call after SIGTERM, the service got ${service.calls.length - 4} more: cancel the consumer at once (SPEC.md#graceful-shutdown).`);
    check(worker.alive, `Expected the worker to wait for its 4 jobs in flight after SIGTERM, it exited before they were answered. Its output:\n${worker.outputTail()}`);
    service.releaseAll(false);
    const released = performance.now();
    const exit = await worker.exitWithin(EXIT_BOUND_MS + 1000);
    check(exit !== undefined, `Expected the worker process to exit by itself within ${EXIT_BOUND_MS / 1000} s of its last job ending, it was still running after ${(EXIT_BOUND_MS + 1000) / 1000} s: close the channel and the connection (and anything else holding the event loop: timers, HTTP keep-alive sockets). Its output:\n${worker.outputTail()}`);
    check(exit.code === 0, `Expected exit code 0 after SIGTERM, got ${exit.signal ?? exit.code}. Its output:\n${worker.outputTail()}`);
    check(exit.at - released <= EXIT_BOUND_MS, `Expected the process to exit within ${EXIT_BOUND_MS} ms of its last job ending, it took ${Math.round(exit.at - released)} ms.`);
    const finished = ids.filter((id) => service.effectsOf(id) === 1).length;
    check(finished === 4, `Expected the 4 jobs in flight to be completed by the worker before it exited, ${finished} were.`);
    const ready = await probe.ready(queue);
    check(ready === 6, `Expected the 6 jobs never started to stay on the jobs queue, and the 4 finished ones acknowledged, found ${ready} ready: ${ready === 10 ? 'the 4 finished jobs came back — acknowledge them before closing the channel' : 'jobs were lost'} (SPEC.md#graceful-shutdown).`);
  });

  test('[graceful-shutdown] SIGTERM with nothing in flight: exit 0 within 2 s', async () => {
    const { workerProcess } = await queueTest();
    const worker = await workerProcess();
    const sent = performance.now();
    worker.kill('SIGTERM');
    const exit = await worker.exitWithin(EXIT_BOUND_MS + 1000);
    check(exit !== undefined && exit.at - sent <= EXIT_BOUND_MS, `Expected an idle worker process to exit within ${EXIT_BOUND_MS} ms of SIGTERM, ${exit ? `it took ${Math.round(exit.at - sent)} ms` : 'it was still running after 3 s'}. Its output:\n${worker.outputTail()}`);
    check(exit.code === 0, `Expected exit code 0 after SIGTERM, got ${exit.signal ?? exit.code}. Its output:\n${worker.outputTail()}`);
  });

  test('[graceful-shutdown] Worker.close() resolves after the jobs in flight are done, and no call follows it', async () => {
    const { service, enqueueAll, worker, probe, queue } = await queueTest();
    service.holdAll();
    const ids = await enqueueAll(Array.from({ length: 4 }, () => thumbnail()));
    const running = await worker({ concurrency: 2 });
    check(await service.until(() => service.heldCount === 2, 3000), 'Expected 2 calls in flight (concurrency 2).');
    let closed = false;
    const closing = running.close().then(() => (closed = true));
    closing.catch(() => {});
    await sleep(300);
    check(!closed, 'Expected Worker.close() to wait for the 2 jobs in flight, it resolved while their calls were still held (SPEC.md#graceful-shutdown).');
    service.releaseAll(false);
    await closing;
    check(ids.filter((id) => service.effectsOf(id) === 1).length === 2, 'Expected the 2 jobs in flight to be completed before close() resolved.');
    await sleep(300);
    check(service.calls.length === 2, `Expected no call after close(), the service got ${service.calls.length - 2} more.`);
    check((await probe.ready(queue)) === 2, `Expected the 2 jobs never started to stay on the jobs queue, found ${await probe.ready(queue)}.`);
  });
});
