import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'vitest';
import { check, expectStatus } from '../../../harness/testing/expectations.ts';
import { DEFAULTS, startCatalog, type Instance } from './support/catalog.ts';
import { expectNotFound, expectProduct, putBody, productPath, readProduct } from './support/reads.ts';
import { productKey } from './support/redis-keys.ts';
import { product, uniqueId } from './support/slow-source.ts';

const TTL_MS = DEFAULTS.ttlSeconds * 1000;
/** Enough draws for a uniformity test to tell a uniform law from a triangular one every time. */
const JITTER_READS = 1000;

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

describe('cache-aside', () => {
  test('[cache-aside] a second read of a product is answered from the cache, without a source call', async () => {
    const { source, instances } = await startCatalog();
    const item = product();
    source.seed(item);
    expectProduct(await readProduct(instances[0]!.api, item.id), item);
    check(source.readsOf(item.id) === 1, `Expected the first read of a product to read the source once, it read it ${source.readsOf(item.id)} times.`);
    expectProduct(await readProduct(instances[0]!.api, item.id), item, `from a second GET ${productPath(item.id)}`);
    check(source.readsOf(item.id) === 1, `Expected a second read of a cached product to make no source call, but the source was read ${source.readsOf(item.id)} times.`);
  });

  test("[cache-aside] the product's key holds the source's JSON with a TTL no longer than ttlSeconds + 10%", async () => {
    const { source, instances, redis, prefix } = await startCatalog();
    const item = product();
    source.seed(item);
    expectProduct(await readProduct(instances[0]!.api, item.id), item);
    const key = productKey(prefix, item.id);
    const [stored, ttl] = await Promise.all([redis.get(key), redis.pttl(key)]);
    check(stored !== null, `Expected the read to store the product in Redis under ${key} (SPEC.md#the-keys), but that key does not exist.`);
    check(JSON.stringify(JSON.parse(stored)) === JSON.stringify(item), `Expected ${key} to hold the product's JSON as the source returned it, ${JSON.stringify(item)}, got ${stored.slice(0, 300)}.`);
    check(ttl > 0, `Expected ${key} to have a TTL, but PTTL answered ${ttl} (${ttl === -1 ? 'no expiry' : 'no key'}).`);
    check(ttl <= TTL_MS * 1.1, `Expected ${key}'s TTL to be at most ttlSeconds + 10% (${TTL_MS * 1.1} ms), got ${ttl} ms.`);
  });

  test('[cache-aside] another instance reads the entry from Redis, without a source call', async () => {
    const { source, instances, add } = await startCatalog();
    const item = product();
    source.seed(item);
    expectProduct(await readProduct(instances[0]!.api, item.id), item);
    const other = await add();
    expectProduct(await readProduct(other.api, item.id), item, `from GET ${productPath(item.id)} on a second instance`);
    check(source.readsOf(item.id) === 1, `Expected a second instance to find the product in Redis, but the source was read ${source.readsOf(item.id)} times: is the entry stored in Redis, under the key SPEC.md#the-keys gives?`);
  });

  test('[cache-aside] each of 50 products read three times is read from the source once', async () => {
    const { source, instances } = await startCatalog();
    const items = Array.from({ length: 50 }, () => product());
    source.seed(...items);
    for (let round = 0; round < 3; round++) {
      const responses = await Promise.all(items.map((item) => readProduct(instances[0]!.api, item.id)));
      responses.forEach((response, i) => expectProduct(response, items[i]!));
    }
    const extra = items.filter((item) => source.readsOf(item.id) !== 1);
    check(extra.length === 0, `Expected one source read per product, but ${extra.length} of 50 were read more or less often (e.g. ${extra[0]?.id}: ${extra[0] ? source.readsOf(extra[0].id) : 0} reads).`);
  });
});

