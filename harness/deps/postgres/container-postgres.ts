import { randomBytes } from 'node:crypto';
import type { PostgreSqlContainer, StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import { WorkbenchError } from '../../errors.ts';
import { removeOwnedContainers, removeCommand } from '../containers/docker-client.ts';
import { ownedLabels } from '../containers/labels.ts';
import { publishOnLoopbackOnly } from '../containers/loopback.ts';
import { dockerEndpoint } from '../docker-engine.ts';
import { imageFor } from '../images.ts';
import { forgetOwned, recordOwned } from '../process/owned-resources.ts';
import { postgresUri, type PostgresInfo, type Started } from '../types.ts';

/** Testcontainers' PostgreSQL module, publishing its port on loopback only. */
async function loopbackPostgreSqlContainer(image: string): Promise<PostgreSqlContainer> {
  // Imported here so native runs never pay for loading Testcontainers.
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  class LoopbackPostgreSqlContainer extends PostgreSqlContainer {
    override async start(): Promise<StartedPostgreSqlContainer> {
      publishOnLoopbackOnly(this.hostConfig);
      return super.start();
    }
  }
  return new LoopbackPostgreSqlContainer(image);
}

/**
 * PostgreSQL in a container through Testcontainers' official module. The image is pinned in
 * harness/deps/images.ts and overridable with WB_POSTGRES_IMAGE.
 */
export class ContainerPostgreSqlServer {
  private persistent = false;

  /** Keep the container after this process exits (`wb deps up`): no Ryuk label. @default false */
  withPersistent(persistent = true): this {
    this.persistent = persistent;
    return this;
  }

  async start(): Promise<StartedContainerPostgreSql> {
    const image = imageFor('postgres');
    const password = randomBytes(12).toString('hex');
    // The ledger entry first, then the container, labelled with the entry's id: a run killed
    // while the container starts leaves an entry by which the next run finds and removes it.
    const id = `postgres-container-${randomBytes(6).toString('hex')}`;
    const entry = { id, kind: 'postgres', backend: 'containers', engine: dockerEndpoint(), ownerPid: this.persistent ? null : process.pid } as const;
    recordOwned(entry);
    let container: StartedPostgreSqlContainer;
    try {
      container = await (await loopbackPostgreSqlContainer(image))
        .withLabels(ownedLabels(id))
        .withDatabase('workbench')
        .withUsername('workbench')
        .withPassword(password)
        .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'])
        .withAutoCleanup(!this.persistent)
        .start();
    } catch (error) {
      await removeOwnedContainers(id).catch(() => undefined);
      forgetOwned(id);
      throw new WorkbenchError('WB_ERR_DEPS_START_FAILED', { kind: 'postgres', backend: 'containers', reason: `image ${image}: ${(error as Error).message}`, log: '', logPath: '' }, { cause: error });
    }
    recordOwned({ ...entry, containerId: container.getId() });
    const connection = { user: container.getUsername(), password: container.getPassword(), host: container.getHost(), port: container.getPort(), database: container.getDatabase() };
    const info: PostgresInfo = {
      kind: 'postgres',
      backend: 'containers',
      ...connection,
      uri: postgresUri(connection),
      serverVersion: `PostgreSQL in ${image}`,
      resourceId: id,
    };
    return new StartedContainerPostgreSql(info);
  }
}

export class StartedContainerPostgreSql implements Started<PostgresInfo> {
  constructor(readonly info: PostgresInfo) {}

  getConnectionUri(): string {
    return this.info.uri;
  }

  /** Removes the container and checks with the engine that it is gone; the entry goes only then. */
  async stop(): Promise<void> {
    const { left } = await removeOwnedContainers(this.info.resourceId);
    if (left.length > 0) throw new Error(`The PostgreSQL container ${left[0]!.slice(0, 12)} could not be removed; it is kept in the ledger for the next run. Remove it with \`${removeCommand(left)}\`.`);
    forgetOwned(this.info.resourceId);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
