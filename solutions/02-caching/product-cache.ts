import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { generationKey, lockKey, productKey, type KeySpace } from './keys.ts';
import type { LocalTier } from './local-tier.ts';
import type { RedisHealth } from './redis-health.ts';
import type { CacheScripts } from './scripts.ts';
import type { StatsCounter } from './stats.ts';
import type { CatalogOptions } from './types.ts';

/** A read's answer: the product's JSON text, or `null` text for "not found". */
export type CachedJson = string;

const NOT_FOUND = 'null';
/** How often a reader waiting for another's fill looks for the entry. */
const WAIT_POLL_MS = 5;

/**
 * Cache-aside over two tiers: the local LRU, then Redis, then the source, with one fill per key
 * at a time (a promise shared inside the instance, a Redis lock across instances).
 */
export class ProductCache {
  /**
   * Fills in flight in this instance, by id: concurrent readers share one, unless an invalidation
   * came after it began (its epoch is older): it may bring back the value the write removed.
   */
  private readonly fills = new Map<string, { readonly epoch: number; readonly json: Promise<CachedJson> }>();

  constructor(
    private readonly options: CatalogOptions,
    private readonly space: KeySpace,
    private readonly health: RedisHealth<Redis & CacheScripts>,
    private readonly local: LocalTier,
    private readonly stats: StatsCounter,
  ) {}

  async read(id: string): Promise<CachedJson> {
    const local = this.local.get(id);
    if (local !== undefined) {
      this.stats.hits++;
      return local;
    }
    const epoch = this.local.epoch;
    const cached = await this.health.attempt((redis) => redis.get(productKey(this.space, id)));
    if (cached.ok && cached.value !== null) {
      this.stats.hits++;
      this.remember(id, cached.value, epoch);
      return cached.value;
    }
    this.stats.misses++;
    let fill = this.fills.get(id);
    if (!fill || fill.epoch !== epoch) {
      const started = { epoch, json: this.fill(id).finally(() => this.fills.get(id) === started && this.fills.delete(id)) };
      this.fills.set(id, started);
      fill = started;
    }
    const json = await fill.json;
    this.remember(id, json, epoch);
    return json;
  }

  /** Into the local tier; a cached "not found" lives no longer there than in Redis. */
  private remember(id: string, json: CachedJson, epoch: number): void {
    this.local.set(id, json, epoch, json === NOT_FOUND ? this.options.negativeTtlSeconds * 1000 : undefined);
  }

  /** After a write to the source: drop the entry everywhere, then tell the other instances. */
  async written(id: string, publish: (id: string) => Promise<void>): Promise<void> {
    this.local.invalidate(id);
    const keepMs = Math.ceil(this.options.ttlSeconds * 1100);
    await this.health.attempt((redis) => redis.invalidate(productKey(this.space, id), generationKey(this.space, id), keepMs));
    await publish(id);
  }

  /**
   * Takes the fill lock and reads the source, or waits for the holder's entry. Falls back to the
   * source alone while Redis is down: the instance's shared promise still makes it one call.
   */
  private async fill(id: string): Promise<CachedJson> {
    const entry = productKey(this.space, id);
    const lock = lockKey(this.space, id);
    for (;;) {
      if (!this.health.up) return this.fromSource(id);
      const token = randomBytes(16).toString('hex');
      const taken = await this.health.attempt((redis) => redis.set(lock, token, 'PX', this.options.lockTtlMs, 'NX'));
      if (!taken.ok) return this.fromSource(id);
      if (taken.value === 'OK') {
        try {
          return await this.fillHolding(id, entry);
        } finally {
          await this.health.attempt((redis) => redis.releaseLock(lock, token));
        }
      }
      const found = await this.waitForFill(entry, lock);
      if (found !== undefined) return found;
    }
  }

  private async fillHolding(id: string, entry: string): Promise<CachedJson> {
    // The entry may have been stored between our miss and taking the lock.
    const state = await this.health.attempt((redis) => redis.mget(entry, generationKey(this.space, id)));
    const [current, generation] = state.ok ? state.value : [null, null];
    if (current !== null && current !== undefined) return current;
    const json = await this.fromSource(id);
    const ttlMs = json === NOT_FOUND ? this.options.negativeTtlSeconds * 1000 : jitteredTtlMs(this.options.ttlSeconds);
    await this.health.attempt((redis) => redis.storeIfUnchanged(entry, generationKey(this.space, id), generation ?? '', json, ttlMs));
    return json;
  }

  /** Until the entry appears (the holder stored it) or the lock is gone (released or expired). */
  private async waitForFill(entry: string, lock: string): Promise<CachedJson | undefined> {
    for (;;) {
      await sleep(WAIT_POLL_MS);
      const polled = await this.health.attempt((redis) => redis.mget(entry, lock));
      if (!polled.ok) return undefined;
      const [json, holder] = polled.value;
      if (json !== null && json !== undefined) return json;
      if (holder === null) return undefined;
    }
  }

  private async fromSource(id: string): Promise<CachedJson> {
    this.stats.upstreamCalls++;
    const product = await this.options.source.get(id);
    return product === undefined ? NOT_FOUND : JSON.stringify(product);
  }
}

/** A TTL drawn uniformly from ttl × [0.9, 1.1], so entries written together expire apart. */
function jitteredTtlMs(ttlSeconds: number): number {
  return Math.round(ttlSeconds * 1000 * (0.9 + Math.random() * 0.2));
}