describe('ttl-jitter', () => {
  test(`[ttl-jitter] ${JITTER_READS} products read at once get TTLs within ttlSeconds × [0.9, 1.1], spread uniformly over that range`, async () => {
    const { source, instances, redis, prefix } = await startCatalog();
    const items = Array.from({ length: JITTER_READS }, () => product());
    source.seed(...items);
    // When each answer came: its entry was stored before, so the TTL it was given is at least
    // what is left of it now plus the time since then.
    const answeredAt: number[] = [];
    const responses = await Promise.all(items.map((item, i) => readProduct(instances[0]!.api, item.id).then((response) => ((answeredAt[i] = performance.now()), response))));
    responses.forEach((response, i) => expectStatus(response, 200, `from GET ${productPath(items[i]!.id)}`));
    const left = await redis.pipeline(items.map((item) => ['pttl', productKey(prefix, item.id)])).exec();
    const askedAt = performance.now();
    const remaining = (left ?? []).map(([, ttl]) => Number(ttl));
    const ttls = remaining.map((ttl, i) => (ttl < 0 ? ttl : ttl + (askedAt - answeredAt[i]!)));
    const missing = ttls.filter((ttl) => ttl < 0).length;
    check(missing === 0, `Expected every product read to be stored with a TTL, but ${missing} of ${JITTER_READS} keys had none or did not exist.`);
    const [low, high] = [Math.min(...ttls), Math.max(...remaining)];
    // Up to a few seconds pass between storing and asking, on a busy machine.
    check(low >= TTL_MS * 0.9 - 5000 && high <= TTL_MS * 1.1, `Expected every TTL within ttlSeconds × [0.9, 1.1] = [${TTL_MS * 0.9}, ${TTL_MS * 1.1}] ms, got TTLs from ${low} to ${high} ms.`);
    check(high - low >= TTL_MS * 0.1, `Expected the TTLs of products stored together to spread over at least half of ttlSeconds × [0.9, 1.1] (${TTL_MS * 0.1} ms) so they do not expire together, but they lie within ${high - low} ms of each other (${low}–${high}). Draw each TTL at random.`);
    // Uniformly: the Kolmogorov-Smirnov distance to the uniform law on the range stays under what
    // chance gives once in a million runs. A draw from a few fixed values (0.9, 1.0, 1.1), or a
    // mean of two draws (which piles entries up in the middle), is far past it.
    const sorted = ttls.map((ttl) => (ttl - TTL_MS * 0.9) / (TTL_MS * 0.2)).sort((a, b) => a - b);
    const distance = Math.max(...sorted.map((x, i) => Math.max((i + 1) / sorted.length - clamp01(x), clamp01(x) - i / sorted.length)));
    const critical = Math.sqrt(-0.5 * Math.log(1e-6 / 2)) / Math.sqrt(sorted.length);
    const tenths = Array.from({ length: 10 }, (_, k) => sorted.filter((x) => Math.min(9, Math.max(0, Math.floor(x * 10))) === k).length);
    // "In milliseconds or seconds": a draw in whole seconds takes about 60 values over 270–330 s; one
    // in whole percents takes 21, and 50 entries then expire in the same millisecond.
    const seconds = new Set(ttls.map((ttl) => Math.round(ttl / 1000))).size;
    check(seconds >= 50, `Expected TTLs drawn at random in milliseconds or seconds, so that ${JITTER_READS} of them take most of the ${TTL_MS * 0.2 / 1000} whole seconds of the range, but they take only ${seconds}: draw a number of milliseconds (or seconds), not a whole percent of the TTL (SPEC.md#ttl-jitter).`);
    check(distance <= critical, `Expected the TTLs drawn uniformly from ttlSeconds × [0.9, 1.1], about ${JITTER_READS / 10} in each tenth of the range, but the tenths hold ${JSON.stringify(tenths)} (a Kolmogorov-Smirnov distance of ${distance.toFixed(3)} to the uniform law, over the ${critical.toFixed(3)} chance allows): draw once from the whole range (0.9 + Math.random() * 0.2), not from a few fixed values or a sum of draws (SPEC.md#ttl-jitter).`);
  });
});

