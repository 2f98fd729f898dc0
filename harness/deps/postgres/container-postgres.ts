import { randomBytes } from 'node:crypto';
import type { PostgreSqlContainer, StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import { startContainer, type StartedContainerServer } from '../containers/container-server.ts';
import { imageFor } from '../images.ts';
import { postgresUri, type PostgresInfo } from '../types.ts';
import { pingPostgres } from './ping-postgres.ts';

/**
 * PostgreSQL in a container through Testcontainers' official module, on the shared container
 * base. The image is pinned in harness/deps/images.ts and overridable with WB_POSTGRES_IMAGE.
 */
export function startContainerPostgres(persistent: boolean): Promise<StartedContainerServer<PostgresInfo>> {
  const image = imageFor('postgres');
  return startContainer<PostgresInfo, PostgreSqlContainer, StartedPostgreSqlContainer>(
    {
      kind: 'postgres',
      port: 5432,
      module: async () => (await import('@testcontainers/postgresql')).PostgreSqlContainer,
      configure: (container) =>
        container
          .withDatabase('workbench')
          .withUsername('workbench')
          .withPassword(randomBytes(12).toString('hex'))
          .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200']),
      info: (started, resourceId) => {
        const connection = { user: started.getUsername(), password: started.getPassword(), host: started.getHost(), port: started.getPort(), database: started.getDatabase() };
        return { kind: 'postgres', backend: 'containers', ...connection, uri: postgresUri(connection), serverVersion: `PostgreSQL in ${image}`, resourceId };
      },
      answers: (info) => pingPostgres(info.uri),
    },
    image,
    persistent,
  );
}
