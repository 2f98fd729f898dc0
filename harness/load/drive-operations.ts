import { percentile } from './percentiles.ts';
import type { LoadReport } from './run-load.ts';

export interface DriveOptions {
  /** Operations to time. */
  readonly count: number;
  /** In flight at once. */
  readonly concurrency: number;
  /** Untimed operations first, so JIT, pools and connections are warm. @default 0 */
  readonly warmup?: number;
  /** One operation; `index` counts from 0 over warm-up and timed ones alike. A throw is a failure. */
  readonly operation: (index: number) => Promise<void>;
}

/**
 * Drives operations the harness performs itself (not HTTP requests autocannon can send): a
 * bounded number, so many in flight, each one timed. Reports in the shape of a load run, so one
 * evaluation grades both; failed operations are counted as non-2xx answers are.
 */
export async function driveOperations(options: DriveOptions): Promise<LoadReport> {
  const warmup = options.warmup ?? 0;
  await runPool(warmup, options.concurrency, (i) => options.operation(i).catch(() => {}));
  const durations = new Float64Array(options.count);
  let failures = 0;
  const started = performance.now();
  await runPool(options.count, options.concurrency, async (i) => {
    const begun = performance.now();
    try {
      await options.operation(warmup + i);
    } catch {
      failures++;
    }
    durations[i] = performance.now() - begun;
  });
  const elapsedSeconds = (performance.now() - started) / 1000;
  durations.sort();
  return {
    requests: options.count,
    elapsedSeconds,
    requestsPerSecond: options.count / elapsedSeconds,
    p50Ms: percentile(durations, 50),
    p90Ms: percentile(durations, 90),
    p99Ms: percentile(durations, 99),
    maxMs: durations[durations.length - 1] ?? 0,
    errors: 0,
    non2xx: failures,
    statusCounts: failures > 0 ? { failed: failures } : {},
  };
}

async function runPool(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}
