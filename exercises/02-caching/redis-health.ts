import type { Redis } from 'ioredis';
import { notImplemented } from '#not-implemented';

/**
 * Whether Redis is usable now. Every Redis command of the service goes through `attempt()`, so
 * this is the one place that decides what happens when Redis fails.
 */
export class RedisHealth<Client extends Redis = Redis> {
  constructor(
    private readonly redis: Client,
    private readonly probeEveryMs: number,
    /** To call when Redis answers again after an outage: what happened meanwhile was missed. */
    private readonly onRecovered: () => void,
  ) {}

  /** False while the service goes without Redis. */
  get up(): boolean {
    // TODO(redis-outage): false after a failure, until Redis answers again.
    return true;
  }

  /** Runs a command; `{ ok: false }` when it failed. Never throws. */
  async attempt<T>(command: (redis: Client) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    // TODO(redis-outage): after a failure, skip Redis (answer { ok: false } at once) and probe it
    // in the background every probeEveryMs until it answers; then call onRecovered().
    try {
      return { ok: true, value: await command(this.redis) };
    } catch {
      return { ok: false };
    }
  }

  /** For GET /health: whether Redis answers now. */
  async check(): Promise<boolean> {
    // TODO(redis-outage): ask Redis (PING) within the timeout.
    throw notImplemented('02-caching', 'redis-outage', 'RedisHealth.check()');
  }

  /** Stops any background probe (the app is closing). */
  close(): void {}
}
