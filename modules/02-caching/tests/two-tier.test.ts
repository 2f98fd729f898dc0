import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'vitest';
import type { Product } from '@wb/target/02-caching/types.ts';
import { check, expectStatus } from '../../../harness/testing/expectations.ts';
import { startCatalog, type Catalog, type Instance } from './support/catalog.ts';
import { eventually, expectNotFound, expectProduct, putBody, productPath, readProduct, startHeldFill, within } from './support/reads.ts';
import { keysUnder, productKey } from './support/redis-keys.ts';
import { product, uniqueId } from './support/slow-source.ts';

/** The staleness bound of SPEC.md#two-tier. */
const STALENESS_MS = 200;

/** Empties Redis of this service's keys: what is still answered without the source came from the local tier. */
async function forgetRedis({ redis, prefix }: Catalog): Promise<void> {
  const keys = await keysUnder(redis, prefix);
  if (keys.length > 0) await redis.del(...keys);
}

describe('two-tier', () => {
  test('[two-tier] a read served by the local tier makes no source call, even once the Redis entry is gone', async () => {
    const catalog = await startCatalog();
    const item = product();
    catalog.source.seed(item);
    expectProduct(await readProduct(catalog.instances[0]!.api, item.id), item);
    await catalog.redis.del(productKey(catalog.prefix, item.id));
    expectProduct(await readProduct(catalog.instances[0]!.api, item.id), item, `from GET ${productPath(item.id)} with the entry in the local tier only`);
    check(catalog.source.readsOf(item.id) === 1, `Expected the second read to be answered by the instance's local tier, but it read the source (${catalog.source.readsOf(item.id)} reads): keep recently read products in memory in front of Redis.`);
  });

  test('[two-tier] the local tier holds at most maxEntries, evicting the least recently used first', async () => {
    const catalog = await startCatalog({ options: { local: { maxEntries: 5, maxBytes: 1 << 20, ttlMs: 60_000 } } });
    const { api } = catalog.instances[0]!;
    const items = Array.from({ length: 7 }, () => product());
    catalog.source.seed(...items);
    const [p0, p1, p2, p3, p4, p5, p6] = items as [Product, Product, Product, Product, Product, Product, Product];
    for (const item of [p0, p1, p2, p3, p4]) expectProduct(await readProduct(api, item.id), item);
    // p0 is used again: p1 is now the least recently used, then p2.
    expectProduct(await readProduct(api, p0.id), p0);
    for (const item of [p5, p6]) expectProduct(await readProduct(api, item.id), item);
    await forgetRedis(catalog);
    for (const item of [p0, p3, p4, p5, p6]) {
      expectProduct(await readProduct(api, item.id), item);
      check(catalog.source.readsOf(item.id) === 1, `Expected ${item === p0 ? 'p0, read again before p5 and p6 came in,' : `${item.id}, among the 5 most recently used,`} to still be in the local tier (maxEntries 5), but reading it called the source again.${item === p0 ? ' Evict the least recently used entry, not the oldest one.' : ''}`);
    }
    expectProduct(await readProduct(api, p1.id), p1);
    check(catalog.source.readsOf(p1.id) === 2, `Expected the least recently used product to have been evicted when the local tier (maxEntries 5) took a 6th entry, but it was still answered from memory: the local tier must be bounded.`);
  });

  test('[two-tier] maxEntries 0 turns the local tier off: every read asks Redis', async () => {
    const catalog = await startCatalog({ options: { local: { maxEntries: 0, maxBytes: 1 << 20, ttlMs: 60_000 } } });
    const { api } = catalog.instances[0]!;
    const item = product();
    catalog.source.seed(item);
    expectProduct(await readProduct(api, item.id), item);
    // Another writer of the shared cache (the search indexer warming it) replaces the entry.
    const warmed: Product = { ...item, name: 'warmed by the indexer' };
    await catalog.redis.set(productKey(catalog.prefix, item.id), JSON.stringify(warmed), 'PX', 60_000);
    const read = await readProduct(api, item.id);
    check(read.status === 200 && isDeepStrictEqual(read.body, warmed), `Expected an instance with local.maxEntries 0 (no local tier, SPEC.md#the-service) to answer what Redis holds, ${JSON.stringify(warmed.name)}, got ${read.text.slice(0, 200)}: it kept a local copy. maxEntries 0 turns the tier off, whatever maxBytes says.`, read);
  });

  test('[two-tier] the local tier holds as many values as fit in maxBytes, counted in UTF-8 bytes', async () => {
    // Ids of 200 characters (the longest allowed) and 500 characters of 'é' (1000 bytes in UTF-8):
    // a bound counted in characters keeps far more, one that counts the key as well keeps fewer.
    const items = Array.from({ length: 30 }, (_, i) => product({ id: `${'k'.repeat(195)}-${String(i).padStart(4, '0')}` }, 500, 'é'));
    const size = Math.max(...items.map((item) => Buffer.byteLength(JSON.stringify(item))));
    const fits = 10;
    const catalog = await startCatalog({ options: { local: { maxEntries: 1000, maxBytes: fits * size, ttlMs: 60_000 } } });
    const { api } = catalog.instances[0]!;
    catalog.source.seed(...items);
    for (const item of items) expectProduct(await readProduct(api, item.id), item);
    await forgetRedis(catalog);
    let kept = 0;
    // Most recent first, so reading one back does not evict the next one to check.
    for (const item of [...items].reverse()) {
      expectProduct(await readProduct(api, item.id), item);
      if (catalog.source.readsOf(item.id) === 1) kept++;
    }
    check(kept <= fits, `Expected the local tier to hold at most maxBytes (${fits * size} bytes: ${fits} of these products, ${size} bytes of JSON each in UTF-8), but ${kept} of 30 were still answered from memory: bound the tier by the size of its values in bytes (Buffer.byteLength), not characters.`);
    check(kept >= fits - 1, `Expected the local tier to keep the most recently read products that fit in maxBytes (${fits * size} bytes: ${fits} of these products, ${size} bytes of JSON each), but only ${kept} of 30 were answered from memory: a value's size is its JSON's UTF-8 length alone (not its key too), and the tier evicts only what it must (SPEC.md#two-tier).`);
  });

  test('[two-tier] a local entry lives at most local.ttlMs from when it was stored, however often it is read', async () => {
    const catalog = await startCatalog({ options: { local: { maxEntries: 100, maxBytes: 1 << 20, ttlMs: 300 } } });
    const { api } = catalog.instances[0]!;
    const item = product();
    catalog.source.seed(item);
    expectProduct(await readProduct(api, item.id), item);
    const stored = performance.now();
    await catalog.redis.del(productKey(catalog.prefix, item.id));
    // Read every 50 ms: a read must not make the entry young again.
    while (performance.now() - stored < 450) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expectProduct(await readProduct(api, item.id), item);
    }
    check(catalog.source.readsOf(item.id) >= 2, `Expected the local entry to expire local.ttlMs (300 ms here) after it was stored, so one of the reads every 50 ms until 450 ms went to Redis and then the source, but every one was answered from memory. A read must not extend a local entry's life (lru-cache: no updateAgeOnGet), or a popular product is never refreshed.`);

    // A cached "not found" too, though negativeTtlSeconds (30 s) is longer than local.ttlMs.
    const absent = product();
    expectNotFound(await readProduct(api, absent.id), `from GET ${productPath(absent.id)} before the product exists`);
    catalog.source.seed(absent);
    await catalog.redis.del(productKey(catalog.prefix, absent.id));
    await new Promise((resolve) => setTimeout(resolve, 450));
    const later = await readProduct(api, absent.id);
    check(later.status === 200 && isDeepStrictEqual(later.body, absent), `Expected a local entry of a "not found" to expire after local.ttlMs (300 ms here) like any other, so a read 450 ms later (the product now in the source, the Redis entry gone) finds it, got ${later.status} ${later.text.slice(0, 200)}: its local lifetime is the shorter of negativeTtlSeconds and local.ttlMs (SPEC.md#two-tier).`, later);
  });

  test('[two-tier] a fill in flight when another instance\'s write is answered does not keep the old value in its local tier', async () => {
    const catalog = await startCatalog({ instances: 2 });
    const [writer, reader] = catalog.instances as [Instance, Instance];
    const item = product();
    catalog.source.seed(item);
    // The reader's fill reads the old value, then takes a second to come back: the write on the
    // other instance is answered, and its invalidation reaches the reader, in between.
    const { fill } = await startHeldFill(catalog.source, reader.api, item, 1000);
    const changed: Product = { ...item, name: 'written while the other instance was filling' };
    expectStatus(await writer.api.put(productPath(item.id), putBody(changed)), 200, `from PUT ${productPath(item.id)}`);
    expectProduct(await fill, item, `from the GET ${productPath(item.id)} that read the source before the PUT`);
    await new Promise((resolve) => setTimeout(resolve, STALENESS_MS));
    const read = await readProduct(reader.api, item.id);
    check(read.status === 200 && isDeepStrictEqual(read.body, changed), `Expected the reader to answer the new value ${STALENESS_MS} ms after its fill, which had read the old value before another instance's PUT, came back; got ${read.text.slice(0, 200)}. The invalidation arrived while the fill was in flight, and the fill then put the old value in the local tier: an invalidation must also stop fills already under way from storing locally (SPEC.md#two-tier).`, read);
  });

  test('[two-tier] a write removes the Redis entry before it tells the other instances: none reads the old value back', async () => {
    const catalog = await startCatalog();
    const reader = catalog.instances[0]!;
    const { instance: writer, holder } = await catalog.addHeld();
    const item = product();
    catalog.source.seed(item);
    expectProduct(await readProduct(reader.api, item.id), item);
    // The writer's next step after it publishes waits, while the reader, told to drop its copy,
    // reads again (twice, in case the message took its time).
    const hold = holder.holdAfter('publish');
    const changed: Product = { ...item, name: 'written while the invalidation was on its way' };
    const put = writer.api.put(productPath(item.id), putBody(changed));
    put.catch(() => {});
    try {
      const published = await within(2000, Promise.race([hold.sent.then(() => true), put.then(() => false)]), `PUT ${productPath(item.id)} to publish its invalidation`);
      if (published) {
        for (const pause of [50, 50]) {
          await new Promise((resolve) => setTimeout(resolve, pause));
          const read = await readProduct(reader.api, item.id);
          expectStatus(read, 200, `from GET ${productPath(item.id)} while a PUT was under way`);
        }
      }
    } finally {
      hold.release();
    }
    expectStatus(await within(2000, put, `PUT ${productPath(item.id)}`), 200, `from PUT ${productPath(item.id)}`);
    await new Promise((resolve) => setTimeout(resolve, STALENESS_MS));
    const read = await readProduct(reader.api, item.id);
    check(read.status === 200 && isDeepStrictEqual(read.body, changed), `Expected the other instance to answer the new value ${STALENESS_MS} ms after the PUT was answered, got ${read.text.slice(0, 200)}. It dropped its local copy when the invalidation came, read Redis again and found the old entry still there, and kept it: remove the entry from Redis first, then publish (SPEC.md#two-tier).`, read);
  });

  test('[two-tier] an invalidation that arrives while a Redis read is on its way keeps its old value out of the local tier', async () => {
    const catalog = await startCatalog();
    const writer = catalog.instances[0]!;
    const { instance: reader, holder } = await catalog.addHeld();
    const item = product();
    catalog.source.seed(item);
    expectProduct(await readProduct(writer.api, item.id), item);
    // The reader's GET runs in Redis (the old value) but its answer waits while the writer's PUT is
    // answered and its invalidation reaches the reader.
    const hold = holder.holdAfter(productKey(catalog.prefix, item.id));
    const read = readProduct(reader.api, item.id);
    read.catch(() => {});
    const changed: Product = { ...item, name: 'written while a Redis read was on its way' };
    try {
      await within(1000, Promise.race([hold.sent, read]), `the reader's GET ${productPath(item.id)} to look in Redis`);
      expectStatus(await writer.api.put(productPath(item.id), putBody(changed)), 200, `from PUT ${productPath(item.id)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      hold.release();
    }
    expectStatus(await within(2000, read, `the reader's GET ${productPath(item.id)}`), 200, `from the reader's GET ${productPath(item.id)} that began before the PUT`);
    await new Promise((resolve) => setTimeout(resolve, STALENESS_MS));
    const after = await readProduct(reader.api, item.id);
    check(after.status === 200 && isDeepStrictEqual(after.body, changed), `Expected the reader to answer the new value ${STALENESS_MS} ms after the PUT was answered, got ${after.text.slice(0, 200)}. Its Redis read had fetched the old value before the PUT, the invalidation came while that answer was on its way, and the old value went into the local tier after it: note the tier's state (an epoch, a version) before the Redis read, not after its answer (SPEC.md#two-tier).`, after);
  });

  for (const write of ['PUT', 'DELETE'] as const) {
    test(`[two-tier] a ${write} on one instance reaches the other's local tier within ${STALENESS_MS} ms`, async () => {
      const catalog = await startCatalog({ instances: 2, options: { local: { maxEntries: 100, maxBytes: 1 << 20, ttlMs: 60_000 } } });
      const [writer, reader] = catalog.instances as [(typeof catalog.instances)[0], (typeof catalog.instances)[0]];
      // Ids with separators too: a message that is parsed, not taken whole, drops the wrong entry.
      const ids = [uniqueId('plain'), `ns:${uniqueId('a')}`, `a b/ü*:${uniqueId('b')}`];
      for (let round = 1; round <= 3; round++) {
        const item = product({ id: ids[round - 1]! });
        catalog.source.seed(item);
        expectProduct(await readProduct(writer.api, item.id), item);
        expectProduct(await readProduct(reader.api, item.id), item);
        const changed: Product = { ...item, name: `changed in round ${round}` };
        const response = write === 'PUT' ? await writer.api.put(productPath(item.id), putBody(changed)) : await writer.api.delete(productPath(item.id));
        expectStatus(response, write === 'PUT' ? 200 : 204, `from ${write} ${productPath(item.id)}`);
        const seenAfter = await eventually(STALENESS_MS, async () => {
          const read = await readProduct(reader.api, item.id);
          return write === 'PUT' ? read.status === 200 && isDeepStrictEqual(read.body, changed) : read.status === 404;
        });
        check(seenAfter !== undefined, `Expected the other instance to answer the ${write === 'PUT' ? 'new value' : '404'} within ${STALENESS_MS} ms of the ${write} being answered (round ${round}), but it still answered the old product from its local tier: publish the change over Redis pub/sub and drop it from every local tier (SPEC.md#two-tier).`);
      }
    });
  }
});
