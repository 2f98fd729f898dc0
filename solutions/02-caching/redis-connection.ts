import { Redis } from 'ioredis';

/**
 * A Redis connection that fails fast: no command waits longer than `timeoutMs`, and none is queued
 * while the connection is down (the offline queue would hold requests for as long as Redis is
 * away). It reconnects by itself, retrying every 50–500 ms.
 */
export function connectRedis(url: string, timeoutMs: number): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 500),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 50, 500),
  });
  // Errors reach the caller of each command; the connection's own are reconnects in progress.
  redis.on('error', () => {});
  return redis;
}

/** Connects, but gives up after `timeoutMs`: the service starts degraded rather than not at all. */
export async function connectWithin(redis: Redis, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([redis.connect().catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
