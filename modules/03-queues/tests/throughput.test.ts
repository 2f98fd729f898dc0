import { describe, inject, test } from 'vitest';
import { formatTargetResult } from '../../../harness/load/evaluate-target.ts';
import { measureOperations } from '../../../harness/load/measure-target.ts';
import { AmqpFrameCounter } from '../../../harness/testing/amqp-frames.ts';
import { counterTarget, gradeCounter } from '../../../harness/testing/counters.ts';
import { check } from '../../../harness/testing/expectations.ts';
import { recordTarget, TargetNotMeasuredError } from '../../../harness/testing/measurements.ts';
import type { RelayedConnection } from '../../../harness/testing/tcp-relay.ts';
import manifest from '../module.ts';
import { rabbitmqInfo } from './support/broker.ts';
import { queueTest, sleep, thumbnail } from './support/queue-test.ts';

const JOBS = manifest.targets.find((target) => target.kind === 'operation' && target.requirement === 'throughput');
const PUBLISHES = counterTarget(manifest, 'basic.publish frames per job in the throughput run');
const DELIVERIES = counterTarget(manifest, 'basic.deliver frames per job in the throughput run');
const PIPELINED = counterTarget(manifest, 'basic.publish frames on the wire before the first confirm, of 20 concurrent enqueue() calls');

describe('throughput', () => {
  test('[throughput] jobs from enqueue() to their effect meet their targets, one publish and one delivery per job', { tags: ['load'] }, async ({ task }) => {
    if (JOBS?.kind !== 'operation') throw new Error('module.ts has no operation target for throughput');
    const frames = new AmqpFrameCounter();
    const { service, producer, worker, relay } = await queueTest({ options: { concurrency: JOBS.concurrency } });
    const url = (await relay(frames.hooks)).proxyUrl(rabbitmqInfo().uri);
    const jobs = await producer(url);
    await worker({ url });
    // One job first: a stub fails here, with its own message, not under load.
    const first = await jobs.enqueue(thumbnail());
    check(await service.until(() => service.effectsOf(first) === 1, 3000), 'Expected a first job to take effect before the timed run.');
    let total = 1;
    const result = await measureOperations(JOBS, {
      operation: async () => {
        total++;
        const id = await jobs.enqueue(thumbnail());
        await service.whenPerformed(id);
      },
      dependencies: inject('wbDeps'),
    });
    recordTarget(task, result);
    gradeCounter(task, PUBLISHES, frames.count('basic.publish') / total, `${frames.count('basic.publish')} basic.publish frames for ${total} jobs, none of which failed: enqueue() publishes each job once (SPEC.md#jobs).`);
    gradeCounter(task, DELIVERIES, frames.count('basic.deliver') / total, `${frames.count('basic.deliver')} basic.deliver frames for ${total} jobs, none of which failed: a job delivered twice was requeued or not acknowledged (SPEC.md#crash-recovery).`);
    if (result.status === 'not-measured') throw new TargetNotMeasuredError(`${JOBS.operation} was not graded: ${formatTargetResult(result)}.`);
    check(result.ok, `Expected the timed run (${JOBS.count} jobs, ${JOBS.concurrency} in flight) to meet its target: ${formatTargetResult(result)}`);
  });

  test('[throughput] 20 concurrent enqueue() calls are all on the wire before the first confirm comes back', async ({ task }) => {
    const frames = new AmqpFrameCounter();
    const connections: RelayedConnection[] = [];
    const { producer, relay } = await queueTest();
    const through = await relay({ ...frames.hooks, connected: (connection) => void connections.push(connection) });
    const jobs = await producer(through.proxyUrl(rabbitmqInfo().uri));
    await jobs.enqueue(thumbnail());
    // The broker's answers are held back: no confirm can come while the 20 calls publish.
    frames.reset();
    for (const connection of connections) connection.holdReplies();
    const pending = Array.from({ length: 20 }, () => jobs.enqueue(thumbnail()));
    for (const call of pending) call.catch(() => {});
    await sleep(300);
    const published = frames.count('basic.publish');
    for (const connection of connections) connection.releaseReplies();
    check((await Promise.allSettled(pending)).every((call) => call.status === 'fulfilled'), 'Expected the 20 enqueue() calls to resolve once the confirms came back.');
    gradeCounter(task, PIPELINED, published, `${published} of 20 jobs enqueued at once were published before the broker's first confirm came back: a producer that waits for each confirm before it sends the next job runs at one round trip per job. Publish each job at once and resolve each enqueue() on its own confirm (SPEC.md#throughput).`);
  });
});
