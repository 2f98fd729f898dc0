import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'vitest';
import type { CacheStats } from '@wb/target/02-caching/types.ts';
import type { ApiClient } from '../../../harness/testing/api-client.ts';
import { check, expectStatus } from '../../../harness/testing/expectations.ts';
import { startCatalog } from './support/catalog.ts';
import { startPrivateRedis } from './support/private-redis.ts';
import { putBody, productPath, readProduct } from './support/reads.ts';
import { product, uniqueId } from './support/slow-source.ts';

async function stats(api: ApiClient): Promise<CacheStats> {
  const response = await api.get<CacheStats>('/stats');
  expectStatus(response, 200, 'from GET /stats');
  return response.body;
}

function expectStats(actual: CacheStats, expected: CacheStats, after: string): void {
  const picked = { hits: actual.hits, misses: actual.misses, hitRatio: actual.hitRatio, upstreamCalls: actual.upstreamCalls, evictions: actual.evictions };
  check(isDeepStrictEqual(picked, expected), `Expected GET /stats after ${after} to answer ${JSON.stringify(expected)}, got ${JSON.stringify(picked)} (SPEC.md#stats).`);
}

describe('stats', () => {
  test('[stats] an instance that waited for another instance\'s fill made no upstream call', async () => {
    const { source, instances, add } = await startCatalog();
    const [filler, waiter] = [instances[0]!, await add()];
    const item = product();
    source.seed(item);
    source.slowDown(item.id, 300);
    const fill = readProduct(filler.api, item.id);
    // Awaited below; a stub's early failure must not go unhandled meanwhile.
    fill.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [first, waited] = await Promise.all([fill, readProduct(waiter.api, item.id)]);
    expectStatus(first, 200, `from the filler's GET ${productPath(item.id)}`);
    expectStatus(waited, 200, `from the waiting instance's GET ${productPath(item.id)}`);
    const [a, b] = [await stats(filler.api), await stats(waiter.api)];
    check(a.upstreamCalls + b.upstreamCalls === source.readsOf(item.id) && b.upstreamCalls === 0, `Expected upstreamCalls to count the source reads each instance made (the source counted ${source.readsOf(item.id)}, by the filler), but the filler says ${a.upstreamCalls} and the instance that waited for its fill says ${b.upstreamCalls}: count a source read where it happens, not a fill that may end up waiting (SPEC.md#stats).`);
  });

  test('[stats] with Redis stopped, a read from the source is a miss and an upstream call like any other', async () => {
    await using redis = await startPrivateRedis();
    const { source, instances } = await startCatalog({ redisUrl: redis.info.uri });
    const { api } = instances[0]!;
    const item = product();
    source.seed(item);
    await redis.halt();
    try {
      expectStatus(await readProduct(api, item.id), 200, `from GET ${productPath(item.id)} with Redis stopped`);
      const counted = await stats(api);
      check(counted.upstreamCalls === source.readsOf(item.id) && counted.misses === 1, `Expected GET /stats, after one read served from the source with Redis stopped, to count 1 miss and ${source.readsOf(item.id)} upstream call, got ${JSON.stringify(counted)}: upstreamCalls counts every source read the instance made, whether or not it took a lock (SPEC.md#stats).`);
    } finally {
      await redis.resume();
    }
  });

  test('[stats] a scripted sequence of reads gives exact counters, per instance', async () => {
    const { source, instances, add } = await startCatalog();
    const { api } = instances[0]!;
    expectStats(await stats(api), { hits: 0, misses: 0, hitRatio: 0, upstreamCalls: 0, evictions: 0 }, 'no reads');
    const item = product();
    source.seed(item);
    const missing = uniqueId('missing');
    for (const id of [item.id, item.id, item.id, missing, missing]) await readProduct(api, id);
    expectStats(await stats(api), { hits: 3, misses: 2, hitRatio: 0.6, upstreamCalls: 2, evictions: 0 }, `reading a product three times and a missing one twice`);
    const other = await add();
    await readProduct(other.api, item.id);
    await readProduct(other.api, missing);
    expectStats(await stats(other.api), { hits: 2, misses: 0, hitRatio: 1, upstreamCalls: 0, evictions: 0 }, 'reads on a second instance of a product and of a cached "not found", both in Redis');
    const third = await add();
    const [y, z] = [product(), product()];
    source.seed(y, z);
    for (const id of [y.id, z.id, y.id]) await readProduct(third.api, id);
    expectStats(await stats(third.api), { hits: 1, misses: 2, hitRatio: 1 / 3, upstreamCalls: 2, evictions: 0 }, 'reading two new products and one of them again on a third instance (hitRatio is the plain quotient, not rounded)');
    const writer = await add();
    expectStatus(await writer.api.put(productPath(y.id), putBody({ ...y, name: 'renamed' })), 200, `from PUT ${productPath(y.id)}`);
    expectStatus(await writer.api.delete(productPath(z.id)), 204, `from DELETE ${productPath(z.id)}`);
    expectStats(await stats(writer.api), { hits: 0, misses: 0, hitRatio: 0, upstreamCalls: 0, evictions: 0 }, 'a PUT and a DELETE on a fourth instance (upstreamCalls counts source reads, not writes)');
  });

  test('[stats] evictions count what the bounds evicted, not invalidations or expiries', async () => {
    const { source, instances } = await startCatalog({ options: { local: { maxEntries: 3, maxBytes: 1 << 20, ttlMs: 60_000 } } });
    const { api } = instances[0]!;
    const items = Array.from({ length: 5 }, () => product());
    source.seed(...items);
    for (const item of items) await readProduct(api, item.id);
    const last = items[4]!;
    expectStatus(await api.put(productPath(last.id), putBody({ ...last, name: 'changed' })), 200, `from PUT ${productPath(last.id)}`);
    const counted = await stats(api);
    check(counted.evictions === 2, `Expected evictions to be 2 after reading 5 products into a local tier of maxEntries 3 and invalidating one, got ${counted.evictions}.`);

    const expiring = await startCatalog({ options: { local: { maxEntries: 3, maxBytes: 1 << 20, ttlMs: 150 } } });
    const item = product();
    expiring.source.seed(item);
    await readProduct(expiring.instances[0]!.api, item.id);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await readProduct(expiring.instances[0]!.api, item.id);
    const afterExpiry = await stats(expiring.instances[0]!.api);
    check(afterExpiry.evictions === 0, `Expected a local entry that expired (local.ttlMs 150 ms) not to count as an eviction, got evictions ${afterExpiry.evictions}.`);
  });

  test('[stats] 200 concurrent reads of a cold product count 200 misses and one upstream call', async () => {
    const { source, instances } = await startCatalog();
    const { api } = instances[0]!;
    const item = product();
    source.seed(item);
    source.slowDown(item.id, 100);
    await Promise.all(Array.from({ length: 200 }, () => readProduct(api, item.id)));
    const counted = await stats(api);
    check(counted.hits === 0 && counted.misses === 200 && counted.upstreamCalls === 1, `Expected 200 misses, no hits and one upstream call after 200 concurrent reads of one cold product (a reader that waited for a fill is a miss, SPEC.md#stats), got ${JSON.stringify(counted)}.`);
  });
});
