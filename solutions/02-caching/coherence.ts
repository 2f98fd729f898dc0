import type { Redis } from 'ioredis';
import { invalidationChannel, type KeySpace } from './keys.ts';
import type { LocalTier } from './local-tier.ts';
import type { RedisHealth } from './redis-health.ts';

/**
 * Keeps the instances' local tiers coherent: a write publishes the id it changed, and every
 * instance (the writer too) drops it. ioredis subscribes again by itself after a reconnect; what
 * was published meanwhile is lost, which is why local entries also expire (`local.ttlMs`) and the
 * tier is cleared when Redis comes back.
 */
export class Coherence {
  constructor(
    private readonly space: KeySpace,
    private readonly subscriber: Redis,
    private readonly health: RedisHealth,
  ) {}

  async listen(local: LocalTier): Promise<void> {
    const channel = invalidationChannel(this.space);
    this.subscriber.on('message', (from: string, id: string) => {
      if (from === channel) local.invalidate(id);
    });
    await this.subscriber.subscribe(channel).catch(() => {});
  }

  async publish(id: string): Promise<void> {
    await this.health.attempt((redis) => redis.publish(invalidationChannel(this.space), id));
  }
}
