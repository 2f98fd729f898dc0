import type { DependencyKind } from '../manifest.ts';
import type { Backend, DependencyInfos, Started } from './types.ts';

/** What a provider needs to start a server. */
export interface ProviderStartOptions {
  readonly backend: Backend;
  /** Outlive this process (`wb deps up`). */
  readonly persistent: boolean;
}

/**
 * Everything the harness knows about one kind of server, in one place: how to start it on each
 * backend, how to tell it answers, what to install, and what a killed run may leave on it. A
 * new kind (Redis, RabbitMQ, etcd, a fault proxy) is a new provider registered in providers.ts;
 * the CLI, the backend choice, the run's set-up and the ledger need no change.
 */
export interface DependencyProvider<K extends DependencyKind = DependencyKind> {
  readonly kind: K;
  /** Packages that install the native server. */
  readonly packages: { readonly debian: string; readonly homebrew: string };
  /** Why the native backend cannot run it here (and the command that fixes it), or undefined. */
  nativeMissing(): { readonly missing: string; readonly install: string } | undefined;
  /** Where the native server was found, for `wb doctor`. */
  nativeFound(): string;
  start(options: ProviderStartOptions): Promise<Started<NonNullable<DependencyInfos[K]>>>;
  /** The server's version once it answers, or undefined while it does not. */
  ping(info: NonNullable<DependencyInfos[K]>, timeoutMs?: number): Promise<string | undefined>;
  /** Removes what runs killed before their clean-up left on a server that is reused. */
  sweepStale?(info: NonNullable<DependencyInfos[K]>): Promise<void>;
  /** Prepares what makes later native starts fast (`wb setup`); says what it did. */
  warmUp?(): Promise<string>;
  /**
   * The `http+<kind>` calibration baseline: what a Fastify route does to make one round trip to
   * this server, so that a load target is scaled by what the machine and the path to the server
   * cost right now (harness/load/calibrate.ts).
   */
  readonly baseline: BaselineRoute<NonNullable<DependencyInfos[K]>>;
  /**
   * The `<kind>` calibration baseline, for targets whose operations the harness drives through
   * this server's own client rather than over HTTP (jobs through a broker, lookups in a cluster):
   * the bare operation with nothing of the learner's in it.
   */
  readonly clientBaseline?: OperationBaseline<NonNullable<DependencyInfos[K]>>;
}

export interface OperationBaseline<Info> {
  /** For the report: `raw amqplib: a persistent publish with confirms, consumed with an ack`. */
  readonly description: string;
  /** Connects to the server; `operation(i)` performs one bare operation. */
  open(info: Info): Promise<{ operation(index: number): Promise<void>; close(): Promise<void> }>;
}

export interface BaselineRoute<Info> {
  /** For the report: `a Fastify route with one PostgreSQL round trip`. */
  readonly description: string;
  /** Connects to the server; `roundTrip(n)` makes one round trip that returns n. */
  open(info: Info): { roundTrip(n: number): Promise<unknown>; close(): Promise<void> };
}
