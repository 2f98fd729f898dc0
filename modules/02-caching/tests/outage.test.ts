import { describe, test } from 'vitest';
import type { Product } from '@wb/target/02-caching/types.ts';
import { check, expectStatus } from '../../../harness/testing/expectations.ts';
import type { RedisInfo, Started } from '../../../harness/deps/types.ts';
import { startCatalog, type Catalog, type Instance } from './support/catalog.ts';
import { startPrivateRedis } from './support/private-redis.ts';
import { eventually, expectProduct, putBody, productPath, readProduct, within } from './support/reads.ts';
import { lockKey, productKey } from './support/redis-keys.ts';
import { product, SlowSource } from './support/slow-source.ts';

/** SPEC.md#redis-outage: 2 × redisTimeoutMs + the source's latency + 250 ms. */
const readBoundMs = (redisTimeoutMs: number): number => 2 * redisTimeoutMs + 20 + 250;
const writeBoundMs = (redisTimeoutMs: number): number => 2 * redisTimeoutMs + 40 + 250;
const RECOVERY_MS = 2000;
const STALENESS_MS = 200;

async function health(instance: Instance): Promise<{ status?: string; redis?: string }> {
  const timeoutMs = instance.options.redisTimeoutMs;
  const response = await within(readBoundMs(timeoutMs), instance.api.get('/health'), 'GET /health to answer');
  expectStatus(response, 200, 'from GET /health');
  return response.body as { status?: string; redis?: string };
}

/** Reads and writes through both instances while Redis is away: each within its bound. */
async function serveWithoutRedis(catalog: Catalog, items: Product[], how: string): Promise<void> {
  const [a, b] = catalog.instances as [Instance, Instance];
  const [READ_BOUND_MS, WRITE_BOUND_MS] = [readBoundMs(a.options.redisTimeoutMs), writeBoundMs(a.options.redisTimeoutMs)];
  // Asked before any request met the outage: /health must find out for itself.
  const first = await health(b);
  check(first.status === 'degraded' && first.redis === 'down', `Expected GET /health to answer { status: "degraded", redis: "down" } with Redis ${how}, before any other request met the outage, got ${JSON.stringify(first)}: ask Redis (PING within the timeout), do not report what the last request saw.`);
  const reads = items.map((item, i) => {
    const instance = i % 2 === 0 ? a : b;
    return within(READ_BOUND_MS, readProduct(instance.api, item.id), `GET ${productPath(item.id)} to answer from the source with Redis ${how} (SPEC.md#redis-outage: no Redis command may wait longer than redisTimeoutMs)`);
  });
  for (const [i, response] of (await Promise.all(reads)).entries()) expectProduct(response, items[i]!, `from GET ${productPath(items[i]!.id)} with Redis ${how}`);
  const changed = { ...items[0]!, name: `written with Redis ${how}` };
  const put = await within(WRITE_BOUND_MS, a.api.put(productPath(changed.id), putBody(changed)), `PUT ${productPath(changed.id)} to answer with Redis ${how}`);
  expectStatus(put, 200, `from PUT ${productPath(changed.id)} with Redis ${how}`);
  expectProduct(await within(READ_BOUND_MS, readProduct(a.api, changed.id), `GET ${productPath(changed.id)} after the PUT`), changed, `from GET ${productPath(changed.id)} after a PUT with Redis ${how}`);
  // Concurrent reads of one cold key: with no lock to take, the instance's fills in flight still share.
  const crowd = product();
  catalog.source.seed(crowd);
  const crowdReads = await within(READ_BOUND_MS, Promise.all(Array.from({ length: 20 }, () => readProduct(b.api, crowd.id))), `20 concurrent GET ${productPath(crowd.id)} to answer with Redis ${how}`);
  for (const response of crowdReads) expectProduct(response, crowd, `from one of 20 concurrent GET ${productPath(crowd.id)} with Redis ${how}`);
  check(catalog.source.readsOf(crowd.id) === 1, `Expected 20 concurrent reads of one cold product in one instance to make one source call with Redis ${how}, got ${catalog.source.readsOf(crowd.id)}: there is no lock to take, but readers in one instance still share the fill in flight (SPEC.md#redis-outage).`);
  for (const instance of [a, b]) {
    const state = await health(instance);
    check(state.status === 'degraded' && state.redis === 'down', `Expected GET /health to answer { status: "degraded", redis: "down" } with Redis ${how}, got ${JSON.stringify(state)}.`);
  }
}

