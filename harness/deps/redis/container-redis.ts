import type { RedisContainer, StartedRedisContainer } from '@testcontainers/redis';
import { startContainer, type StartedContainerServer } from '../containers/container-server.ts';
import { imageFor } from '../images.ts';
import type { RedisInfo } from '../types.ts';
import { pingRedis } from './ping-redis.ts';

/**
 * Redis in a container through Testcontainers' official module, on the shared container base.
 * The image is pinned in harness/deps/images.ts and overridable with WB_REDIS_IMAGE.
 */
export function startContainerRedis(persistent: boolean): Promise<StartedContainerServer<RedisInfo>> {
  const image = imageFor('redis');
  return startContainer<RedisInfo, RedisContainer, StartedRedisContainer>(
    {
      kind: 'redis',
      port: 6379,
      module: async () => (await import('@testcontainers/redis')).RedisContainer,
      configure: (container) => container.withCommand(['redis-server', '--save', '', '--appendonly', 'no', '--maxclients', '2000', '--protected-mode', 'no']),
      info: (started, resourceId) => ({
        kind: 'redis',
        backend: 'containers',
        host: started.getHost(),
        port: started.getPort(),
        uri: `redis://${started.getHost()}:${started.getPort()}`,
        serverVersion: `Redis in ${image}`,
        resourceId,
      }),
      answers: (info) => pingRedis(info.uri, 250),
    },
    image,
    persistent,
  );
}
