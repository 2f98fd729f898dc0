import { notImplemented } from '#not-implemented';
import type { KeySpace } from './keys.ts';
import type { LocalTier } from './local-tier.ts';
import type { RedisHealth } from './redis-health.ts';
import type { CacheScripts } from './scripts.ts';
import type { StatsCounter } from './stats.ts';
import type { CatalogOptions } from './types.ts';
import type { Redis } from 'ioredis';

/** A read's answer: the product's JSON text, or `null` text for "not found". */
export type CachedJson = string;

/**
 * Cache-aside over two tiers: the local LRU, then Redis, then the source, with one fill per key
 * at a time. Every Redis command goes through `health.attempt()`.
 */
export class ProductCache {
  constructor(
    private readonly options: CatalogOptions,
    private readonly space: KeySpace,
    private readonly health: RedisHealth<Redis & CacheScripts>,
    private readonly local: LocalTier,
    private readonly stats: StatsCounter,
  ) {}

  /** The product's JSON, or `null` text when the source has none. */
  async read(id: string): Promise<CachedJson> {
    // TODO(cache-aside): look in Redis under productKey(); on a miss read this.options.source,
    // store the JSON with a TTL, and answer it. Then, one requirement at a time:
    // TODO(ttl-jitter): draw each TTL from ttlSeconds × [0.9, 1.1].
    // TODO(negative-caching): store `null` for a missing product, for negativeTtlSeconds.
    // TODO(stampede): one fill per key: a map of promises in flight, and a lock in Redis.
    // TODO(two-tier): the local tier first.
    // TODO(stats): count hits, misses and source reads.
    throw notImplemented('02-caching', 'cache-aside', `ProductCache.read('${id}')`);
  }

  /** Called after a write to the source: the product changed or is gone. */
  async written(id: string, publish: (id: string) => Promise<void>): Promise<void> {
    // TODO(invalidation): remove the entry from Redis and the local tier, then publish(id).
    throw notImplemented('02-caching', 'invalidation', `ProductCache.written('${id}')`);
  }
}
