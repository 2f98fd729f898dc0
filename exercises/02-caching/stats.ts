import { notImplemented } from '#not-implemented';
import type { CacheStats } from './types.ts';

/** This instance's cache counters since it started (SPEC.md#stats). */
export class StatsCounter {
  hits = 0;
  misses = 0;
  upstreamCalls = 0;

  snapshot(evictions: number): CacheStats {
    // TODO(stats): hitRatio = hits / (hits + misses), 0 before any read.
    throw notImplemented('02-caching', 'stats', 'StatsCounter.snapshot()');
  }
}
