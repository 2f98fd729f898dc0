import { Redis } from 'ioredis';
import { isProcessAlive } from '../process/process-state.ts';
import type { RedisInfo } from '../types.ts';

/**
 * Tests write under key prefixes `wb_t_<worker pid>_<random>:`; a run killed before its clean-up
 * leaves them on a server that `wb deps up` keeps. Delete those whose worker is gone.
 */
export async function deleteStaleTestKeys(info: RedisInfo): Promise<number> {
  const client = new Redis(info.uri, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  client.on('error', () => {});
  try {
    let deleted = 0;
    for await (const keys of client.scanStream({ match: 'wb_t_*', count: 1000 }) as AsyncIterable<string[]>) {
      const stale = keys.filter((key) => {
        const pid = Number(/^wb_t_(\d+)_/.exec(key)?.[1]);
        return Number.isFinite(pid) && !isProcessAlive(pid);
      });
      if (stale.length > 0) deleted += await client.unlink(...stale);
    }
    return deleted;
  } finally {
    client.disconnect();
  }
}
