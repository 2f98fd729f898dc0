import type { MeasuredTarget } from '../testing/measurements.ts';
import type { ModuleManifest } from '../manifest.ts';

export type TestState = 'passed' | 'failed' | 'skipped';

export interface TestOutcome {
  /** The test's full title, describe blocks included. */
  readonly name: string;
  readonly requirement: string | undefined;
  readonly state: TestState;
  readonly durationMs: number;
  readonly file: string;
  /**
   * What the code under test printed (console.log, console.error, a logger writing through the
   * console) while this test ran, kept for a failed test: the learner's own clue, shown under the
   * failure. The graded tests print nothing themselves. Bounded; the tail is kept.
   */
  readonly output?: string;
  /** The first error, when the test failed. */
  readonly error?: {
    readonly name: string;
    readonly message: string;
    readonly notImplemented: boolean;
    /** The machine was too busy to grade a target: neither a pass nor the code's fault. */
    readonly notMeasured?: boolean;
  };
}

/**
 * An error outside any test's own assertions: an exception nobody caught, a rejection nobody
 * handled, a test file that failed to load. It is charged to the narrowest thing it can be
 * traced to: the test that was running, else the file's requirements, else the whole run.
 */
export interface RunError {
  readonly message: string;
  /** Full name of the test that was running when it happened, when vitest knew it. */
  readonly test?: string;
  /** The test file it happened in, relative to the project. */
  readonly file?: string;
  /**
   * For a test file that failed to load: why, without the file's name. One syntax error in the
   * learner's code stops every test file that imports it with the same cause; it is shown once.
   */
  readonly loadFailure?: string;
}

export interface RequirementResult {
  readonly id: string;
  readonly title: string;
  readonly points: number;
  /** All or nothing: a requirement earns its points when every one of its tests passes. */
  readonly earned: number;
  /**
   * `not-measured`: a target could not be graded because the machine was too busy, and nothing
   * else failed; it earns nothing, and re-running on a quieter machine settles it.
   * `partly-run`: some of its tests ran and passed, others did not run (a `-t` filter left them
   * out); it earns nothing, since the tests that did not run could fail.
   */
  readonly status: 'passed' | 'failed' | 'not-run' | 'partly-run' | 'not-measured';
  /** True when every failure of this requirement is a stub's not-implemented error. */
  readonly notImplemented: boolean;
  readonly tests: readonly TestOutcome[];
  /** Run errors that could be traced to this requirement's test file but not to one test. */
  readonly errors: readonly string[];
}

/** A server the run used, as the environment of a scorecard records it. */
export interface ServerUsed {
  readonly kind: string;
  readonly backend: string;
  /** `Redis 7.0.15` */
  readonly version: string;
}

export interface Scorecard {
  readonly module: string;
  readonly title: string;
  readonly target: string;
  readonly targetRoot: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** How the run got its servers: backend, versions, addresses. */
  readonly dependencies: readonly string[];
  /** The same servers as data: kind, backend, version. */
  readonly servers: readonly ServerUsed[];
  readonly requirements: readonly RequirementResult[];
  readonly targets: readonly MeasuredTarget[];
  /** Tests whose title names no known requirement: a bug in the module, reported loudly. */
  readonly untagged: readonly TestOutcome[];
  /** Errors outside any test's assertions; each is also charged where it belongs. */
  readonly runErrors: readonly RunError[];
  /** Why no points were given at all, when an error could not be traced to any test or file. */
  readonly withheld?: string;
  /**
   * The test-name pattern of a filtered run (`wb test -t`). Such a run is a check, not a grade:
   * only requirements whose every test ran can pass, and it never replaces the last full result.
   */
  readonly filter?: string;
  readonly score: { readonly earned: number; readonly total: number };
  readonly counts: { readonly passed: number; readonly failed: number; readonly skipped: number };
}

