import type { TargetResult } from '../load/evaluate-target.ts';
import type { ModuleManifest } from '../manifest.ts';

export type TestState = 'passed' | 'failed' | 'skipped';

export interface TestOutcome {
  /** The test's full title, describe blocks included. */
  readonly name: string;
  readonly requirement: string | undefined;
  readonly state: TestState;
  readonly durationMs: number;
  readonly file: string;
  /** The first error, when the test failed. */
  readonly error?: { readonly name: string; readonly message: string; readonly notImplemented: boolean };
}

export interface RequirementResult {
  readonly id: string;
  readonly title: string;
  readonly points: number;
  /** All or nothing: a requirement earns its points when every one of its tests passes. */
  readonly earned: number;
  readonly status: 'passed' | 'failed' | 'not-run';
  /** True when every failure of this requirement is a stub's not-implemented error. */
  readonly notImplemented: boolean;
  readonly tests: readonly TestOutcome[];
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
  readonly requirements: readonly RequirementResult[];
  readonly targets: readonly TargetResult[];
  /** Tests whose title names no known requirement: a bug in the module, reported loudly. */
  readonly untagged: readonly TestOutcome[];
  /** Errors outside any test: a test file that failed to load, an unhandled rejection. */
  readonly runErrors: readonly string[];
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
  readonly outcomes: readonly TestOutcome[];
  readonly targets: readonly TargetResult[];
  readonly runErrors: readonly string[];
}

export function buildScorecard(input: ScorecardInput): Scorecard {
  const known = new Set(input.manifest.requirements.map((requirement) => requirement.id));
  const requirements = input.manifest.requirements.map((requirement): RequirementResult => {
    const tests = input.outcomes.filter((outcome) => outcome.requirement === requirement.id);
    const ran = tests.filter((test) => test.state !== 'skipped');
    const failed = ran.filter((test) => test.state === 'failed');
    // A target missed fails its requirement even if the test's own assertions were lenient.
    const missedTarget = input.targets.some((target) => target.requirement === requirement.id && !target.ok);
    const status = ran.length === 0 ? 'not-run' : failed.length > 0 || missedTarget ? 'failed' : 'passed';
    return {
      ...requirement,
      earned: status === 'passed' && input.runErrors.length === 0 ? requirement.points : 0,
      status,
      notImplemented: failed.length > 0 && failed.every((test) => test.error?.notImplemented),
      tests,
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
    requirements,
    targets: input.targets,
    untagged: input.outcomes.filter((outcome) => !outcome.requirement || !known.has(outcome.requirement)),
    runErrors: input.runErrors,
    score: { earned: sum(requirements.map((r) => r.earned)), total: sum(requirements.map((r) => r.points)) },
    counts: {
      passed: input.outcomes.filter((o) => o.state === 'passed').length,
      failed: input.outcomes.filter((o) => o.state === 'failed').length,
      skipped: input.outcomes.filter((o) => o.state === 'skipped').length,
    },
  };
}