/** After the outage: both instances say ok within the bound, and a fill by one is a Redis hit for the other. */
async function usesRedisAgain(catalog: Catalog, how: string): Promise<void> {
  const [a, b] = catalog.instances as [Instance, Instance];
  for (const instance of [a, b]) {
    const after = await eventually(RECOVERY_MS, async () => {
      const state = await health(instance);
      return state.status === 'ok' && state.redis === 'up';
    });
    check(after !== undefined, `Expected GET /health to say { status: "ok", redis: "up" } within ${RECOVERY_MS} ms of Redis answering again (${how}), without a restart of the service: keep trying to reconnect at least every ${RECOVERY_MS} ms however long the outage lasted (cap the backoff).`);
  }
  const item = product();
  catalog.source.seed(item);
  expectProduct(await readProduct(a.api, item.id), item);
  const stored = await eventually(RECOVERY_MS, async () => (await catalog.redis.exists(productKey(catalog.prefix, item.id))) === 1);
  check(stored !== undefined, `Expected a read after Redis came back (${how}) to store the product in Redis again, but ${productKey(catalog.prefix, item.id)} was not there within ${RECOVERY_MS} ms.`);
  expectProduct(await readProduct(b.api, item.id), item);
  check(catalog.source.readsOf(item.id) === 1, `Expected the second instance to find the product in Redis after the outage (${how}), but it read the source again.`);
  // The local tiers are coherent again: a reconnected subscriber listens again.
  const changed: Product = { ...item, name: `written once Redis was ${how}` };
  expectStatus(await a.api.put(productPath(item.id), putBody(changed)), 200, `from PUT ${productPath(item.id)} after the outage`);
  const seen = await eventually(STALENESS_MS, async () => {
    const read = await readProduct(b.api, item.id);
    return read.status === 200 && (read.body as Product).name === changed.name;
  });
  check(seen !== undefined, `Expected the other instance to answer the new value within ${STALENESS_MS} ms of a PUT made after Redis was ${how}, but it kept the old one in its local tier: after a reconnect, subscribe to the invalidation channel again (ioredis does unless autoResubscribe is off; node-redis's subscriber must be told) (SPEC.md#two-tier).`);
}

/**
 * The two ways Redis goes away, how each ends, and how long it lasts at least. A stop lasts 10 s:
 * reconnects that back off further and further apart (0.5, 1, 2, 4 s...) are not back within
 * RECOVERY_MS of a restart then, and a client that gives up after a number of attempts has given
 * up. After a freeze the connections are still open: only a probe finds Redis back. Both run with
 * the usual redisTimeoutMs of 1000, so a probe paced far slower than that misses RECOVERY_MS.
 */
const OUTAGES = [
  { how: 'stopped', after: 'restarted', title: 'with Redis stopped for 10 s', lastsMs: 10_000, begin: (redis: Started<RedisInfo>) => redis.halt() },
  { how: 'frozen', after: 'thawed', title: 'with Redis frozen (connections open, no answer)', lastsMs: 0, begin: (redis: Started<RedisInfo>) => redis.freeze() },
] as const;

