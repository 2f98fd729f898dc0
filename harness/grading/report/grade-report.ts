import type { Scorecard, ServerUsed } from '../scorecard.ts';
import type { TamperReport } from '../tamper.ts';

/** Where and on what a tree was graded: what a mentor needs to trust or reproduce a scorecard. */
export interface GradingEnvironment {
  /** `v24.11.0` */
  readonly node: string;
  readonly os: { readonly platform: string; readonly release: string; readonly arch: string };
  /** `native` or `containers`: how the servers ran (the backend of every module's run). */
  readonly backends: readonly string[];
  /** Every server kind the graded modules used, once each. */
  readonly servers: readonly ServerUsed[];
  /** The graded tree: its path as given and, when it is in a Git repository, its commit. */
  readonly graded: {
    readonly target: string;
    readonly path: string;
    readonly git: { readonly commit: string; readonly uncommittedChanges: boolean; readonly changedFiles: readonly string[] } | null;
  };
  /** The harness that graded it: its package version and, in a Git checkout, its commit. */
  readonly harness: { readonly version: string; readonly commit: string | null; readonly uncommittedChanges: boolean | null };
}

export type GradedModule = Omit<Scorecard, 'dependencies'>;

/** A repository graded with `--repo`: where it came from, what it changed beyond its own tree, how it ran. */
export interface CandidateRepository {
  /** The path or URL given. */
  readonly source: string;
  readonly ref: string | null;
  readonly commit: string;
  /** Files changed outside exercises/ and dependencies added, against the grader's own copy. */
  readonly tampering: TamperReport;
  /**
   * How the candidate's code was kept from the grader's files and network: `none` means it ran
   * as the grader's user with the grader's HOME, and `note` says so in a sentence.
   */
  readonly isolation: { readonly mode: 'none' | 'user' | 'container'; readonly note: string };
  /**
   * Present for a take-home (`wb takehome grade`): the kit it was cut from, whose files are the
   * baseline of `tampering`, and the requirements graded by tests the candidate never saw.
   */
  readonly kit?: { readonly id: string; readonly hiddenRequirements: Readonly<Record<string, readonly string[]>> };
}

/** `01-rest-api (health, graceful-shutdown); 02-caching (stats)`: the requirements hidden tests grade. */
export function hiddenRequirementsText(hidden: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(hidden)
    .map(([moduleId, ids]) => `${moduleId} (${ids.join(', ')})`)
    .join('; ');
}

/** One `wb grade` run: every graded module's scorecard and what they add up to. */
export interface GradeReport {
  /** The shape of this file, described by docs/scorecard.schema.json. */
  readonly format: typeof SCORECARD_FORMAT;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly environment: GradingEnvironment;
  /** Each module's scorecard, without the run's server addresses (the environment has the servers). */
  readonly modules: readonly GradedModule[];
  /** Present when a repository was graded with `--repo`. */
  readonly candidate?: CandidateRepository;
  readonly score: { readonly earned: number; readonly total: number };
  /** Every graded requirement passed. */
  readonly passed: boolean;
}

export const SCORECARD_FORMAT = 'workbench-scorecard/1';

export function buildGradeReport(input: { startedAt: Date; durationMs: number; environment: GradingEnvironment; modules: readonly Scorecard[]; candidate?: CandidateRepository }): GradeReport {
  const earned = input.modules.reduce((sum, card) => sum + card.score.earned, 0);
  const total = input.modules.reduce((sum, card) => sum + card.score.total, 0);
  return {
    format: SCORECARD_FORMAT,
    startedAt: input.startedAt.toISOString(),
    durationMs: input.durationMs,
    environment: input.environment,
    // Addresses and ports change every run; the same tree graded twice must read the same.
    modules: input.modules.map(({ dependencies: _dependencies, ...card }) => card),
    ...(input.candidate ? { candidate: input.candidate } : {}),
    score: { earned, total },
    passed: input.modules.length > 0 && input.modules.every((card) => card.requirements.every((requirement) => requirement.status === 'passed') && card.runErrors.length === 0 && !card.withheld),
  };
}
