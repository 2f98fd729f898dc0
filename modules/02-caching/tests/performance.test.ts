import Fastify from 'fastify';
import { describe, inject, test } from 'vitest';
import { formatTargetResult } from '../../../harness/load/evaluate-target.ts';
import { measureTarget } from '../../../harness/load/measure-target.ts';
import { runLoad, type LoadRequest } from '../../../harness/load/run-load.ts';
import { counterTarget, gradeCounter } from '../../../harness/testing/counters.ts';
import { check } from '../../../harness/testing/expectations.ts';
import { recordTarget, TargetNotMeasuredError } from '../../../harness/testing/measurements.ts';
import manifest from '../module.ts';
import { startCatalog } from './support/catalog.ts';
import { expectProduct, productPath, readProduct } from './support/reads.ts';
import { product, type SlowSource } from './support/slow-source.ts';

const HIT_PATH = manifest.targets.find((target) => target.kind === 'load' && target.requirement === 'hit-path');
const CACHE_WORTH = counterTarget(manifest, 'throughput with the cache ÷ without it');

/** The service without a cache: every read goes to the source. Measured in the same run, on the same source. */
async function uncachedRequestsPerSecond(source: SlowSource, requests: LoadRequest[], connections: number): Promise<number> {
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 2000 } });
  app.get<{ Params: { id: string } }>('/products/:id', async (request) => (await source.get(request.params.id)) ?? {});
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    return (await runLoad({ url, connections, durationSeconds: 2, warmupSeconds: 0.3, requests })).requestsPerSecond;
  } finally {
    await app.close();
  }
}

describe('hit-path', () => {
  test('[hit-path] GET /products/:id on hot products under load meets its p99 and throughput targets, and beats the uncached service', { tags: ['load'] }, async ({ task }) => {
    if (HIT_PATH?.kind !== 'load') throw new Error('module.ts has no load target for hit-path');
    const { source, instances } = await startCatalog();
    const hot = Array.from({ length: 10 }, () => product());
    source.seed(...hot);
    // Through inject first: a stub fails here, with its own message, not under load.
    for (const item of hot) expectProduct(await readProduct(instances[0]!.api, item.id), item);
    const requests: LoadRequest[] = hot.map((item) => ({ method: 'GET', path: productPath(item.id) }));
    const url = await instances[0]!.app.listen({ host: '127.0.0.1', port: 0 });
    const result = await measureTarget(HIT_PATH, { url, requests, dependencies: inject('wbDeps') });
    recordTarget(task, result);
    if (result.status === 'not-measured') throw new TargetNotMeasuredError(`${HIT_PATH.operation} was not graded: ${formatTargetResult(result)}.`);
    check(result.ok, `Expected ${HIT_PATH.operation} to meet its target under ${HIT_PATH.connections} connections: ${formatTargetResult(result)}`);
    const uncached = await uncachedRequestsPerSecond(source, requests, HIT_PATH.connections);
    gradeCounter(task, CACHE_WORTH, result.report.requestsPerSecond / Math.max(1, uncached), `${Math.round(result.report.requestsPerSecond)} req/s with the cache against ${Math.round(uncached)} req/s reading the source for every request, same load, same run.`);
  });
});
