import { randomBytes } from 'node:crypto';
import { WorkbenchError } from '../../errors.ts';
import { imageFor } from '../images.ts';
import { forgetOwned, recordOwned } from '../process/owned-resources.ts';
import { postgresUri, type PostgresInfo, type Started } from '../types.ts';

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
    // Imported here so native runs never pay for loading Testcontainers.
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const image = imageFor('postgres');
    const password = randomBytes(12).toString('hex');
    let container;
    try {
      container = await new PostgreSqlContainer(image)
        .withDatabase('workbench')
        .withUsername('workbench')
        .withPassword(password)
        .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'])
        .withAutoCleanup(!this.persistent)
        .start();
    } catch (error) {
      throw new WorkbenchError('WB_ERR_DEPS_START_FAILED', { kind: 'postgres', backend: 'containers', reason: `image ${image}: ${(error as Error).message}`, log: '', logPath: '' }, { cause: error });
    }
    const id = `postgres-container-${container.getId().slice(0, 12)}`;
    recordOwned({ id, kind: 'postgres', backend: 'containers', containerId: container.getId(), ownerPid: this.persistent ? null : process.pid });
    const connection = { user: container.getUsername(), password: container.getPassword(), host: container.getHost(), port: container.getPort(), database: container.getDatabase() };
    const info: PostgresInfo = {
      kind: 'postgres',
      backend: 'containers',
      ...connection,
      uri: postgresUri(connection),
      serverVersion: `PostgreSQL in ${image}`,
      resourceId: id,
    };
    return new StartedContainerPostgreSql(info, container);
  }
}

export class StartedContainerPostgreSql implements Started<PostgresInfo> {
  constructor(
    readonly info: PostgresInfo,
    private readonly container: { stop(): Promise<unknown> },
  ) {}

  getConnectionUri(): string {
    return this.info.uri;
  }

  async stop(): Promise<void> {
    await this.container.stop();
    forgetOwned(this.info.resourceId);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
