/** The two ways the harness runs a real server; both give the same handle. */
export type Backend = 'native' | 'containers';

/**
 * What every started server tells about itself; each kind adds its own fields. Crosses process
 * boundaries (vitest `provide`, `.wb/deps.json`), so it is plain data.
 */
export interface DependencyInfo {
  readonly kind: string;
  readonly backend: Backend;
  readonly host: string;
  readonly port: number;
  /** How a client connects: `postgres://…`, `redis://…`. */
  readonly uri: string;
  /** `PostgreSQL 15.18` */
  readonly serverVersion: string;
  /** The ledger entry (harness/deps/process/owned-resources.ts) that owns the server. */
  readonly resourceId: string;
}

export interface PostgresInfo extends DependencyInfo {
  readonly kind: 'postgres';
  readonly user: string;
  readonly password: string;
  /** The database a test may use to create its own; never the learner's app database. */
  readonly database: string;
}

/** The run's servers by kind: one entry per kind a provider serves. */
export interface DependencyInfos {
  postgres?: PostgresInfo;
}

/** A started server: its details plus `stop()`. `await using` stops it at the end of a scope. */
export interface Started<Info> extends AsyncDisposable {
  readonly info: Info;
  stop(): Promise<void>;
}

export function postgresUri(info: { user: string; password: string; host: string; port: number; database: string }): string {
  const auth = info.password ? `${encodeURIComponent(info.user)}:${encodeURIComponent(info.password)}` : encodeURIComponent(info.user);
  return `postgres://${auth}@${info.host}:${info.port}/${encodeURIComponent(info.database)}`;
}
