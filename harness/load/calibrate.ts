import Fastify from 'fastify';
import { referenceMachine } from './reference-machine.ts';
import { runLoad } from './run-load.ts';

export interface Calibration {
  /** Bare Fastify JSON route throughput measured now, on this machine, in this process. */
  readonly bareRequestsPerSecond: number;
  readonly referenceRequestsPerSecond: number;
  /**
   * How much slower this machine is than the reference one right now (> 1 slower, < 1 faster).
   * Latency targets are multiplied by it and throughput floors divided by it.
   */
  readonly factor: number;
}

let cached: Promise<Calibration> | undefined;

/**
 * A short load run against a bare Fastify server, set up exactly like a module's server under
 * test (same process, load from a worker thread), so what the machine and the moment cost is
 * measured, not assumed. Once per process: later calls share the first result.
 */
export function calibrateMachine(durationSeconds = 1): Promise<Calibration> {
  cached ??= (async () => {
    const app = Fastify({ logger: false });
    app.get('/', async () => ({ hello: 'world' }));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const report = await runLoad({ url, connections: 10, durationSeconds, warmupSeconds: 0.3 });
      const reference = referenceMachine.bareFastifyRequestsPerSecond;
      return { bareRequestsPerSecond: report.requestsPerSecond, referenceRequestsPerSecond: reference, factor: reference / Math.max(1, report.requestsPerSecond) };
    } finally {
      await app.close();
    }
  })();
  return cached;
}
