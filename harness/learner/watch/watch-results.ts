import type { CollectedRun } from '../../grading/collect-run.ts';
import { buildScorecard, type RunError, type Scorecard, type TestOutcome } from '../../grading/scorecard.ts';
import type { ModuleManifest } from '../../manifest.ts';
import type { MeasuredTarget } from '../../testing/measurements.ts';
import { testKey } from '../../vitest/run-resume.ts';

/**
 * The latest outcome of every test across a watch session's runs: a save re-runs some tests (the
 * focus first, then the rest), and the picture is the newest result of each. Run errors belong to
 * the run they happened in, so each run replaces them.
 */
export class WatchResults {
  private readonly outcomes = new Map<string, TestOutcome>();
  private readonly targets = new Map<string, readonly MeasuredTarget[]>();
  private runErrors: RunError[] = [];
  /** Tests that ran since the code last changed. */
  private readonly fresh = new Set<string>();

  constructor(private readonly manifest: ModuleManifest) {}

  /** The code changed: every result is now from older code. */
  codeChanged(): void {
    this.fresh.clear();
  }

  record(run: CollectedRun, targetsByTest: ReadonlyMap<string, readonly MeasuredTarget[]>): void {
    this.runErrors = [...run.runErrors];
    for (const outcome of run.outcomes) {
      const key = testKey(outcome.file, outcome.name);
      if (outcome.state === 'skipped' && this.outcomes.has(key)) continue;
      this.outcomes.set(key, outcome);
      if (outcome.state !== 'skipped') {
        this.fresh.add(key);
        this.targets.set(key, targetsByTest.get(key) ?? []);
      }
    }
  }

  /** Every test known has run since the last change: the picture is a full result. */
  complete(): boolean {
    return this.outcomes.size > 0 && [...this.outcomes.keys()].every((key) => this.fresh.has(key));
  }

  scorecard(target: string, targetRoot: string, dependencies: readonly string[]): Scorecard {
    return buildScorecard({
      manifest: this.manifest,
      target,
      targetRoot,
      startedAt: new Date(),
      durationMs: 0,
      dependencies,
      outcomes: [...this.outcomes.values()],
      targets: [...this.targets.values()].flat(),
      runErrors: this.runErrors,
    });
  }
}
