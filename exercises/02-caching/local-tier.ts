import { notImplemented } from '#not-implemented';
import type { LocalTierOptions } from './types.ts';

/**
 * The in-process tier: an LRU of JSON strings (a product's, or `null` for "not found"), bounded in
 * entries and bytes, each entry living at most `ttlMs`. SPEC.md#two-tier. A well-kept LRU
 * library (lru-cache is installed) does most of this.
 */
export class LocalTier {
  /** Entries evicted to stay within the bounds (not expiries, not invalidations). */
  evictions = 0;
  /** Bumped by every invalidation, so a read that began before one can tell. */
  epoch = 0;

  constructor(private readonly options: LocalTierOptions) {}

  get(id: string): string | undefined {
    // TODO(two-tier): the entry, if present and not expired; using it makes it the most recent.
    throw notImplemented('02-caching', 'two-tier', 'LocalTier.get()');
  }

  /** Stores unless an invalidation happened since `epoch` was read; `ttlMs` shortens the tier's own. */
  set(id: string, json: string, epoch: number, ttlMs?: number): void {
    // TODO(two-tier): evict the least recently used entries to stay within maxEntries and maxBytes.
    throw notImplemented('02-caching', 'two-tier', 'LocalTier.set()');
  }

  invalidate(id: string): void {
    // TODO(two-tier)
    throw notImplemented('02-caching', 'two-tier', 'LocalTier.invalidate()');
  }

  clear(): void {
    // TODO(two-tier)
    throw notImplemented('02-caching', 'two-tier', 'LocalTier.clear()');
  }
}
