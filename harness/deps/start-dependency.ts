import type { DependencyKind } from '../manifest.ts';
import { ContainerPostgreSqlServer } from './postgres/container-postgres.ts';
import { NativePostgreSqlServer } from './postgres/native-postgres.ts';
import type { Backend, PostgresInfo, Started } from './types.ts';

export interface StartOptions {
  readonly backend: Backend;
  /** Outlive this process (`wb deps up`). */
  readonly persistent?: boolean;
}

/** One provider per kind, two backends each; later modules add redis, rabbitmq, etcd here. */
export async function startDependency(kind: DependencyKind, options: StartOptions): Promise<Started<PostgresInfo>> {
  switch (kind) {
    case 'postgres': {
      const server = options.backend === 'native' ? new NativePostgreSqlServer() : new ContainerPostgreSqlServer();
      return server.withPersistent(options.persistent ?? false).start();
    }
  }
}
