import type { Baseline } from '../manifest.ts';

/**
 * The machine the targets were set on: 2 cores, Debian 12, Node 24, native PostgreSQL 15.
 * Each figure is calibrateMachine()'s throughput and p99 for that
 * baseline there, the median of `npm run bench` on a quiet machine; targets in module manifests are that machine's numbers.
 */
export const referenceMachine: {
  readonly description: string;
  readonly baselines: Readonly<Partial<Record<Baseline, { readonly requestsPerSecond: number; readonly p99Ms: number }>>>;
  /**
   * The largest machine factor a target is graded at. The reference's own runs measured x0.64-1.8
   * on a quiet machine and x3-4 with other work on both cores; past x4 the machine is busier than
   * anything the targets were checked on, so the bounds would grade the machine, not the code.
   */
  readonly maxMachineFactor: number;
} = {
  maxMachineFactor: 4,
  description: '2 cores, Debian 12, Node 24, native PostgreSQL 15',
  baselines: {
    // npm run bench, 2026-11-23. 'http+postgres': the in-run calibration of 10 module runs
    // (medians), measured as runs measure it, inside a vitest worker. 'http': a plain process;
    // no target uses it yet, re-measure it in-run when one does.
    http: { requestsPerSecond: 16_000, p99Ms: 2.3 },
    'http+postgres': { requestsPerSecond: 5_300, p99Ms: 5.3 },
    // 'http+redis': the in-run calibration of 8 module-02 runs (medians), 2026-11-25.
    'http+redis': { requestsPerSecond: 10_000, p99Ms: 5.4 },
    // 'rabbitmq': the in-run calibration of 3 module-03 runs (9.7k-12.9k ops/s, p99 2.5-4.3 ms),
    // 2026-12-06; 'http+rabbitmq': a plain process, 2 runs (no target uses it yet).
    rabbitmq: { requestsPerSecond: 11_000, p99Ms: 3.2 },
    'http+rabbitmq': { requestsPerSecond: 4_700, p99Ms: 5.2 },
  },
};
