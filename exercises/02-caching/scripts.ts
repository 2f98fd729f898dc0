import type { Redis } from 'ioredis';

/**
 * Lua scripts, each atomic on the server, registered on a connection by `defineScripts` and
 * then called as `redis.<name>(keys..., args...)`. Two steps that must not be split by another
 * client belong here: releasing a lock only if it still holds your token (SPEC.md#stampede), or
 * storing a fill only if no write happened since it began (SPEC.md#invalidation).
 */
const scripts: Record<string, { numberOfKeys: number; lua: string }> = {
  // TODO(stampede): releaseLock: { numberOfKeys: 1, lua: `…` },
};

/** Your scripts' signatures, as `redis.<name>()` takes them. */
export interface CacheScripts {}

export function defineScripts(redis: Redis): Redis & CacheScripts {
  for (const [name, { numberOfKeys, lua }] of Object.entries(scripts)) redis.defineCommand(name, { numberOfKeys, lua });
  return redis as Redis & CacheScripts;
}
