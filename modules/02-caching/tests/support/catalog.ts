import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterEach } from 'vitest';
import { buildApp } from '@wb/target/02-caching/index.ts';
import type { CatalogOptions } from '@wb/target/02-caching/types.ts';
import { isNotImplementedError } from '../../../../harness/not-implemented.ts';
import { ApiClient, notImplementedForTest } from '../../../../harness/testing/api-client.ts';
import { fail } from '../../../../harness/testing/expectations.ts';
import { inspector, keysUnder, redisInfo } from './redis-keys.ts';
import { ReplyHolder } from './reply-hold.ts';
import { SlowSource } from './slow-source.ts';

/** One instance of the learner's service. */
export interface Instance {
  readonly app: FastifyInstance;
  readonly api: ApiClient;
  readonly options: CatalogOptions;
}

/** Instances of one service: the same source, Redis and key prefix. */
export interface Catalog {
  readonly source: SlowSource;
  readonly prefix: string;
  /** The harness's own connection to the same Redis. */
  readonly redis: Redis;
  readonly instances: Instance[];
  /** Another instance of the same service, with its own options where given. */
  add(overrides?: Partial<CatalogOptions>): Promise<Instance>;
  /** Another instance, whose Redis traffic goes through a relay that can hold its replies. */
  addHeld(overrides?: Partial<CatalogOptions>): Promise<{ instance: Instance; holder: ReplyHolder }>;
}

export interface CatalogSetup {
  /** @default 1 */
  readonly instances?: number;
  readonly source?: SlowSource;
  readonly options?: Partial<CatalogOptions>;
  /** A Redis of the test's own (the outage tests); the run's by default. */
  readonly redisUrl?: string;
}

export const DEFAULTS = {
  schemaVersion: 1,
  ttlSeconds: 300,
  negativeTtlSeconds: 30,
  lockTtlMs: 2000,
  local: { maxEntries: 1000, maxBytes: 1 << 20, ttlMs: 5000 },
  // Long enough that a Redis that answers is never taken for one that stopped, on a busy machine
  // (a stalled event loop fires a command's timer before it reads the answer waiting for it); the
  // outage tests set their own.
  redisTimeoutMs: 1000,
} as const;

/** Options for an instance without a local tier: every read goes to Redis. */
export const NO_LOCAL_TIER = { local: { maxEntries: 0, maxBytes: 0, ttlMs: 0 } } as const;

const open: { catalog: Catalog; close: () => Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map(({ close }) => close()));
});

/** Starts a service of `instances` instances for this test; they are closed after it. */
export async function startCatalog(setup: CatalogSetup = {}): Promise<Catalog> {
  const source = setup.source ?? new SlowSource();
  const prefix = `wb_t_${process.pid}_${randomBytes(4).toString('hex')}:`;
  const redisUrl = setup.redisUrl ?? redisInfo().uri;
  const redis = inspector(redisUrl);
  const instances: Instance[] = [];
  const add = async (overrides: Partial<CatalogOptions> = {}): Promise<Instance> => {
    const options: CatalogOptions = { redisUrl, source, keyPrefix: prefix, ...DEFAULTS, ...setup.options, ...overrides };
    const app = await build(options);
    const instance = { app, api: new ApiClient(app), options };
    instances.push(instance);
    return instance;
  };
  const holders: ReplyHolder[] = [];
  const addHeld = async (overrides: Partial<CatalogOptions> = {}) => {
    const holder = await ReplyHolder.start(redisUrl);
    holders.push(holder);
    // A held reply must not look like a Redis that stopped answering (SPEC.md#redis-outage).
    return { instance: await add({ redisTimeoutMs: 10_000, ...overrides, redisUrl: holder.url }), holder };
  };
  const catalog: Catalog = { source, prefix, redis, instances, add, addHeld };
  open.push({
    catalog,
    close: async () => {
      await Promise.allSettled(instances.map(({ app }) => app.close()));
      await Promise.allSettled(holders.map((holder) => holder.close()));
      const keys = await keysUnder(redis, prefix).catch(() => []);
      if (keys.length > 0) await redis.unlink(...keys).catch(() => {});
      redis.disconnect();
    },
  });
  for (let i = 0; i < (setup.instances ?? 1); i++) await add();
  return catalog;
}

async function build(options: CatalogOptions): Promise<FastifyInstance> {
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp(options);
    await app.ready();
    return app;
  } catch (error) {
    await app?.close().catch(() => {});
    if (isNotImplementedError(error)) throw notImplementedForTest(`The service did not start: ${error.message}`);
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    fail(`Expected buildApp(options) and app.ready() to start an instance of the service, but they threw ${detail}`);
  }
}