export interface ScorecardInput {
  readonly manifest: ModuleManifest;
  readonly target: string;
  readonly targetRoot: string;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly dependencies: readonly string[];
  readonly servers?: readonly ServerUsed[];
  readonly outcomes: readonly TestOutcome[];
  readonly targets: readonly MeasuredTarget[];
  readonly runErrors: readonly RunError[];
  readonly filter?: string;
}

export function buildScorecard(input: ScorecardInput): Scorecard {
  const known = new Set(input.manifest.requirements.map((requirement) => requirement.id));
  const outcomes = input.outcomes.map((outcome) => chargeToTest(outcome, input.runErrors));
  const untraced = input.runErrors.filter((error) => !error.test && !error.file);
  const fileErrors = input.runErrors.filter((error) => !error.test || !outcomes.some((outcome) => outcome.name === error.test));
  const requirements = input.manifest.requirements.map((requirement): RequirementResult => {
    const tests = outcomes.filter((outcome) => outcome.requirement === requirement.id);
    const ran = tests.filter((test) => test.state !== 'skipped');
    const failed = ran.filter((test) => test.state === 'failed');
    const files = new Set(tests.map((test) => test.file));
    const errors = fileErrors.filter((error) => error.file !== undefined && files.has(error.file)).map((error) => error.message);
    const targets = input.targets.filter((target) => target.requirement === requirement.id);
    // A target missed fails its requirement even if the test's own assertions were lenient.
    const missedTarget = targets.some((target) => target.status === 'missed');
    const unmeasured = targets.some((target) => target.status === 'not-measured') || failed.some((test) => test.error?.notMeasured);
    const realFailures = failed.filter((test) => !test.error?.notMeasured);
    const status =
      ran.length === 0
        ? 'not-run'
        : realFailures.length > 0 || missedTarget || errors.length > 0
          ? 'failed'
          : ran.length < tests.length
            ? 'partly-run'
            : unmeasured
              ? 'not-measured'
              : 'passed';
    return {
      ...requirement,
      earned: status === 'passed' && untraced.length === 0 ? requirement.points : 0,
      status,
      notImplemented: failed.length > 0 && failed.every((test) => test.error?.notImplemented),
      tests,
      errors,
    };
  });
  const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
  return {
    module: input.manifest.id,
    title: input.manifest.title,
    target: input.target,
    targetRoot: input.targetRoot,
    startedAt: input.startedAt.toISOString(),
    durationMs: input.durationMs,
    dependencies: input.dependencies,
    servers: input.servers ?? [],
    requirements,
    targets: input.targets,
    untagged: outcomes.filter((outcome) => !outcome.requirement || !known.has(outcome.requirement)),
    runErrors: input.runErrors,
    ...(untraced.length > 0
      ? { withheld: `No points were given: ${untraced.length === 1 ? 'an error' : `${untraced.length} errors`} happened outside every test and file, so the grader cannot tell which requirement ${untraced.length === 1 ? 'it belongs' : 'they belong'} to (listed below). Fix ${untraced.length === 1 ? 'it' : 'them'} and run again.` }
      : {}),
    ...(input.filter ? { filter: input.filter } : {}),
    score: { earned: sum(requirements.map((r) => r.earned)), total: sum(requirements.map((r) => r.points)) },
    counts: {
      passed: outcomes.filter((o) => o.state === 'passed').length,
      failed: outcomes.filter((o) => o.state === 'failed').length,
      skipped: outcomes.filter((o) => o.state === 'skipped').length,
    },
  };
}

/** A test during which an unhandled error happened fails, with that error as its message. */
function chargeToTest(outcome: TestOutcome, runErrors: readonly RunError[]): TestOutcome {
  const charged = runErrors.filter((error) => error.test === outcome.name);
  if (charged.length === 0) return outcome;
  const message = charged.map((error) => error.message).join('\n');
  if (outcome.state === 'failed' && outcome.error) {
    return { ...outcome, error: { ...outcome.error, message: `${outcome.error.message}\n${message}`, notImplemented: false, notMeasured: false } };
  }
  return { ...outcome, state: 'failed', error: { name: 'UnhandledError', message, notImplemented: false } };
}