describe('negative caching', () => {
  test('[negative-caching] a second read of a missing product is a 404 without a source call', async () => {
    const { source, instances } = await startCatalog();
    const id = uniqueId('missing');
    expectNotFound(await readProduct(instances[0]!.api, id), `from GET ${productPath(id)} for a product the source does not have`);
    expectNotFound(await readProduct(instances[0]!.api, id), `from a second GET ${productPath(id)}`);
    check(source.readsOf(id) === 1, `Expected the absence to be cached: a second read of a missing product should make no source call, but the source was read ${source.readsOf(id)} times.`);
  });

  test('[negative-caching] the absence is kept in the local tier too: gone from Redis, it is still a 404 without a source call', async () => {
    const { source, instances, redis, prefix } = await startCatalog();
    const id = uniqueId('missing');
    expectNotFound(await readProduct(instances[0]!.api, id), `from GET ${productPath(id)}`);
    // Redis loses the entry (evicted, flushed): the instance's own tier still knows, 300 ms on
    // (negativeTtlSeconds is 30 s here; a TTL given in seconds where milliseconds are meant is 30 ms).
    await redis.del(productKey(prefix, id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expectNotFound(await readProduct(instances[0]!.api, id), `from a second GET ${productPath(id)}, the absence gone from Redis`);
    check(source.readsOf(id) === 1, `Expected the second read to find the cached absence in the instance's local tier, but it read the source again (${source.readsOf(id)} reads): a "not found" is cached in every tier, the local one included (SPEC.md#negative-caching).`);
  });

  test('[negative-caching] the absence is cached as null under the product key, for negativeTtlSeconds ± 10%', async () => {
    const { instances, redis, prefix } = await startCatalog();
    const id = uniqueId('missing');
    expectNotFound(await readProduct(instances[0]!.api, id), `from GET ${productPath(id)}`);
    const key = productKey(prefix, id);
    const [stored, ttl] = await Promise.all([redis.get(key), redis.pttl(key)]);
    check(stored === 'null', `Expected ${key} to hold null for a product the source does not have (SPEC.md#the-keys), got ${stored === null ? 'no key' : stored}.`);
    const [low, high] = [DEFAULTS.negativeTtlSeconds * 1000 * 0.9, DEFAULTS.negativeTtlSeconds * 1000 * 1.1];
    check(ttl >= low && ttl <= high, `Expected the cached absence to expire after negativeTtlSeconds ± 10% (${low}–${high} ms; negativeTtlSeconds is in seconds), got a PTTL of ${ttl}${ttl === -1 ? ' (no expiry)' : ''}.`);
  });

  test('[negative-caching] once negativeTtlSeconds pass, a missing product is asked for again, in every tier', async () => {
    const { source, instances } = await startCatalog({ instances: 2, options: { negativeTtlSeconds: 1, local: { maxEntries: 100, maxBytes: 1 << 20, ttlMs: 60_000 } } });
    const [filler, finder] = instances as [Instance, Instance];
    const item = product();
    expectNotFound(await readProduct(filler.api, item.id), `from GET ${productPath(item.id)} before the product exists`);
    expectNotFound(await readProduct(finder.api, item.id), `from GET ${productPath(item.id)} on another instance, which finds the absence in Redis`);
    // The product then appears in the source without a write through the service (a supplier's feed).
    source.seed(item);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    for (const [name, how, { api }] of [['the other instance', 'found in Redis', finder], ['the first instance', 'read from the source', filler]] as const) {
      const response = await readProduct(api, item.id);
      check(
        response.status === 200 && isDeepStrictEqual(response.body, item),
        `Expected GET ${productPath(item.id)} on ${name} to find the product 1.3 s after it cached its absence (${how}), got ${response.status} ${response.text.slice(0, 120)}: a cached "not found" lives at most negativeTtlSeconds (1 s here) in Redis and in the local tier, however the tier got it (local.ttlMs is 60 s here; SPEC.md#negative-caching).`,
        response,
      );
    }
  });

  test('[negative-caching] after a PUT creates the product, it is found at once', async () => {
    const { instances } = await startCatalog({ instances: 2 });
    const item = product();
    expectNotFound(await readProduct(instances[0]!.api, item.id), `from GET ${productPath(item.id)} before the product exists`);
    expectNotFound(await readProduct(instances[1]!.api, item.id), `from GET ${productPath(item.id)} on the second instance`);
    expectStatus(await instances[0]!.api.put(productPath(item.id), putBody(item)), 200, `from PUT ${productPath(item.id)}`);
    expectProduct(await readProduct(instances[0]!.api, item.id), item, `from GET ${productPath(item.id)} right after the PUT that created it`);
  });
});
