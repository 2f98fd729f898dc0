import { Redis } from 'ioredis';
import type { DependencyProvider } from '../provider.ts';
import { startContainerRedis } from './container-redis.ts';
import { findRedisServer, redisInstallHint, redisPackages } from './find-redis.ts';
import { startNativeRedis } from './native-redis.ts';
import { pingRedis } from './ping-redis.ts';
import { deleteStaleTestKeys } from './stale-keys.ts';

export const redisProvider: DependencyProvider<'redis'> = {
  kind: 'redis',
  packages: redisPackages,
  nativeMissing: () => (findRedisServer() ? undefined : { missing: 'no `redis-server` on PATH', install: redisInstallHint() }),
  nativeFound: () => findRedisServer() ?? 'not found',
  start: ({ backend, persistent }) => (backend === 'native' ? startNativeRedis(persistent) : startContainerRedis(persistent)),
  ping: (info, timeoutMs) => pingRedis(info.uri, timeoutMs),
  sweepStale: async (info) => void (await deleteStaleTestKeys(info)),
  baseline: {
    description: 'a Fastify route with one Redis GET',
    open: (info) => {
      const client = new Redis(info.uri, { maxRetriesPerRequest: 1 });
      client.on('error', () => {});
      return {
        roundTrip: async (n) => {
          await client.get('wb-calibrate');
          return { n };
        },
        close: async () => void (await client.quit()),
      };
    },
  },
};
