import { randomBytes } from 'node:crypto';
import { onTestFinished } from 'vitest';
import { createProducer, startWorker } from '@wb/target/03-queues/index.ts';
import type { Job, Producer, Worker, WorkerOptions } from '@wb/target/03-queues/types.ts';
import { notImplementedForTest } from '../../../../harness/testing/api-client.ts';
import { NOT_IMPLEMENTED_CODE } from '../../../../harness/not-implemented.ts';
import { TcpRelay, type RelayHooks } from '../../../../harness/testing/tcp-relay.ts';
import { BrokerProbe, rabbitmqInfo, testQueue } from './broker.ts';
import { EffectsService } from './effects-service.ts';
import { WorkerProcess } from './worker-process.ts';

/** The options of SPEC.md#the-pieces with the harness's usual values. */
export const USUAL = { concurrency: 4, retry: { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 1000 }, callTimeoutMs: 2000 } as const;

/** A learner's close() that hangs must not hold the next test: it gets this long. */
const CLOSE_TIMEOUT_MS = 5000;

export interface QueueTest {
  readonly queue: string;
  readonly service: EffectsService;
  readonly probe: BrokerProbe;
  /** The worker options every worker of the test gets, unless overridden. */
  readonly options: WorkerOptions;
  producer(url?: string): Promise<Producer>;
  worker(overrides?: Partial<WorkerOptions>): Promise<Worker>;
  workerProcess(overrides?: Partial<WorkerOptions>): Promise<WorkerProcess>;
  /** Enqueues jobs at once through one producer; resolves with their ids in order. */
  enqueueAll(jobs: readonly Job[]): Promise<string[]>;
  /**
   * A TCP relay to the test's broker, closed after every producer and worker of the test (which
   * close through it): its `proxyUrl(url)` is the broker's URL through the relay.
   */
  relay(hooks?: RelayHooks): Promise<TcpRelay>;
}

/**
 * One test's world: its own jobs queue on the run's broker (or the one given), the harness's
 * effects service, and the producers, workers and worker processes it starts, all closed, killed
 * and deleted when the test ends, whatever the learner's code did.
 */
export async function queueTest(settings: { url?: string; options?: Partial<WorkerOptions> } = {}): Promise<QueueTest> {
  const url = settings.url ?? rabbitmqInfo().uri;
  const queue = testQueue();
  const service = await EffectsService.start();
  const probe = await BrokerProbe.open(url);
  const closers: Array<() => Promise<void>> = [];
  const relays: TcpRelay[] = [];
  const options: WorkerOptions = { url, queue, servicesUrl: service.url, ...USUAL, ...settings.options };
  let shared: Producer | undefined;

  onTestFinished(async () => {
    await WorkerProcess.killAll();
    for (const close of closers.reverse()) await withTimeout(close().catch(() => undefined), CLOSE_TIMEOUT_MS);
    for (const relay of relays) await relay.close();
    await probe.deleteQueues(queue);
    await probe.close();
    await service.close();
  });

  const test: QueueTest = {
    queue,
    service,
    probe,
    options,
    async producer(producerUrl = url) {
      const producer = await asTestsOwn(createProducer({ url: producerUrl, queue }));
      closers.push(() => producer.close());
      return producer;
    },
    async worker(overrides = {}) {
      const worker = await asTestsOwn(startWorker({ ...options, ...overrides }));
      closers.push(() => worker.close());
      return worker;
    },
    workerProcess: (overrides = {}) => WorkerProcess.start({ ...options, ...overrides }),
    async relay(hooks = {}) {
      const broker = new URL(url);
      const relay = await TcpRelay.start(broker.hostname, Number(broker.port), hooks);
      relays.push(relay);
      return relay;
    },
    async enqueueAll(jobs) {
      shared ??= await test.producer();
      const producer = shared;
      return asTestsOwn(Promise.all(jobs.map((job) => producer.enqueue(job))));
    },
  };
  return test;
}

/**
 * A stub's not-implemented error, said as the test's own: it names the requirement this test
 * grades first, then the stub function it hit (which may belong to another requirement).
 */
export async function asTestsOwn<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    if (code === NOT_IMPLEMENTED_CODE) throw notImplementedForTest(String(message));
    throw error;
  }
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

/** A thumbnail job with a subject (image id) of its own. */
export function thumbnail(imageId = `img-${randomBytes(5).toString('hex')}`, width = 128): Job {
  return { type: 'thumbnail', imageId, width };
}

/** A welcome e-mail job with a subject (user id) of its own. */
export function welcomeEmail(userId = `user-${randomBytes(5).toString('hex')}`): Job {
  return { type: 'welcome-email', userId, email: `${userId}@example.test` };
}

/** The job's subject as the effects service sees it: its image or its user. */
export function subjectOf(job: Job): string {
  return job.type === 'thumbnail' ? job.imageId : job.userId;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
