import { describe, test } from 'vitest';
import { counterTarget, gradeCounter } from '../../../harness/testing/counters.ts';
import { check } from '../../../harness/testing/expectations.ts';
import manifest from '../module.ts';
import { DEFAULTS, startCatalog, type Instance } from './support/catalog.ts';
import { eventually, expectProduct, productPath, readProduct, startHeldFill, within } from './support/reads.ts';
import { lockKey, productKey } from './support/redis-keys.ts';
import { product } from './support/slow-source.ts';

const ONE_INSTANCE = counterTarget(manifest, 'source calls for 200 concurrent reads of a cold key, one instance');
const TWO_INSTANCES = counterTarget(manifest, 'source calls for 100 + 100 concurrent reads of a cold key, two instances');

describe('stampede', () => {
  test('[stampede] 200 concurrent reads of a cold key in one instance make exactly one source call', async ({ task }) => {
    const { source, instances } = await startCatalog();
    const item = product();
    source.seed(item);
    source.slowDown(item.id, 100);
    const responses = await Promise.all(Array.from({ length: 200 }, () => readProduct(instances[0]!.api, item.id)));
    for (const response of responses) expectProduct(response, item);
    gradeCounter(task, ONE_INSTANCE, source.readsOf(item.id), 'the first reader fills the entry and the others wait for it (SPEC.md#stampede).');
  });

  test('[stampede] 100 + 100 concurrent reads of a cold key in two instances make at most one source call', async ({ task }) => {
    const { source, instances } = await startCatalog({ instances: 2 });
    const item = product();
    source.seed(item);
    source.slowDown(item.id, 100);
    const responses = await Promise.all(instances.flatMap(({ api }) => Array.from({ length: 100 }, () => readProduct(api, item.id))));
    for (const response of responses) expectProduct(response, item);
    gradeCounter(task, TWO_INSTANCES, source.readsOf(item.id), 'instances share one fill through a lock in Redis, not only a map in their own memory (SPEC.md#stampede).');
  });

  test('[stampede] while the source is read, the lock key holds a token with a TTL of at most lockTtlMs, and is released after', async () => {
    const { source, instances, redis, prefix } = await startCatalog();
    const tokens: string[] = [];
    for (const item of [product(), product()]) {
      source.seed(item);
      source.slowDown(item.id, 300);
      const key = lockKey(prefix, item.id);
      const read = readProduct(instances[0]!.api, item.id);
      // Awaited below; a read that failed explains more than a lock never seen.
      read.catch(() => {});
      const seenAfter = await eventually(250, async () => (await redis.exists(key)) === 1);
      if (seenAfter === undefined) await read;
      check(seenAfter !== undefined, `Expected the first reader of a cold key to take the fill lock ${key} (SET NX PX, SPEC.md#the-keys) while it reads the source, but the key never appeared.`);
      const [token, ttl] = await Promise.all([redis.get(key), redis.pttl(key)]);
      check(ttl > 0 && ttl <= 2000, `Expected the fill lock to expire within lockTtlMs (2000 ms) so a holder that dies cannot block the key, got a PTTL of ${ttl}${ttl === -1 ? ' (no expiry)' : ''}.`);
      check(typeof token === 'string' && token.length >= 8, `Expected the fill lock to hold a random token of its holder, got ${JSON.stringify(token)}.`);
      tokens.push(token);
      expectProduct(await read, item);
      check((await redis.exists(key)) === 0, `Expected the holder to release the fill lock ${key} once the entry is stored, but it is still there.`);
    }
    check(tokens[0] !== tokens[1], `Expected each acquisition of a fill lock to hold a token of its own, but two holders both wrote ${JSON.stringify(tokens[0])}: with the same token, a holder cannot tell its lock from the next one's.`);
  });

  test('[stampede] a lock left by a holder that died is taken over once it expires, by one instance, which stores the entry', async () => {
    const lockTtlMs = 300;
    const { source, instances, redis, prefix } = await startCatalog({ instances: 2, options: { lockTtlMs } });
    const item = product();
    source.seed(item);
    // Another instance took the lock and died: nobody will release it.
    await redis.set(lockKey(prefix, item.id), 'a-holder-that-died', 'PX', lockTtlMs);
    const started = performance.now();
    const responses = await Promise.all(
      instances.map(({ api }) => within(lockTtlMs + 1500, readProduct(api, item.id), `GET ${productPath(item.id)} to be answered after the dead holder's lock (${lockTtlMs} ms) expired`)),
    );
    for (const response of responses) expectProduct(response, item);
    check(source.readsOf(item.id) === 1, `Expected one source read across the two waiting instances once the dead holder's lock expired, got ${source.readsOf(item.id)}: when the lock is gone and no entry came, take the lock (SET NX) before reading the source, so only one waiter reads it (SPEC.md#stampede).`);
    check(performance.now() - started >= lockTtlMs - 50, `Expected the readers to wait for the lock another instance held (${lockTtlMs} ms) rather than read the source at once, but they answered after ${Math.round(performance.now() - started)} ms.`);
    const stored = await redis.get(productKey(prefix, item.id));
    check(stored !== null && JSON.parse(stored)?.id === item.id, `Expected the instance that took the dead holder's lock over to store the product under ${productKey(prefix, item.id)}, got ${stored === null ? 'no such key' : stored.slice(0, 80)}: a fill after a takeover is a fill like any other.`);
  });

  test('[stampede] a reader waits for a live holder as long as its lock lasts, even a fill that takes over a second', async () => {
    const { source, instances, redis, prefix } = await startCatalog({ instances: 2 });
    const item = product();
    source.seed(item);
    source.slowDown(item.id, 1200);
    const key = lockKey(prefix, item.id);
    const [holder, waiter] = instances as [Instance, Instance];
    const first = readProduct(holder.api, item.id);
    first.catch(() => {});
    const taken = await eventually(500, async () => (await redis.exists(key)) === 1);
    if (taken === undefined) await first;
    check(taken !== undefined, `Expected the first reader of a cold key to take the fill lock ${key} while it reads the source.`);
    const token = await redis.get(key);
    const second = readProduct(waiter.api, item.id);
    second.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 900));
    const still = await redis.get(key);
    check(still === token, `Expected the fill lock ${key} to stay with its holder for the whole of its ${DEFAULTS.lockTtlMs} ms while the holder reads a slow source (1.2 s), but 0.9 s after another instance began to wait it holds ${JSON.stringify(still)}: a waiter takes a lock over only once it expired, never by deleting it (SPEC.md#stampede).`);
    const [a, b] = await Promise.all([first, second]);
    expectProduct(a, item, `from the holder's GET ${productPath(item.id)}`);
    expectProduct(b, item, `from the waiting instance's GET ${productPath(item.id)}`);
    check(source.readsOf(item.id) === 1, `Expected the waiting instance to wait for the holder's fill (1.2 s, within lockTtlMs ${DEFAULTS.lockTtlMs} ms) and make no source call, but the source was read ${source.readsOf(item.id)} times: wait while the lock lasts (SPEC.md#stampede).`);
  });

  test('[stampede] a reader that missed just before another instance stored the entry and released its lock uses that entry', async () => {
    const catalog = await startCatalog();
    const { source, redis, prefix } = catalog;
    const { instance: late, holder: replies } = await catalog.addHeld();
    const item = product();
    source.seed(item);
    const { fill } = await startHeldFill(source, catalog.instances[0]!.api, item, 300);
    // The late reader looks in Redis while the first one holds the lock and reads the source; the
    // answer to that look waits until the first has stored the entry and released its lock.
    const hold = replies.holdAfter(productKey(prefix, item.id));
    const read = readProduct(late.api, item.id);
    read.catch(() => {});
    try {
      await within(1000, Promise.race([hold.sent, read]), `the second instance's GET ${productPath(item.id)} to look for the entry in Redis (SPEC.md#the-keys)`);
      expectProduct(await fill, item, `from the first instance's GET ${productPath(item.id)}`);
      await eventually(500, async () => (await redis.exists(lockKey(prefix, item.id))) === 0);
    } finally {
      hold.release();
    }
    expectProduct(await within(2000, read, `the second instance's GET ${productPath(item.id)}`), item, `from the second instance's GET ${productPath(item.id)}`);
    check(source.readsOf(item.id) === 1, `Expected one source read, but there were ${source.readsOf(item.id)}: the second instance's read missed in Redis while the first was filling, and by the time it took the lock (now free) the first had stored the entry. Once you hold the lock, look for the entry again before reading the source (SPEC.md#stampede).`);
  });

  test('[stampede] the holder lets go of its lock only once the entry is stored: a waiter never finds neither', async () => {
    const catalog = await startCatalog();
    const { source, prefix } = catalog;
    const waiter = catalog.instances[0]!;
    const { instance: holder, holder: replies } = await catalog.addHeld();
    const item = product();
    source.seed(item);
    const { fill } = await startHeldFill(source, holder.api, item, 300);
    const waited = readProduct(waiter.api, item.id);
    waited.catch(() => {});
    // The holder's next command on its lock (its release) runs; what it sends after waits 300 ms,
    // while the other instance looks for the entry and the lock.
    const hold = replies.holdAfter(lockKey(prefix, item.id));
    try {
      await within(2000, Promise.race([hold.sent, fill]), `the holder's GET ${productPath(item.id)} to release its lock`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      hold.release();
    }
    expectProduct(await within(2000, fill, `the holder's GET ${productPath(item.id)}`), item);
    expectProduct(await within(2000, waited, `the waiting instance's GET ${productPath(item.id)}`), item);
    check(source.readsOf(item.id) === 1, `Expected one source read, but there were ${source.readsOf(item.id)}: the holder released its lock before the entry was stored, so the waiting instance saw neither, took the lock and read the source again. Store the entry, then release the lock (SPEC.md#stampede).`);
  });

  test("[stampede] a holder whose lock expired does not delete the lock another instance took after it", async () => {
    const lockTtlMs = 150;
    const { source, instances, redis, prefix } = await startCatalog({ options: { lockTtlMs } });
    const item = product();
    source.seed(item);
    source.slowDown(item.id, 700);
    const key = lockKey(prefix, item.id);
    const read = readProduct(instances[0]!.api, item.id);
    read.catch(() => {});
    const taken = await eventually(500, async () => (await redis.exists(key)) === 1);
    if (taken === undefined) await read;
    check(taken !== undefined, `Expected the reader to take the fill lock ${key} while it reads the source.`);
    // The service's lock expires while its (slow) source read goes on; another instance takes it.
    const expired = await eventually(lockTtlMs + 400, async () => (await redis.set(key, 'the-next-holder', 'PX', 5000, 'NX')) === 'OK');
    check(expired !== undefined, `Expected the fill lock to expire after lockTtlMs (${lockTtlMs} ms), but it was still there ${lockTtlMs + 400} ms later.`);
    expectProduct(await read, item);
    const holder = await redis.get(key);
    check(holder === 'the-next-holder', `Expected the slow holder, whose lock had expired, to leave the next holder's lock alone, but the lock key now holds ${JSON.stringify(holder)}: release the lock only if it still holds your token, in one atomic step (SPEC.md#stampede).`);
  });
});
