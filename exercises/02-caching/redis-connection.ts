import { Redis } from 'ioredis';

/**
 * A connection to Redis. As given, it works while Redis does, and waits for ever when Redis goes
 * away: ioredis queues commands while it reconnects, and has no command timeout.
 */
export function connectRedis(url: string, timeoutMs: number): Redis {
  // TODO(redis-outage): no command may wait longer than timeoutMs, and none may be queued while
  // the connection is down (see ioredis' commandTimeout, enableOfflineQueue, maxRetriesPerRequest
  // and retryStrategy). SPEC.md#redis-outage.
  const redis = new Redis(url, { lazyConnect: true });
  redis.on('error', () => {});
  return redis;
}

/** Connects, but gives up after `timeoutMs`: the service starts degraded rather than not at all. */
export async function connectWithin(redis: Redis, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([redis.connect().catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
