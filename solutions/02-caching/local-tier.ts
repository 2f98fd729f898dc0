import { LRUCache } from 'lru-cache';
import type { LocalTierOptions } from './types.ts';

/**
 * The in-process tier: an LRU of JSON strings (a product's, or `null` for "not found") bounded in
 * entries and bytes, each entry living at most `ttlMs`. Values are kept as the JSON text they are
 * served as: a hit costs no parse and no serialisation, and shares no object with the caller.
 */
export class LocalTier {
  /** Entries evicted to stay within the bounds (not expiries, not invalidations). */
  evictions = 0;
  /**
   * Bumped by every invalidation: a read that began before one must not store what it read,
   * which may be the value the invalidation removed.
   */
  epoch = 0;
  private readonly cache: LRUCache<string, string> | undefined;

  private readonly ttlMs: number;

  constructor(options: LocalTierOptions) {
    this.ttlMs = options.ttlMs;
    this.cache =
      options.maxEntries > 0
        ? new LRUCache<string, string>({
            max: options.maxEntries,
            maxSize: options.maxBytes,
            sizeCalculation: (json) => Math.max(1, Buffer.byteLength(json)),
            ttl: options.ttlMs,
            dispose: (_value, _key, reason) => {
              if (reason === 'evict') this.evictions++;
            },
          })
        : undefined;
  }

  get(id: string): string | undefined {
    return this.cache?.get(id);
  }

  /** Stores unless an invalidation happened since `epoch` was read; `ttlMs` shortens the tier's own. */
  set(id: string, json: string, epoch: number, ttlMs?: number): void {
    if (epoch === this.epoch) this.cache?.set(id, json, ttlMs === undefined ? {} : { ttl: Math.min(ttlMs, this.ttlMs) });
  }

  invalidate(id: string): void {
    this.epoch++;
    this.cache?.delete(id);
  }

  clear(): void {
    this.epoch++;
    this.cache?.clear();
  }
}
