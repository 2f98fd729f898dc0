import { isDeepStrictEqual } from 'node:util';
import type { Product } from '@wb/target/02-caching/types.ts';
import type { SlowSource } from './slow-source.ts';
import type { ApiClient, ApiResponse } from '../../../../harness/testing/api-client.ts';
import { check, expectProblem, expectStatus, fail } from '../../../../harness/testing/expectations.ts';

/** `/products/<id>`, the id URL-encoded as a client would. */
export function productPath(id: string): string {
  return `/products/${encodeURIComponent(id)}`;
}

export function readProduct(api: ApiClient, id: string): Promise<ApiResponse<Product>> {
  return api.get<Product>(productPath(id));
}

/** 200 with exactly this product (own keys such as `__proto__` included). */
export function expectProduct(response: ApiResponse, expected: Product, what = `from GET ${productPath(expected.id)}`): void {
  expectStatus(response, 200, what);
  check(isDeepStrictEqual(response.body, expected), `Expected ${what} to answer the product exactly as the source holds it, ${JSON.stringify(expected).slice(0, 300)}, got ${response.text.slice(0, 300)}.`, response);
}

export function expectNotFound(response: ApiResponse, what: string): void {
  expectProblem(response, 404, what);
}

/** The body of a PUT: the product without its id. */
export function putBody(product: Product): Omit<Product, 'id'> {
  const { id: _id, ...body } = product;
  return body;
}

/**
 * The request's answer, or a failure saying it did not come within `ms`: a request that hangs
 * (on a Redis that does not answer) fails its test with a sentence, not a timeout.
 */
export async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      try {
        fail(`Expected ${what} within ${ms} ms, but it had not answered after ${Math.round(performance.now() - started)} ms.`);
      } catch (error) {
        reject(error);
      }
    }, ms);
  });
  // What the request does after we stopped waiting is not this test's failure any more.
  work.catch(() => {});
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` every 10 ms until it returns true or `ms` pass; the elapsed ms, or undefined. */
export async function eventually(ms: number, probe: () => Promise<boolean>): Promise<number | undefined> {
  const started = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - started;
    if (performance.now() - started > ms) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Starts a read of a cold product whose source read takes its snapshot, then holds its answer
 * `holdMs`: resolves once the snapshot is taken, with the read still under way (wrapped: an async
 * function returning the bare promise would wait for it), so the test can write in between. A read answered without reading the source fails here, saying what it answered.
 */
export async function startHeldFill(source: SlowSource, api: ApiClient, item: Product, holdMs: number): Promise<{ fill: Promise<ApiResponse<Product>> }> {
  const snapshot = source.holdNextRead(item.id, holdMs);
  const fill = readProduct(api, item.id);
  fill.catch(() => {});
  const early = await within(1000, Promise.race([snapshot.then(() => undefined), fill]), `GET ${productPath(item.id)} of a cold product to read the source`);
  if (early !== undefined) expectProduct(early, item, `from GET ${productPath(item.id)} of a cold product (it answered without reading the source)`);
  return { fill };
}
