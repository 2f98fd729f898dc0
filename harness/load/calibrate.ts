import Fastify, { type FastifyInstance } from 'fastify';
import { providerOf } from '../deps/providers.ts';
import type { DependencyInfos } from '../deps/types.ts';
import type { Baseline, DependencyKind } from '../manifest.ts';
import { referenceMachine } from './reference-machine.ts';
import { driveOperations } from './drive-operations.ts';
import { runLoad, type LoadReport } from './run-load.ts';

export interface Calibration {
  readonly baseline: Baseline;
  /** What the baseline server does, for the report: "a Fastify route with one PostgreSQL round trip". */
  readonly description: string;
  /** The baseline's throughput and p99 measured now, on this machine, in this process. */
  readonly bareRequestsPerSecond: number;
  readonly bareP99Ms: number;
  readonly referenceRequestsPerSecond: number;
  readonly referenceP99Ms: number;
  /**
   * How much slower this machine (and this path to the servers) is than the reference one right
   * now: > 1 slower, < 1 faster. Latency bounds are multiplied by it, throughput floors divided.
   * The larger of the throughput and the p99 ratios: on a busy machine the tail grows faster than
   * throughput falls, and a bound scaled by throughput alone would fail good code.
   */
  readonly factor: number;
}

export interface CalibrationOptions {
  /** For an `http+<kind>` or `<kind>` baseline: the run's servers, the one measured against among them. */
  readonly dependencies?: DependencyInfos;
  /** @default 1 */
  readonly durationSeconds?: number;
}

/** The client baseline's run: enough operations for a stable p99, 10 in flight as the HTTP baselines have 10 connections. */
const CLIENT_BASELINE = { count: 2000, concurrency: 10, warmup: 200 } as const;

/**
 * A short run of a baseline set up like what it scales: for `http` and `http+<kind>`, a load run
 * against a Fastify server in this process (load from a worker thread), as a module's server under
 * test runs; for `<kind>`, the kind's bare client operation driven as the harness drives a
 * learner's. `http+<kind>` and `<kind>` reach the run's own server of that kind, so a container
 * behind a port proxy or a VM is priced too. Run it right before what it scales, so both see the
 * same moment.
 */
export async function calibrateMachine(baseline: Baseline = 'http', options: CalibrationOptions = {}): Promise<Calibration> {
  const reference = referenceMachine.baselines[baseline];
  if (!reference) throw new Error(`The ${baseline} baseline has no figures for the reference machine in harness/load/reference-machine.ts: measure them with \`npm run bench\` before a target uses it.`);
  const { description, report } = isHttpBaseline(baseline) ? await runHttpBaseline(baseline, options) : await runClientBaseline(baseline, options);
  const throughputRatio = reference.requestsPerSecond / Math.max(1, report.requestsPerSecond);
  const tailRatio = report.p99Ms / reference.p99Ms;
  return {
    baseline,
    description,
    bareRequestsPerSecond: report.requestsPerSecond,
    bareP99Ms: report.p99Ms,
    referenceRequestsPerSecond: reference.requestsPerSecond,
    referenceP99Ms: reference.p99Ms,
    factor: Math.max(throughputRatio, tailRatio),
  };
}

function isHttpBaseline(baseline: Baseline): baseline is 'http' | `http+${DependencyKind}` {
  return baseline === 'http' || baseline.startsWith('http+');
}

async function runHttpBaseline(baseline: 'http' | `http+${DependencyKind}`, options: CalibrationOptions): Promise<{ description: string; report: LoadReport }> {
  const { app, description, close } = baselineServer(baseline, options);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    return { description, report: await runLoad({ url, connections: 10, durationSeconds: options.durationSeconds ?? 1, warmupSeconds: 0.3, requests: [{ method: 'GET', path: '/7' }] }) };
  } finally {
    await app.close();
    await close();
  }
}

async function runClientBaseline(kind: DependencyKind, options: CalibrationOptions): Promise<{ description: string; report: LoadReport }> {
  const client = providerOf(kind).clientBaseline;
  if (!client) throw new Error(`The ${kind} baseline needs a client operation, and the ${kind} provider has none (its clientBaseline).`);
  const connection = await client.open(serverOf(kind, options));
  try {
    return { description: client.description, report: await driveOperations({ ...CLIENT_BASELINE, operation: (index) => connection.operation(index) }) };
  } finally {
    await connection.close();
  }
}

function serverOf<K extends DependencyKind>(kind: K, options: CalibrationOptions): NonNullable<DependencyInfos[K]> {
  const info = options.dependencies?.[kind];
  if (!info) throw new Error(`The ${kind} baseline needs the run's ${kind} server to measure against (options.dependencies.${kind}).`);
  return info;
}

function baselineServer(baseline: 'http' | `http+${DependencyKind}`, options: CalibrationOptions): { app: FastifyInstance; description: string; close: () => Promise<void> } {
  const app = Fastify({ logger: false });
  if (baseline === 'http') {
    app.get('/:n', async () => ({ hello: 'world' }));
    return { app, description: 'a bare Fastify route', close: async () => {} };
  }
  const kind = baseline.slice('http+'.length) as DependencyKind;
  const route = providerOf(kind).baseline;
  const connection = route.open(serverOf(kind, options));
  app.get<{ Params: { n: string } }>('/:n', async (request) => connection.roundTrip(Number(request.params.n)));
  return { app, description: route.description, close: () => connection.close() };
}
