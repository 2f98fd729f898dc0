import { describe, inject, test } from 'vitest';
import { formatTargetResult } from '../../../harness/load/evaluate-target.ts';
import { measureOperations } from '../../../harness/load/measure-target.ts';
import { recordTarget, TargetNotMeasuredError } from '../../../harness/testing/measurements.ts';
import { counterTarget, gradeCounter } from '../../../harness/testing/counters.ts';
import { check } from '../../../harness/testing/expectations.ts';
import manifest from '../module.ts';
import { startCatalog } from './support/catalog.ts';
import { productPath, readProduct } from './support/reads.ts';
import { product } from './support/slow-source.ts';
import { zipfDraws } from './support/zipf.ts';

const PRODUCTS = 10_000;
const READS = 20_000;
const CONCURRENCY = 32;
/** Fixed, so the run (and the hit ratio it allows) is the same on every machine. */
const SEED = 2026;

const MOST_CALLS = counterTarget(manifest, 'most source calls for one product in the Zipf run');
const HIT_RATIO = counterTarget(manifest, 'hit ratio of the Zipf run');
const WARM_READS = manifest.targets.find((target) => target.kind === 'operation' && target.requirement === 'hit-ratio');

describe('hit-ratio', () => {
  test(`[hit-ratio] ${READS} Zipf-distributed reads over ${PRODUCTS} products, ${CONCURRENCY} at a time: one source call per product at most`, async ({ task }) => {
    const { source, instances } = await startCatalog();
    const items = Array.from({ length: PRODUCTS }, (_, i) => product({ id: `zipf-${i}` }));
    source.seed(...items);
    const draws = zipfDraws(PRODUCTS, READS, 1.0, SEED);
    let next = 0;
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < draws.length) {
          const id = items[draws[next++]!]!.id;
          const response = await readProduct(instances[0]!.api, id);
          if (response.status !== 200 && failures.length < 3) failures.push(`GET ${productPath(id)} answered ${response.status}: ${response.text.slice(0, 120)}`);
        }
      }),
    );
    check(failures.length === 0, `Expected every read of the Zipf run to answer 200, but: ${failures.join('; ')}.`);
    const distinct = new Set(draws).size;
    const most = source.mostReadId();
    gradeCounter(task, MOST_CALLS, most.reads, `'${most.id}' was read from the source ${most.reads} times while ${CONCURRENCY} readers asked for the popular products at once: concurrent misses of one key must share one fill (SPEC.md#stampede).`);
    gradeCounter(task, HIT_RATIO, 1 - source.totalReads / READS, `${source.totalReads} source reads for ${READS} reads of ${distinct} distinct products (the best possible: ${distinct}, a hit ratio of ${(1 - distinct / READS).toFixed(3)}).`);
  });

  test('[hit-ratio] the same Zipf reads on a warm cache meet their p99 and throughput targets', { tags: ['load'] }, async ({ task }) => {
    if (WARM_READS?.kind !== 'operation') throw new Error('module.ts has no operation target for hit-ratio');
    const { source, instances } = await startCatalog();
    const items = Array.from({ length: PRODUCTS }, (_, i) => product({ id: `zipf-${i}` }));
    source.seed(...items);
    const draws = zipfDraws(PRODUCTS, WARM_READS.count, 1.0, SEED);
    // One read through inject first: a stub fails here, with its own message, not under load.
    check((await readProduct(instances[0]!.api, items[0]!.id)).status === 200, `Expected GET ${productPath(items[0]!.id)} to answer 200 before the timed run.`);
    const result = await measureOperations(WARM_READS, {
      // The untimed first pass over the same draws fills both tiers; the timed one reads them.
      warmup: draws.length,
      operation: async (index) => {
        const id = items[draws[index % draws.length]!]!.id;
        const response = await readProduct(instances[0]!.api, id);
        if (response.status !== 200) throw new Error(`GET ${productPath(id)} answered ${response.status}`);
      },
      dependencies: inject('wbDeps'),
    });
    recordTarget(task, result);
    if (result.status === 'not-measured') throw new TargetNotMeasuredError(`${WARM_READS.operation} was not graded: ${formatTargetResult(result)}.`);
    check(result.ok, `Expected the timed run (${WARM_READS.count} of '${WARM_READS.operation}', ${WARM_READS.concurrency} at a time) to meet its target: ${formatTargetResult(result)}`);
  });
});
