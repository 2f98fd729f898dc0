import { existsSync } from 'node:fs';
import path from 'node:path';
import { installCommand } from '../install-command.ts';

/** The packages that install Redis's server. */
export const redisPackages = { debian: 'redis-server', homebrew: 'redis' } as const;

export function redisInstallHint(): string {
  return installCommand(redisPackages);
}

/**
 * Finds `redis-server` on PATH. `WB_REDIS_SEARCH_PATH` replaces the search (folders separated
 * like PATH), which is how the tests play a machine without Redis.
 */
export function findRedisServer(): string | undefined {
  const search = process.env.WB_REDIS_SEARCH_PATH ?? process.env.PATH ?? '';
  for (const dir of search.split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, 'redis-server');
    if (existsSync(file)) return file;
  }
  return undefined;
}
