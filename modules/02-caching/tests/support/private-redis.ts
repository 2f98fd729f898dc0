import { startDependency } from '../../../../harness/deps/start-dependency.ts';
import type { RedisInfo, Started } from '../../../../harness/deps/types.ts';
import { redisInfo } from './redis-keys.ts';

/**
 * A Redis of the test's own, on the run's backend: the outage tests stop and freeze it, which
 * the run's shared Redis (other test files use it at the same time) must never be.
 */
export function startPrivateRedis(): Promise<Started<RedisInfo>> {
  return startDependency('redis', { backend: redisInfo().backend });
}
