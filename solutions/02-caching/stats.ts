import type { CacheStats } from './types.ts';

/** This instance's cache counters since it started (SPEC.md#stats). */
export class StatsCounter {
  hits = 0;
  misses = 0;
  upstreamCalls = 0;

  snapshot(evictions: number): CacheStats {
    const reads = this.hits + this.misses;
    return { hits: this.hits, misses: this.misses, hitRatio: reads === 0 ? 0 : this.hits / reads, upstreamCalls: this.upstreamCalls, evictions };
  }
}
