import { Redis } from 'ioredis';
import { inject } from 'vitest';
import type { RedisInfo } from '../../../../harness/deps/types.ts';

/** The run's Redis, as the harness started it. */
export function redisInfo(): RedisInfo {
  const info = inject('wbDeps').redis;
  if (!info) throw new Error('This module declares no redis dependency in module.ts, so the harness did not start one.');
  return info;
}

/** The key layout of SPEC.md#the-keys, as the harness reads it. */
export function productKey(prefix: string, id: string, schemaVersion = 1): string {
  return `${prefix}v${schemaVersion}:product:${encodeURIComponent(id)}`;
}

export function lockKey(prefix: string, id: string, schemaVersion = 1): string {
  return `${prefix}v${schemaVersion}:lock:${encodeURIComponent(id)}`;
}

/** The harness's own connection, to look at what the service stored. */
export function inspector(url = redisInfo().uri): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
  redis.on('error', () => {});
  return redis;
}

/** Every key under a prefix. */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of redis.scanStream({ match: `${escapeGlob(prefix)}*`, count: 1000 }) as AsyncIterable<string[]>) keys.push(...batch);
  return keys;
}

export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
