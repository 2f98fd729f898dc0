import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'vitest';
import type { Product } from '@wb/target/02-caching/types.ts';
import { check, expectProblem, expectStatus } from '../../../harness/testing/expectations.ts';
import { startCatalog } from './support/catalog.ts';
import { eventually, expectProduct, putBody, productPath, readProduct } from './support/reads.ts';
import { startPrivateRedis } from './support/private-redis.ts';
import { inspector, keysUnder, lockKey, productKey } from './support/redis-keys.ts';
import { product, uniqueId } from './support/slow-source.ts';

/** Ids a client may send: separators, glob characters, escapes, Unicode, the longest allowed. */
const AWKWARD_IDS = ['a', 'a:b', 'a*', 'a?', '[a]', 'a b', '%41', 'A', 'a:lock:b', 'v1:product:a', 'ü/ß', '😀', 'x'.repeat(200)];

describe('safe-keys', () => {
  test('[safe-keys] attributes named __proto__, constructor and prototype come back as data, and pollute nothing', async () => {
    const { source, instances, add } = await startCatalog();
    // As a supplier's feed delivers it: JSON.parse makes `__proto__` an own key, as data.
    const item = JSON.parse(`{"id":"${uniqueId('proto')}","name":"Odd","priceCents":5,"tags":["a"],"attributes":{"__proto__":"polluted","constructor":"c","prototype":"p","isAdmin":"no"}}`) as Product;
    source.seed(item);
    const other = await add();
    const reads = [
      ['a miss (from the source)', await readProduct(instances[0]!.api, item.id)],
      ['a local hit', await readProduct(instances[0]!.api, item.id)],
      ['a Redis hit on another instance', await readProduct(other.api, item.id)],
    ] as const;
    for (const [how, response] of reads) {
      expectProduct(response, item, `from GET ${productPath(item.id)} on ${how}`);
      const attributes = JSON.parse(response.text).attributes as object;
      check(Object.hasOwn(attributes, '__proto__'), `Expected attributes.__proto__ to come back as data on ${how}, but it was lost: copying a product with Object.assign or a merge treats it as the prototype (SPEC.md#safe-keys).`, response);
    }
    check(({} as Record<string, unknown>).isAdmin === undefined && Object.getPrototypeOf({}) === Object.prototype, 'Expected no object prototype to change while serving products from the cache.');
  });

  test('[safe-keys] products with ids like __proto__ and constructor are found, not mistaken for built-ins', async () => {
    const { source, instances } = await startCatalog();
    const items = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'].map((id) => product({ id }));
    source.seed(...items);
    for (const item of items) {
      expectProduct(await readProduct(instances[0]!.api, item.id), item, `from GET ${productPath(item.id)}: an id a plain object already has a property for`);
      check(source.readsOf(item.id) === 1, `Expected the first read of '${item.id}' to ask the source, it asked ${source.readsOf(item.id)} times: a local tier kept in a plain object {} finds Object.prototype's '${item.id}' there. Use a Map (or an LRU built on one).`);
    }
  });

  test('[safe-keys] an instance with schemaVersion 2 never reads the entries version 1 wrote; both live side by side', async () => {
    const { source, instances, add, redis, prefix } = await startCatalog();
    const item = product();
    source.seed(item);
    expectProduct(await readProduct(instances[0]!.api, item.id), item);
    const v2 = await add({ schemaVersion: 2 });
    expectProduct(await readProduct(v2.api, item.id), item, `from GET ${productPath(item.id)} on an instance with schemaVersion 2`);
    check(source.readsOf(item.id) === 2, `Expected the version-2 instance to ask the source rather than read version 1's entry (a new shape must never read an old one), but the source was read ${source.readsOf(item.id)} times.`);
    const [v1Key, v2Key] = [productKey(prefix, item.id, 1), productKey(prefix, item.id, 2)];
    check((await redis.exists(v1Key)) === 1 && (await redis.exists(v2Key)) === 1, `Expected both ${v1Key} and ${v2Key} to exist, side by side (SPEC.md#the-keys).`);
  });

  test('[safe-keys] awkward ids each get their own exact key, under the prefix', async () => {
    const { source, instances, redis, prefix } = await startCatalog();
    const items = AWKWARD_IDS.map((id) => product({ id }));
    source.seed(...items);
    for (const item of items) expectProduct(await readProduct(instances[0]!.api, item.id), item, `from GET ${productPath(item.id.slice(0, 40))}${item.id.length > 40 ? '…' : ''} (an id of ${item.id.length} characters)`);
    for (const item of items) {
      const key = productKey(prefix, item.id);
      const stored = await redis.get(key);
      check(stored !== null && JSON.parse(stored)?.id === item.id, `Expected the product '${item.id.slice(0, 40)}' under ${key.slice(0, 80)} (the id encoded with encodeURIComponent, SPEC.md#the-keys), got ${stored === null ? 'no such key' : stored.slice(0, 80)}.`);
    }
    const productKeys = (await keysUnder(redis, prefix)).filter((key) => key.startsWith(`${prefix}v1:product:`));
    check(productKeys.length === items.length, `Expected one product key per id (${items.length}), found ${productKeys.length}.`);
  });

  test('[safe-keys] the fill lock of an awkward id is its own exact key too', async () => {
    const { source, instances, redis, prefix } = await startCatalog();
    const items = AWKWARD_IDS.map((id) => product({ id }));
    source.seed(...items);
    for (const item of items) source.slowDown(item.id, 400);
    const reads = items.map((item) => readProduct(instances[0]!.api, item.id));
    for (const read of reads) read.catch(() => {});
    // All fills are under way at once: each holds its lock for the 400 ms of its source read.
    const missing: string[] = [];
    const seen = await eventually(300, async () => {
      const exists = await Promise.all(items.map((item) => redis.exists(lockKey(prefix, item.id))));
      missing.splice(0, missing.length, ...items.filter((_, i) => exists[i] === 0).map((item) => item.id));
      return missing.length === 0;
    });
    for (const [i, read] of reads.entries()) expectProduct(await read, items[i]!);
    check(seen !== undefined, `Expected each fill's lock under P v1:lock: and the id encoded with encodeURIComponent (SPEC.md#the-keys) while it read the source, but no such key appeared for ${JSON.stringify(missing.slice(0, 4).map((id) => id.slice(0, 20)))}: encode the id in the lock key as in the product key, or 'a:lock:b' and 'a' share a lock.`);
  });

  test('[safe-keys] a PUT whose attributes are named constructor and prototype stores them as data', async () => {
    const { source, instances, add } = await startCatalog();
    const item = product();
    source.seed(item);
    const changed: Product = { ...item, attributes: { constructor: 'oak', prototype: 'v2', toString: 'plain' } };
    const put = await instances[0]!.api.put(productPath(item.id), putBody(changed));
    expectStatus(put, 200, `from PUT ${productPath(item.id)} with attributes named constructor, prototype and toString (SPEC.md#safe-keys: names like these are data)`);
    check(isDeepStrictEqual(source.current(item.id), changed), `Expected the PUT to write the product with its attributes as sent, but the source holds ${JSON.stringify(source.current(item.id))}.`);
    const other = await add();
    expectProduct(await readProduct(instances[0]!.api, item.id), changed, `from GET ${productPath(item.id)} on the writer after the PUT`);
    expectProduct(await readProduct(other.api, item.id), changed, `from GET ${productPath(item.id)} on another instance after the PUT`);
    // A body with a __proto__ key: Fastify's JSON parser refuses it, as SPEC.md#safe-keys says to keep.
    const writes = source.writes;
    const poisoned = JSON.parse('{"name":"Odd","priceCents":5,"tags":[],"attributes":{"__proto__":"x","a":"b"}}') as unknown;
    expectProblem(await instances[0]!.api.put(productPath(item.id), poisoned), 400, `from PUT ${productPath(item.id)} with an attribute named __proto__ (Fastify's prototype-poisoning guard: keep it on)`);
    check(source.writes === writes, `Expected a PUT whose body holds a __proto__ key to be refused before the source is written, but the source was written.`);
  });

  test('[safe-keys] every key and channel the service uses starts with keyPrefix', async () => {
    // A Redis of the test's own: everything in it, and on it, is this service's.
    await using server = await startPrivateRedis();
    const listener = inspector(server.info.uri);
    const published = new Set<string>();
    listener.on('pmessage', (_pattern: string, channel: string) => published.add(channel));
    await listener.psubscribe('*');
    try {
      const { source, instances, redis, prefix } = await startCatalog({ instances: 2, redisUrl: server.info.uri });
      const [item, gone] = [product(), product()];
      source.seed(item, gone);
      const api = instances[0]!.api;
      for (const id of [item.id, gone.id, uniqueId('missing')]) await readProduct(api, id);
      expectStatus(await api.put(productPath(item.id), putBody({ ...item, name: 'changed' })), 200, `from PUT ${productPath(item.id)}`);
      expectStatus(await api.delete(productPath(gone.id)), 204, `from DELETE ${productPath(gone.id)}`);
      await readProduct(instances[1]!.api, item.id);
      const outside = [...(await keysUnder(redis, '')).filter((key) => !key.startsWith(prefix)), ...[...published].filter((channel) => !channel.startsWith(prefix))];
      const subscribed = ((await redis.pubsub('CHANNELS')) as string[]).filter((channel) => !channel.startsWith(prefix));
      check(outside.length + subscribed.length === 0, `Expected every key and channel the service uses in Redis to start with keyPrefix '${prefix}' (SPEC.md#the-keys), but after reads, a PUT and a DELETE it used ${JSON.stringify([...outside, ...subscribed].slice(0, 5))}: another service or another version on the same Redis would read or invalidate them.`);
    } finally {
      listener.disconnect();
    }
  });

  test('[safe-keys] a write of one id never invalidates another (a* is not a pattern)', async () => {
    const { source, instances, add, redis, prefix } = await startCatalog();
    const items = ['a', 'a*', 'a:b', 'a?', '[a]', 'ab'].map((id) => product({ id: `${id}` }));
    source.seed(...items);
    for (const item of items) expectProduct(await readProduct(instances[0]!.api, item.id), item);
    const written = items.slice(0, 2);
    for (const item of written) {
      const changed = { ...item, name: 'changed' };
      expectStatus(await instances[0]!.api.put(productPath(changed.id), putBody(changed)), 200, `from PUT ${productPath(changed.id)}`);
    }
    const other = await add();
    for (const item of items.slice(2)) {
      const key = productKey(prefix, item.id);
      check((await redis.exists(key)) === 1, `Expected PUTs of 'a' and 'a*' to leave ${key} alone, but it is gone: invalidate exactly one key, never by pattern (KEYS, SCAN MATCH) or prefix; '*' in an id is a character, not a wildcard.`);
      expectProduct(await readProduct(instances[0]!.api, item.id), item);
      expectProduct(await readProduct(other.api, item.id), item);
      check(source.readsOf(item.id) === 1, `Expected PUTs of 'a' and 'a*' to leave the entry of '${item.id}' alone, but '${item.id}' was read from the source again: invalidate exactly one key, never by pattern or prefix.`);
    }
  });
});
