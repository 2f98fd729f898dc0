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

export interface RedisInfo extends DependencyInfo {
  readonly kind: 'redis';
}

/** `uri` is an AMQP URL with the broker's credentials and default vhost. */
export interface RabbitmqInfo extends DependencyInfo {
  readonly kind: 'rabbitmq';
}

/** The run's servers by kind: one entry per kind a provider serves. */
export interface DependencyInfos {
  postgres?: PostgresInfo;
  redis?: RedisInfo;
  rabbitmq?: RabbitmqInfo;
}

/** A started server: its details plus `stop()`. `await using` stops it at the end of a scope. */
export interface Started<Info> extends AsyncDisposable {
  readonly info: Info;
  /** Stops the server for good and removes its data; its ledger entry goes with it. */
  stop(): Promise<void>;
  /**
   * An outage a test can cause and end: `halt()` stops the server cleanly (new connections are
   * refused, open ones close) keeping its port and data, `crash()` kills it (SIGKILL: nothing is
   * flushed but what the server had made durable), `freeze()` suspends it (connections stay open
   * and nothing answers, the way a stalled server looks), and `resume()` brings it back on the
   * same port and resolves once it answers again. Works the same on both backends.
   */
  halt(): Promise<void>;
  crash(): Promise<void>;
  freeze(): Promise<void>;
  resume(): Promise<void>;
}

export function postgresUri(info: { user: string; password: string; host: string; port: number; database: string }): string {
  const auth = info.password ? `${encodeURIComponent(info.user)}:${encodeURIComponent(info.password)}` : encodeURIComponent(info.user);
  return `postgres://${auth}@${info.host}:${info.port}/${encodeURIComponent(info.database)}`;
}
