import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../errors.ts';
import { launchNative, type StartedNativeServer } from '../native/native-server.ts';
import type { RedisInfo } from '../types.ts';
import { findRedisServer, redisInstallHint } from './find-redis.ts';
import { pingRedis } from './ping-redis.ts';

/**
 * A throwaway server's config: loopback only, nothing saved to disk, its files in its own dir.
 * `port` comes on the command line, so a restart reuses the file as it is.
 */
const CONFIG = ['bind 127.0.0.1', 'protected-mode yes', 'save ""', 'appendonly no', 'daemonize no', 'logfile ""', 'databases 16', 'maxclients 2000'];

/** redis-server from this machine as a child process, through the shared native launcher (~15 ms to ready). */
export function startNativeRedis(persistent: boolean): Promise<StartedNativeServer<RedisInfo>> {
  const server = findRedisServer();
  if (!server) throw new WorkbenchError('WB_ERR_DEPS_NATIVE_MISSING', { missing: 'no `redis-server` on PATH', install: redisInstallHint() });
  return launchNative<RedisInfo>(
    {
      kind: 'redis',
      prepare: async (dir) => writeFileSync(path.join(dir, 'redis.conf'), [...CONFIG, `dir ${dir}`, ''].join('\n')),
      command: (port, dir) => ({ file: server, args: [path.join(dir, 'redis.conf'), '--port', String(port)] }),
      info: (port, resourceId) => ({ kind: 'redis', backend: 'native', host: '127.0.0.1', port, uri: `redis://127.0.0.1:${port}`, serverVersion: '', resourceId }),
      answers: (info) => pingRedis(info.uri, 250),
      portTaken: /Address already in use/i,
      // SIGTERM: Redis shuts down at once when nothing is to be saved (~100 ms measured here).
      stopSignal: 'SIGTERM',
      readyTimeoutMs: 10_000,
    },
    persistent,
  );
}
