import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'vitest';
import type { Product } from '@wb/target/02-caching/types.ts';
import type { ApiClient } from '../../../harness/testing/api-client.ts';
import { check, expectProblem, expectStatus } from '../../../harness/testing/expectations.ts';
import { NO_LOCAL_TIER, startCatalog, type Catalog, type Instance } from './support/catalog.ts';
import { expectNotFound, expectProduct, putBody, productPath, readProduct, startHeldFill, within } from './support/reads.ts';
import { productKey } from './support/redis-keys.ts';
import { product } from './support/slow-source.ts';

const ROUNDS = 5;

/**
 * Reads one product over and over from each client until stopped, as a popular product is read
 * while it changes. Records every answer.
 */
function hammer(clients: ApiClient[], id: string): { stop: () => Promise<void> } {
  let running = true;
  const loops = clients.flatMap((api) =>
    Array.from({ length: 3 }, async () => {
      while (running) {
        await readProduct(api, id);
        // A read the local tier answers may never leave the microtask queue: let timers run.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }),
  );
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** A writer (with a local tier) and another instance without one, both having read one product. */
async function writerAndReaderWarm(): Promise<{ catalog: Catalog; writer: Instance; other: Instance; item: Product }> {
  const catalog = await startCatalog();
  const other = await catalog.add(NO_LOCAL_TIER);
  const writer = catalog.instances[0]!;
  const item = product();
  catalog.source.seed(item);
  expectProduct(await readProduct(writer.api, item.id), item);
  expectProduct(await readProduct(other.api, item.id), item);
  return { catalog, writer, other, item };
}

describe('invalidation', () => {
  test('[invalidation] after a PUT is answered, the writer and another instance read the new value', async () => {
    const { writer, other, item } = await writerAndReaderWarm();
    const changed: Product = { ...item, name: 'renamed', priceCents: item.priceCents + 1 };
    const put = await writer.api.put(productPath(item.id), putBody(changed));
    expectStatus(put, 200, `from PUT ${productPath(item.id)}`);
    expectProduct(await readProduct(writer.api, item.id), changed, `from GET ${productPath(item.id)} on the writing instance right after the PUT was answered`);
    expectProduct(await readProduct(other.api, item.id), changed, `from GET ${productPath(item.id)} on another instance (no local tier) right after the PUT was answered`);
  });

  test('[invalidation] after a DELETE is answered, reads are 404 on the writer and another instance', async () => {
    const { writer, other, item } = await writerAndReaderWarm();
    expectStatus(await writer.api.delete(productPath(item.id)), 204, `from DELETE ${productPath(item.id)}`);
    expectNotFound(await readProduct(writer.api, item.id), `from GET ${productPath(item.id)} on the writing instance right after the DELETE`);
    expectNotFound(await readProduct(other.api, item.id), `from GET ${productPath(item.id)} on another instance right after the DELETE`);
    expectNotFound(await writer.api.delete(productPath(item.id)), `from a second DELETE ${productPath(item.id)}`);
  });

  test("[invalidation] a PUT stores the product under the path's id, whatever id the body names", async () => {
    const { source, instances } = await startCatalog();
    const item = product();
    const other = `${item.id}-in-the-body`;
    const put = await instances[0]!.api.put(productPath(item.id), { ...putBody(item), id: other });
    expectStatus(put, 200, `from PUT ${productPath(item.id)} with "id": "${other}" in its body`);
    check((put.body as Product).id === item.id, `Expected the PUT to answer the product with the path's id '${item.id}', got id ${JSON.stringify((put.body as Product).id)}.`, put);
    check(source.current(item.id) !== undefined && source.current(other) === undefined, `Expected the PUT to write '${item.id}' (the path's id) to the source and nothing under '${other}' (the body's), but the source holds ${source.current(item.id) ? `'${item.id}'` : `no '${item.id}'`} and ${source.current(other) ? `a '${other}'` : `no '${other}'`} (SPEC.md#the-service).`);
    expectProduct(await readProduct(instances[0]!.api, item.id), item, `from GET ${productPath(item.id)} after the PUT`);
  });

  test(`[invalidation] reads racing a PUT never bring the old value back, in each of ${ROUNDS} rounds`, async () => {
    const { source, instances, add } = await startCatalog();
    const other = await add(NO_LOCAL_TIER);
    const writer = instances[0]!;
    let current = product();
    source.seed(current);
    for (let round = 1; round <= ROUNDS; round++) {
      expectProduct(await readProduct(writer.api, current.id), current);
      const reads = hammer([writer.api, other.api], current.id);
      await new Promise((resolve) => setTimeout(resolve, 15));
      const next: Product = { ...current, name: `round ${round}`, priceCents: current.priceCents + 1 };
      const put = await writer.api.put(productPath(current.id), putBody(next));
      expectStatus(put, 200, `from PUT ${productPath(current.id)} in round ${round}`);
      // The PUT is answered: from now on no instance may answer the old value.
      const after = await Promise.all([readProduct(writer.api, current.id), readProduct(other.api, current.id)]);
      await reads.stop();
      const settled = await Promise.all([readProduct(writer.api, current.id), readProduct(other.api, current.id)]);
      for (const response of [...after, ...settled]) {
        check(
          response.status === 200 && isDeepStrictEqual(response.body, next),
          `Expected every read after the PUT was answered to return the new value (${next.name}), but one returned ${response.text.slice(0, 200)}, in round ${round} of ${ROUNDS}, while other reads of the product were running. A read that misses while the write is under way reads the old value from the source and caches it again: write to the source first, then remove the entry (SPEC.md#invalidation).`,
          response,
        );
      }
      current = next;
    }
  });

  test('[invalidation] a fill that read the old value before a PUT and returns 1 s after it does not store the old value, whether the product was written before, never, or did not exist', async () => {
    // lockTtlMs 300: the fill outlives its own lock, so a generation kept only that long is gone.
    const { source, instances, add } = await startCatalog({ options: { ...NO_LOCAL_TIER, lockTtlMs: 300 } });
    const writer = await add();
    const reader = instances[0]!;
    // Never written: the PUT makes the product's first generation, which must outlive the fill.
    // Written once: the PUT must change a generation that already exists.
    // Not in the source: the fill's "not found" is an old value like any other.
    for (const history of ['never written', 'written once before', 'not in the source yet'] as const) {
      let item = product();
      if (history !== 'not in the source yet') source.seed(item);
      if (history === 'written once before') {
        item = { ...item, name: 'written once before' };
        expectStatus(await writer.api.put(productPath(item.id), putBody(item)), 200, `from the first PUT ${productPath(item.id)}`);
      }
      // The reader's source read sees the old value, then takes a second to come back: the PUT
      // commits and is answered in between.
      const { fill } = await startHeldFill(source, reader.api, item, 1000);
      const next: Product = { ...item, name: 'written while a fill was reading', priceCents: item.priceCents + 1 };
      expectStatus(await writer.api.put(productPath(item.id), putBody(next)), 200, `from PUT ${productPath(item.id)}`);
      const what = `from the GET ${productPath(item.id)} that read the source before the PUT`;
      if (history === 'not in the source yet') expectNotFound(await fill, what);
      else expectProduct(await fill, item, what);
      for (const [name, { api }] of [['the reader', reader], ['the writer', writer]] as const) {
        const response = await readProduct(api, item.id);
        check(
          response.status === 200 && isDeepStrictEqual(response.body, next),
          `Expected GET ${productPath(item.id)} (a product ${history}) on ${name} after the PUT was answered to return the new value (${next.name}), got ${response.status} ${response.text.slice(0, 200)}: a fill that read the old ${history === 'not in the source yet' ? '"not found"' : 'value'} before the PUT stored it after. Note the product's generation before reading the source and store only if it is unchanged, a cached absence as much as a product; every write must change it (a counter, not a flag), and it must outlive any fill that noted the one before (SPEC.md#invalidation).`,
          response,
        );
      }
    }
  });

  test('[invalidation] a write removes the entry and changes the generation in one step: a fill cannot store between them', async () => {
    const catalog = await startCatalog({ options: NO_LOCAL_TIER });
    const reader = catalog.instances[0]!;
    const { instance: writer, holder } = await catalog.addHeld();
    const item = product();
    catalog.source.seed(item);
    // The reader's fill notes the generation and reads the old value; it stores 300 ms later.
    const { fill } = await startHeldFill(catalog.source, reader.api, item, 300);
    // The writer's first Redis command naming the product runs; what it sends next waits until the
    // reader has stored.
    const hold = holder.holdAfter(productKey(catalog.prefix, item.id));
    const next: Product = { ...item, name: 'written while a fill was reading' };
    const put = writer.api.put(productPath(item.id), putBody(next));
    put.catch(() => {});
    try {
      await within(2000, Promise.race([hold.sent, put]), `PUT ${productPath(item.id)} to invalidate the entry in Redis`);
      expectProduct(await fill, item, `from the GET ${productPath(item.id)} that read the source before the PUT`);
    } finally {
      hold.release();
    }
    expectStatus(await within(2000, put, `PUT ${productPath(item.id)}`), 200, `from PUT ${productPath(item.id)}`);
    for (const [name, { api }] of [['the reader', reader], ['the writer', writer]] as const) {
      const response = await readProduct(api, item.id);
      check(
        response.status === 200 && isDeepStrictEqual(response.body, next),
        `Expected GET ${productPath(item.id)} on ${name} after the PUT was answered to return the new value, got ${response.text.slice(0, 200)}: a fill that noted the generation before the PUT stored the old value between the writer's removal of the entry and its change of the generation. Remove the entry and change the generation in one atomic step (one Lua script, or MULTI), so no store fits between them (SPEC.md#invalidation).`,
        response,
      );
    }
  });

  test('[invalidation] a fill compares the generation and stores in one step: a write between the two cannot be undone', async () => {
    const catalog = await startCatalog({ options: NO_LOCAL_TIER });
    const writer = catalog.instances[0]!;
    const { instance: filler, holder } = await catalog.addHeld();
    const item = product();
    catalog.source.seed(item);
    // The filler notes the generation and reads the old value; the first command it sends after
    // that runs, and the answer waits while a PUT on the other instance is answered.
    const { fill } = await startHeldFill(catalog.source, filler.api, item, 300);
    const hold = holder.holdAfter('');
    const next: Product = { ...item, name: 'written between a fill\'s check and its store' };
    try {
      await within(2000, Promise.race([hold.sent, fill]), `the filler's GET ${productPath(item.id)} to store what it read`);
      expectStatus(await writer.api.put(productPath(item.id), putBody(next)), 200, `from PUT ${productPath(item.id)}`);
    } finally {
      hold.release();
    }
    expectProduct(await within(3000, fill, `the filler's GET ${productPath(item.id)}`), item, `from the GET ${productPath(item.id)} that read the source before the PUT`);
    for (const [name, { api }] of [['the writer', writer], ['the filler', filler]] as const) {
      const response = await readProduct(api, item.id);
      check(
        response.status === 200 && isDeepStrictEqual(response.body, next),
        `Expected GET ${productPath(item.id)} on ${name} after the PUT was answered to return the new value, got ${response.text.slice(0, 200)}: the fill checked the generation, the PUT changed it, and the fill stored the old value anyway. Compare and store in one atomic step (one Lua script, or WATCH with MULTI/EXEC), not a GET followed by a SET (SPEC.md#invalidation).`,
        response,
      );
    }
  });

  test('[invalidation] a read that starts after a PUT was answered does not join a fill that began before it', async () => {
    const { source, instances, add } = await startCatalog({ options: NO_LOCAL_TIER });
    const reader = instances[0]!;
    const writer = await add();
    const item = product();
    source.seed(item);
    // A fill reads the old value and takes a second to come back; meanwhile a PUT is answered.
    const { fill } = await startHeldFill(source, reader.api, item, 1000);
    const next: Product = { ...item, name: 'written while an older fill was in flight' };
    expectStatus(await writer.api.put(productPath(item.id), putBody(next)), 200, `from PUT ${productPath(item.id)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const late = await within(3000, readProduct(reader.api, item.id), `a GET ${productPath(item.id)} that began after the PUT was answered`);
    check(late.status === 200 && isDeepStrictEqual(late.body, next), `Expected a GET that began after the PUT was answered to return the new value, got ${late.text.slice(0, 200)}: it joined a fill in flight since before the PUT, which read the old value. A reader shares a fill only if no invalidation came after the fill began (SPEC.md#invalidation).`, late);
    expectProduct(await fill, item, `from the GET ${productPath(item.id)} that read the source before the PUT`);
  });

  test('[invalidation] a DELETE of a product the source no longer has is a 404 that still removes its entry', async () => {
    const { source, instances, add } = await startCatalog({ options: NO_LOCAL_TIER });
    const item = product();
    source.seed(item);
    expectProduct(await readProduct(instances[0]!.api, item.id), item);
    // Gone from the source by another path (an admin tool, a write whose invalidation was lost).
    source.forget(item.id);
    expectNotFound(await instances[0]!.api.delete(productPath(item.id)), `from DELETE ${productPath(item.id)} of a product the source no longer has`);
    const other = await add();
    expectNotFound(await readProduct(other.api, item.id), `from GET ${productPath(item.id)} after a DELETE answered 404: the write path still removes the entry (SPEC.md#invalidation: a DELETE removes the cache entry, then answers)`);
  });

  test('[invalidation] a PUT body that is not a product is a 400 problem and writes nothing; a price of 0 is a price', async () => {
    const { source, instances } = await startCatalog();
    const { api } = instances[0]!;
    const item = product();
    const valid = { name: 'Free sample', priceCents: 0, tags: [], attributes: {} };
    const bad: [string, unknown][] = [
      ['no name', { priceCents: 1, tags: [], attributes: {} }],
      ['a name that is a number', { ...valid, name: 5 }],
      ['a negative price', { ...valid, priceCents: -1 }],
      ['a fractional price', { ...valid, priceCents: 1.5 }],
      ['a price given as text', { ...valid, priceCents: '5' }],
      ['tags that are not strings', { ...valid, tags: [1] }],
      ['attributes with a value that is not a string', { ...valid, attributes: { weight: 3 } }],
      ['an array for a body', [valid]],
      ['no attributes', { name: 'n', priceCents: 1, tags: [] }],
      ['no tags', { name: 'n', priceCents: 1, attributes: {} }],
    ];
    for (const [what, body] of bad) {
      expectProblem(await api.put(productPath(item.id), body), 400, `from PUT ${productPath(item.id)} with ${what}`);
    }
    check(source.writes === 0, `Expected a PUT body that is not a product to be refused before the source is written, but the source was written ${source.writes} times (SPEC.md#the-service).`);
    const put = await api.put(productPath(item.id), valid);
    expectStatus(put, 200, `from PUT ${productPath(item.id)} with priceCents 0 (an integer ≥ 0)`);
    expectProduct(await readProduct(api, item.id), { id: item.id, ...valid }, `from GET ${productPath(item.id)} after a PUT with priceCents 0`);
    const unnamed = { ...valid, name: '' };
    expectStatus(await api.put(productPath(item.id), unnamed), 200, `from PUT ${productPath(item.id)} with an empty name (a string is a name; SPEC.md#the-service asks no more)`);
    expectProduct(await readProduct(api, item.id), { id: item.id, ...unnamed }, `from GET ${productPath(item.id)} after a PUT with an empty name`);
  });

  test('[invalidation] concurrent PUTs from two instances leave the cache agreeing with the source', async () => {
    const { source, instances } = await startCatalog({ instances: 2, options: NO_LOCAL_TIER });
    const item = product();
    source.seed(item);
    for (let round = 1; round <= ROUNDS; round++) {
      expectProduct(await readProduct(instances[0]!.api, item.id), source.current(item.id)!);
      const writes = instances.map(({ api }, i) => api.put(productPath(item.id), putBody({ ...item, name: `round ${round} by instance ${i + 1}` })));
      for (const response of await Promise.all(writes)) expectStatus(response, 200, `from PUT ${productPath(item.id)}`);
      const truth = source.current(item.id)!;
      for (const [i, { api }] of instances.entries()) {
        expectProduct(await readProduct(api, item.id), truth, `from GET ${productPath(item.id)} on instance ${i + 1} after two concurrent PUTs (round ${round}; the source holds "${truth.name}")`);
      }
    }
  });
});