describe('redis-outage', () => {
  test('[redis-outage] a fill whose Redis freezes after it took the lock pays the timeout once, not once per command', async () => {
    const timeoutMs = 500;
    await using redis = await startPrivateRedis();
    const catalog = await startCatalog({ redisUrl: redis.info.uri, options: { redisTimeoutMs: timeoutMs } });
    const { instance, holder } = await catalog.addHeld({ redisTimeoutMs: timeoutMs });
    const item = product();
    catalog.source.seed(item);
    // The answer to the lock's SET waits; Redis freezes; then the answer arrives, and every command
    // the fill sends after it meets the frozen Redis.
    const hold = holder.holdAfter(lockKey(catalog.prefix, item.id));
    const read = readProduct(instance.api, item.id);
    read.catch(() => {});
    try {
      await within(2000, Promise.race([hold.sent, read]), `GET ${productPath(item.id)} to take the fill lock`);
      await redis.freeze();
    } finally {
      hold.release();
    }
    try {
      const bound = readBoundMs(timeoutMs);
      expectProduct(await within(bound, read, `GET ${productPath(item.id)}, whose Redis froze once it had the lock, to answer from the source within 2 × redisTimeoutMs (${timeoutMs} ms) + the source's 20 ms + 250 ms: after a command times out, skip Redis for the rest of the request (SPEC.md#redis-outage)`), item);
    } finally {
      await redis.resume();
    }
  });

  test('[redis-outage] a reader waiting for another instance\'s fill when Redis stops answers from the source in time', async () => {
    await using redis = await startPrivateRedis();
    const catalog = await startCatalog({ instances: 2, redisUrl: redis.info.uri });
    const [holder, waiter] = catalog.instances as [Instance, Instance];
    const item = product();
    catalog.source.seed(item);
    catalog.source.slowDown(item.id, 3000);
    const held = readProduct(holder.api, item.id);
    held.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    const waited = readProduct(waiter.api, item.id);
    waited.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    await redis.halt();
    try {
      const bound = readBoundMs(waiter.options.redisTimeoutMs);
      expectProduct(await within(bound, waited, `the waiting instance's GET ${productPath(item.id)} to answer from the source once Redis stopped (SPEC.md#redis-outage: within 2 × redisTimeoutMs + the source's latency + 250 ms; nothing left to wait for in Redis)`), item);
    } finally {
      await redis.resume();
    }
    expectProduct(await within(5000, held, `the holder's GET ${productPath(item.id)}`), item);
  });

  test('[redis-outage] a read that meets a Redis frozen a moment ago waits at most redisTimeoutMs per command (500 ms here)', async () => {
    const timeoutMs = 500;
    const bound = 2 * timeoutMs + 20 + 250;
    await using redis = await startPrivateRedis();
    const catalog = await startCatalog({ redisUrl: redis.info.uri, options: { redisTimeoutMs: timeoutMs } });
    const item = product();
    catalog.source.seed(item);
    await redis.freeze();
    try {
      const read = within(bound, readProduct(catalog.instances[0]!.api, item.id), `GET ${productPath(item.id)}, the first request to meet a frozen Redis, to answer from the source within 2 × redisTimeoutMs (${timeoutMs} ms) + the source's 20 ms + 250 ms: no command may wait on Redis longer than redisTimeoutMs (SPEC.md#redis-outage)`);
      expectProduct(await read, item, `from GET ${productPath(item.id)} with Redis frozen`);
    } finally {
      await redis.resume();
    }
  });

  for (const outage of OUTAGES) {
    test(`[redis-outage] ${outage.title}, both instances answer from the source in time, say degraded, and use Redis again once it is ${outage.after}`, { timeout: outage.lastsMs + 25_000 }, async () => {
      await using redis = await startPrivateRedis();
      const source = new SlowSource();
      const catalog = await startCatalog({ instances: 2, source, redisUrl: redis.info.uri });
      const items = Array.from({ length: 12 }, () => product());
      source.seed(...items);
      // Some are cached before the outage; the rest must come from the source during it.
      for (const [i, item] of items.slice(0, 4).entries()) expectProduct(await readProduct(catalog.instances[i % 2]!.api, item.id), item);
      await outage.begin(redis);
      const began = performance.now();
      try {
        await serveWithoutRedis(catalog, items.slice(4), outage.how);
        const left = outage.lastsMs - (performance.now() - began);
        if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
      } finally {
        await redis.resume();
      }
      await usesRedisAgain(catalog, outage.after);
    });
  }
});
