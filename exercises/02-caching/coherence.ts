import type { Redis } from 'ioredis';
import { notImplemented } from '#not-implemented';
import type { KeySpace } from './keys.ts';
import type { LocalTier } from './local-tier.ts';
import type { RedisHealth } from './redis-health.ts';

/**
 * Keeps the instances' local tiers coherent over Redis pub/sub: a write publishes the id it
 * changed, and every instance drops it from its local tier. SPEC.md#two-tier.
 */
export class Coherence {
  constructor(
    private readonly space: KeySpace,
    /** A connection of its own: one in subscriber mode can do nothing else. */
    private readonly subscriber: Redis,
    private readonly health: RedisHealth,
  ) {}

  /** Subscribes, and drops from `local` every id another instance announces. */
  async listen(local: LocalTier): Promise<void> {
    // TODO(two-tier): subscribe to invalidationChannel(this.space); on a message, local.invalidate(id).
    // Then call it from buildApp() in index.ts.
    throw notImplemented('02-caching', 'two-tier', 'Coherence.listen()');
  }

  async publish(id: string): Promise<void> {
    // TODO(two-tier): publish the id, through this.health.attempt().
    throw notImplemented('02-caching', 'two-tier', `Coherence.publish('${id}')`);
  }
}
