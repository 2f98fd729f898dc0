import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WorkbenchError } from '../errors.ts';
import { percentile } from './percentiles.ts';

export interface LoadRequest {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query on the target, e.g. `/tasks/3f…`. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface LoadOptions {
  /** Origin of the server under test; only loopback is allowed. */
  readonly url: string;
  /** Requests cycled through by every connection; default one GET of `/`. */
  readonly requests?: readonly LoadRequest[];
  readonly headers?: Record<string, string>;
  /** @default 10 */
  readonly connections?: number;
  /** Measured part of the run. @default 3 */
  readonly durationSeconds?: number;
  /** Unmeasured run first, so JIT and pools are warm. @default 0.5 */
  readonly warmupSeconds?: number;
}

export interface LoadReport {
  readonly requests: number;
  readonly elapsedSeconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  readonly non2xx: number;
  readonly statusCounts: Readonly<Record<string, number>>;
}

const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'autocannon-worker.mjs');

/**
 * Drives load with autocannon from a worker thread, bounded in time, on loopback only, and
 * computes percentiles from every response's own duration.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { hostname } = new URL(options.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
    throw new WorkbenchError('WB_ERR_LOAD_FAILED', { url: options.url, reason: 'load runs target loopback only (127.0.0.1)' });
  }
  const durationSeconds = options.durationSeconds ?? 3;
  const warmupSeconds = options.warmupSeconds ?? 0.5;
  const workerData = {
    url: options.url,
    connections: options.connections ?? 10,
    durationSeconds,
    warmupSeconds,
    requests: options.requests ?? [{ method: 'GET', path: '/' }],
    headers: options.headers ?? {},
    timeoutSeconds: 5,
  };
  type Raw = { latencies: Float64Array; statusCounts: Record<string, number>; elapsedSeconds: number; errors: number; timeouts: number; non2xx: number };
  const raw = await new Promise<Raw>((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData });
    // A hard stop well past the planned length: a load run must end by itself.
    const guard = setTimeout(() => void worker.terminate(), (durationSeconds + warmupSeconds + 15) * 1000);
    worker.once('message', (message: Raw) => resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      clearTimeout(guard);
      if (code !== 0) reject(new WorkbenchError('WB_ERR_LOAD_FAILED', { url: options.url, reason: `the load worker exited with code ${code}` }));
    });
  }).catch((error: unknown) => {
    throw error instanceof WorkbenchError ? error : new WorkbenchError('WB_ERR_LOAD_FAILED', { url: options.url, reason: (error as Error).message }, { cause: error });
  });
  const sorted = raw.latencies.slice().sort();
  return {
    requests: sorted.length,
    elapsedSeconds: raw.elapsedSeconds,
    requestsPerSecond: sorted.length / raw.elapsedSeconds,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? 0,
    errors: raw.errors + raw.timeouts,
    non2xx: raw.non2xx,
    statusCounts: raw.statusCounts,
  };
}
