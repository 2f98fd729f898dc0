import type { Baseline } from '../manifest.ts';

/**
 * The machine the targets were set on: 2 cores, Debian 12, Node 24, native PostgreSQL 15
 * (shared/measured-facts.md). Each figure is calibrateMachine()'s throughput and p99 for that
 * baseline there, the median of `npm run bench` on a quiet machine; targets in module manifests are that machine's numbers.
 */
export const referenceMachine: {
  readonly description: string;
  readonly baselines: Readonly<Record<Baseline, { readonly requestsPerSecond: number; readonly p99Ms: number }>>;
} = {
  description: '2 cores, Debian 12, Node 24, native PostgreSQL 15',
  baselines: {
    http: { requestsPerSecond: 20_000, p99Ms: 2 },
    'http+postgres': { requestsPerSecond: 6_300, p99Ms: 5 },
  },
};
