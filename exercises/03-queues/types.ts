/** A job, as `enqueue()` takes it and its message's body carries it (SPEC.md#jobs). */
export type Job = ThumbnailJob | WelcomeEmailJob;

export interface ThumbnailJob {
  readonly type: 'thumbnail';
  readonly imageId: string;
  readonly width: number;
}

export interface WelcomeEmailJob {
  readonly type: 'welcome-email';
  readonly userId: string;
  readonly email: string;
}

/** What producers and workers both get (SPEC.md#the-pieces). */
export interface QueueOptions {
  /** The broker: `amqp://user:pass@host:port`. */
  readonly url: string;
  /** The jobs queue; every other queue or exchange declared is named `queue` + `.` + something. */
  readonly queue: string;
}

export interface RetryPolicy {
  /** Most calls made for one job. */
  readonly maxAttempts: number;
  /** The wait after the first failed attempt; it doubles after each next one. */
  readonly baseDelayMs: number;
  /** The longest wait between two attempts. */
  readonly maxDelayMs: number;
}

export interface WorkerOptions extends QueueOptions {
  /** The effects service's base URL. */
  readonly servicesUrl: string;
  /** Most jobs in flight in one worker at once: the channel's prefetch. */
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  /** Longest a service call may take; past it the call is a transient failure. */
  readonly callTimeoutMs: number;
}

export interface Producer {
  /** Publishes the job and resolves with its new id once the broker confirmed it. */
  enqueue(job: Job): Promise<string>;
  /** Messages ready on the jobs queue. */
  depth(): Promise<number>;
  close(): Promise<void>;
}

/** A worker's counters since it started (SPEC.md#observability). */
export interface WorkerStats {
  readonly inFlight: number;
  readonly completed: number;
  readonly retried: number;
  readonly deadLettered: number;
}

export interface Worker {
  stats(): WorkerStats;
  /** Stops taking jobs, finishes those in flight, then closes its channels and connection. */
  close(): Promise<void>;
}
