import type { DependencyKind } from '../manifest.ts';
import { postgresProvider } from './postgres/postgres-provider.ts';
import type { DependencyProvider } from './provider.ts';
import { rabbitmqProvider } from './rabbitmq/rabbitmq-provider.ts';
import { redisProvider } from './redis/redis-provider.ts';

/** One provider per kind of server; adding a kind means adding its provider here. */
const providers: { readonly [K in DependencyKind]: DependencyProvider<K> } = {
  postgres: postgresProvider,
  redis: redisProvider,
  rabbitmq: rabbitmqProvider,
};

export function providerOf<K extends DependencyKind>(kind: K): DependencyProvider<K> {
  return providers[kind];
}
