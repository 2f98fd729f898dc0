/**
 * The module manifest: everything about a module that is data rather than code (rustlings'
 * info.toml, Exercism's .meta/config.json). The CLI, the reporter and the course checks read it.
 */
export type DependencyKind = 'postgres' | 'redis' | 'rabbitmq';

export interface Requirement {
  /** Stable slug, never renumbered: test titles, hints and SPEC anchors use it. */
  readonly id: string;
  readonly title: string;
  readonly points: number;
}

/**
 * What a target's machine factor is measured against: a bare Fastify route (`http`); one that
 * makes a round trip to the run's own server of a kind (`http+postgres`), which also prices the
 * path to that server (a container's port proxy, a VM); or, for operations the harness drives
 * through a server's own client (jobs through a broker), that client's bare operation on the
 * run's server, named by the kind (`rabbitmq`). Each kind's provider supplies its route and its
 * client operation.
 */
export type Baseline = 'http' | `http+${DependencyKind}` | DependencyKind;

/** HTTP load driven by autocannon, graded on p99 and throughput scaled by a baseline measured just before. */
export interface LoadTarget {
  readonly kind: 'load';
  /** The requirement this target grades. */
  readonly requirement: string;
  /** What is measured, as the report prints it: `GET /tasks/:id`. */
  readonly operation: string;
  /** Concurrent connections for the load run. */
  readonly connections: number;
  /** Length of the measured run, after a short warm-up. */
  readonly durationSeconds: number;
  /** p99 bound on the reference machine, in ms; scaled up by the machine factor. */
  readonly p99Ms: number;
  /** Throughput floor on the reference machine, in requests/s; scaled down by the machine factor. */
  readonly minRequestsPerSecond: number;
  /** What the machine factor is measured against. */
  readonly baseline: Baseline;
}

/**
 * An exact count that no machine changes (statements per request, upstream calls per key, hops
 * per lookup), graded against its bound as measured: the first kind of target to reach for.
 */
export interface CounterTarget {
  readonly kind: 'counter';
  readonly requirement: string;
  /** What is counted, as the report prints it: `SQL statements per GET /tasks/:id`. */
  readonly measure: string;
  /** At most this many. */
  readonly max?: number;
  /** At least this many (a hit ratio). */
  readonly min?: number;
}

/**
 * Operations the harness drives itself (reads through the service, jobs through a queue, DHT
 * lookups): a bounded number of them, so many in flight at once, graded on p99 and operations/s
 * scaled by a baseline measured just before, as a load target is.
 */
export interface OperationTarget {
  readonly kind: 'operation';
  readonly requirement: string;
  /** What one operation is, as the report prints it: `a Zipf-distributed read`. */
  readonly operation: string;
  /** How many operations the run drives. */
  readonly count: number;
  /** How many are in flight at once. */
  readonly concurrency: number;
  /** p99 bound on the reference machine, in ms; scaled up by the machine factor. */
  readonly p99Ms: number;
  /** Throughput floor on the reference machine, in operations/s; scaled down by the machine factor. */
  readonly minOperationsPerSecond: number;
  readonly baseline: Baseline;
}

/** Targets graded on time: scaled by a machine factor measured just before them. */
export type TimedTarget = LoadTarget | OperationTarget;

export type Target = CounterTarget | TimedTarget;

export interface ModuleManifest {
  /** The folder name under modules/, exercises/ and solutions/: `01-rest-api`. */
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly dependencies: readonly DependencyKind[];
  readonly requirements: readonly Requirement[];
  readonly targets: readonly Target[];
  /**
   * A requirement whose tests run in seconds on the run's servers alone, for the project's own
   * quick checks (leaks, stuck code, the bench's learner loop). @default the first requirement
   * without a timed target
   */
  readonly quickRequirement?: string;
}

/** Whether a timed target grades this requirement: its tests are slow, and need the machine to themselves. */
export function measuredUnderLoad(manifest: ModuleManifest, requirement: string): boolean {
  return manifest.targets.some((target) => target.kind !== 'counter' && target.requirement === requirement);
}

export function defineModule(manifest: ModuleManifest): ModuleManifest {
  return manifest;
}
