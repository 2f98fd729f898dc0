import { describe, test } from 'vitest';
import { check } from '../../../harness/testing/expectations.ts';
import { queueTest, sleep, thumbnail } from './support/queue-test.ts';

describe('bounded-concurrency', () => {
  test('[bounded-concurrency] a worker with concurrency 4 makes 4 calls at once and leaves the rest on the queue', async () => {
    const { queue, service, probe, enqueueAll, worker } = await queueTest();
    service.holdAll();
    await enqueueAll(Array.from({ length: 12 }, () => thumbnail()));
    await worker({ concurrency: 4 });
    const reached = await service.until(() => service.inFlight >= 4, 3000);
    check(reached, `Expected a worker with concurrency 4 and 12 jobs waiting to make 4 calls at once, but the service saw ${service.inFlight} within 3 s: consume with a prefetch of \`concurrency\` and start each job as it arrives.`);
    await sleep(300);
    check(service.maxInFlight === 4, `Expected at most 4 calls in flight at once (concurrency 4), the service saw ${service.maxInFlight}: set the channel's prefetch to \`concurrency\` (SPEC.md#bounded-concurrency).`);
    const ready = await probe.ready(queue);
    check(ready === 8, `Expected 8 of the 12 jobs to stay ready on the jobs queue for other workers while this one holds 4, found ${ready}: without a prefetch the broker pushes every message to the first consumer (channel.prefetch(concurrency) before consume()).`);
    service.releaseAll();
    check(await service.until(() => service.effects === 12, 5000), `Expected all 12 jobs to take effect once the service answered, ${service.effects} did.`);
  });

  test('[bounded-concurrency] with concurrency 1, jobs are done one after another', async () => {
    const { service, enqueueAll, worker } = await queueTest();
    service.latencyMs = 40;
    await enqueueAll(Array.from({ length: 6 }, () => thumbnail()));
    await worker({ concurrency: 1 });
    check(await service.until(() => service.effects === 6, 5000), `Expected 6 jobs to take effect with concurrency 1, ${service.effects} did within 5 s.`);
    check(service.maxInFlight === 1, `Expected one call at a time with concurrency 1, the service saw ${service.maxInFlight} at once (SPEC.md#bounded-concurrency).`);
  });
});
