import type { Redis } from 'ioredis';

/**
 * The Lua scripts of the cache, each one atomic on the server. Registered on a connection with
 * `defineScripts`, then called as `redis.storeIfUnchanged(...)`.
 */
const scripts = {
  /** Stores a fill's value only if no write bumped the key's generation since the fill began. */
  storeIfUnchanged: {
    numberOfKeys: 2,
    lua: `
      local generation = redis.call('GET', KEYS[2]) or ''
      if generation ~= ARGV[1] then return 0 end
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      return 1`,
  },
  /** A write happened: bump the generation (kept as long as an entry could live) and drop the entry. */
  invalidate: {
    numberOfKeys: 2,
    lua: `
      redis.call('INCR', KEYS[2])
      redis.call('PEXPIRE', KEYS[2], ARGV[1])
      return redis.call('DEL', KEYS[1])`,
  },
  /** Releases a lock only for the holder of its token: an expired holder must not free the next one's. */
  releaseLock: {
    numberOfKeys: 1,
    lua: `
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0`,
  },
} as const;

export interface CacheScripts {
  storeIfUnchanged(entry: string, generation: string, expected: string, json: string, ttlMs: number): Promise<number>;
  invalidate(entry: string, generation: string, keepMs: number): Promise<number>;
  releaseLock(lock: string, token: string): Promise<number>;
}

export function defineScripts(redis: Redis): Redis & CacheScripts {
  for (const [name, { numberOfKeys, lua }] of Object.entries(scripts)) redis.defineCommand(name, { numberOfKeys, lua });
  return redis as Redis & CacheScripts;
}
