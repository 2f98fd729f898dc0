import Fastify, { type FastifyInstance } from 'fastify';
import { providerOf } from '../deps/providers.ts';
import type { DependencyInfos } from '../deps/types.ts';
import type { Baseline, DependencyKind } from '../manifest.ts';
import { referenceMachine } from './reference-machine.ts';
import { runLoad } from './run-load.ts';

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
  /** For an `http+<kind>` baseline: the run's servers, the one the module's app talks to among them. */
  readonly dependencies?: DependencyInfos;
  /** @default 1 */
  readonly durationSeconds?: number;
}

/**
 * A short load run against a baseline server set up like a module's server under test (same
 * process, load from a worker thread), so what the machine, the moment and the path to the
 * dependency cost is measured, not assumed. `http+<kind>` includes a round trip to the run's own
 * server of that kind, so a container behind a port proxy or a VM is priced too. Run it right before
 * the load it scales, so both see the same moment.
 */
export async function calibrateMachine(baseline: Baseline = 'http', options: CalibrationOptions = {}): Promise<Calibration> {
  const { app, description, close } = baselineServer(baseline, options);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const report = await runLoad({ url, connections: 10, durationSeconds: options.durationSeconds ?? 1, warmupSeconds: 0.3, requests: [{ method: 'GET', path: '/7' }] });
    const reference = referenceMachine.baselines[baseline];
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
  } finally {
    await app.close();
    await close();
  }
}

function baselineServer(baseline: Baseline, options: CalibrationOptions): { app: FastifyInstance; description: string; close: () => Promise<void> } {
  const app = Fastify({ logger: false });
  if (baseline === 'http') {
    app.get('/:n', async () => ({ hello: 'world' }));
    return { app, description: 'a bare Fastify route', close: async () => {} };
  }
  const kind = baseline.slice('http+'.length) as DependencyKind;
  const info = options.dependencies?.[kind];
  if (!info) throw new Error(`The ${baseline} baseline needs the run's ${kind} server to measure against (options.dependencies.${kind}).`);
  const route = providerOf(kind).baseline;
  const connection = route.open(info);
  app.get<{ Params: { n: string } }>('/:n', async (request) => connection.roundTrip(Number(request.params.n)));
  return { app, description: route.description, close: () => connection.close() };
}
