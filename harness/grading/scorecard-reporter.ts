import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, SerializedError, TestCase, TestModule } from 'vitest/node';
import type { TargetResult } from '../load/evaluate-target.ts';
import type { ModuleManifest } from '../manifest.ts';
import { NOT_IMPLEMENTED_CODE } from '../not-implemented.ts';
import { stateDir } from '../paths.ts';
import { paint } from '../terminal.ts';
import { requirementOfTitle } from '../testing/requirement.ts';
import '../testing/measurements.ts';
import { formatScorecard } from './format-terminal.ts';
import { chargeableRunError } from './run-errors.ts';
import { buildScorecard, type RunError, type TestOutcome } from './scorecard.ts';

export interface ScorecardReporterOptions {
  readonly manifest: ModuleManifest;
  readonly target: string;
  readonly targetRoot: string;
  /** Also write the scorecard here (mentors, CI, the course checks). */
  readonly jsonFile?: string;
  /** Print a line per test as it finishes. @default true */
  readonly live?: boolean;
}

/** Where the last scorecard of each module is kept, for `wb list`. */
export const lastResultFile = (moduleId: string): string => path.join(stateDir, 'results', `${moduleId}.json`);

/** Turns a vitest run of one module into a scorecard: per requirement, points, and targets. */
export class ScorecardReporter implements Reporter {
  private startedAt = new Date();
  private stallWatch: NodeJS.Timeout | undefined;
  private lastEventAt = Date.now();
  private lastStarted: string | undefined;

  constructor(private readonly options: ScorecardReporterOptions) {}

  onTestRunStart(): void {
    this.startedAt = new Date();
    this.watchForStalls();
  }

  onTestModuleStart(): void {
    this.lastEventAt = Date.now();
  }

  onTestCaseReady(testCase: TestCase): void {
    this.lastEventAt = Date.now();
    this.lastStarted = testCase.fullName;
  }

  onTestCaseResult(testCase: TestCase): void {
    this.lastEventAt = Date.now();
    if (this.options.live === false) return;
    const outcome = toOutcome(testCase);
    // A -t filter skips most tests: listing them would bury the ones that ran.
    if (outcome.state === 'skipped') return;
    const mark = outcome.state === 'passed' ? paint('green', '✓') : paint('red', '✗');
    const why = outcome.error?.notImplemented ? paint('dim', '  not implemented') : '';
    process.stdout.write(`  ${mark} ${outcome.name} ${paint('dim', `${Math.round(outcome.durationMs)} ms`)}${why}\n`);
  }

  /**
   * Code that blocks the event loop (a `while` loop in a handler) freezes the test worker, and
   * then not even the test's own timeout can fire: vitest would wait forever. This runs in the
   * main process, which stays responsive: when no test has started or finished for longer than
   * any test may take, it says what happened and ends the run (`wb test` then stops the servers).
   */
  private watchForStalls(): void {
    const limitMs = Number(process.env.WB_STALL_SECONDS ?? 120) * 1000;
    this.lastEventAt = Date.now();
    this.stallWatch = setInterval(() => {
      if (Date.now() - this.lastEventAt < limitMs) return;
      const where = this.lastStarted ? `'${this.lastStarted}'` : 'the first test of the run';
      process.stdout.write(
        `\n${paint('red', '✗ The run is stuck')}: nothing has happened for ${limitMs / 1000} s, last in ${where}.\n` +
          '  Your code is probably blocking the event loop (a loop that never ends, or a long synchronous computation),\n' +
          "  so not even the test's own timeout could fire. Stopping the run; fix that code and run again.\n",
      );
      process.exit(124);
    }, 1000);
    this.stallWatch.unref();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    clearInterval(this.stallWatch);
    const outcomes: TestOutcome[] = [];
    const targets: TargetResult[] = [];
    const runErrors: RunError[] = [];
    for (const testModule of testModules) {
      const file = path.relative(process.cwd(), testModule.moduleId);
      for (const error of testModule.errors()) runErrors.push({ file, message: `${file} failed to load, so its tests did not run: ${error.message}` });
      for (const testCase of testModule.children.allTests()) {
        outcomes.push(toOutcome(testCase));
        targets.push(...(testCase.meta().wbTargets ?? []));
      }
    }
    for (const error of unhandledErrors) runErrors.push(chargeableRunError(error, outcomes, this.options.manifest.id));
    const card = buildScorecard({
      manifest: this.options.manifest,
      target: this.options.target,
      targetRoot: this.options.targetRoot,
      startedAt: this.startedAt,
      durationMs: Date.now() - this.startedAt.getTime(),
      dependencies: JSON.parse(process.env.WB_DEPS_SUMMARY ?? '[]') as string[],
      outcomes,
      targets,
      runErrors,
    });
    process.stdout.write(`${formatScorecard(card)}\n`);
    for (const file of [lastResultFile(card.module), this.options.jsonFile].filter((f): f is string => Boolean(f))) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(card, null, 2)}\n`);
    }
  }
}

function toOutcome(testCase: TestCase): TestOutcome {
  const result = testCase.result();
  const state = result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped';
  const first = result.errors?.[0] as (SerializedError & { code?: unknown }) | undefined;
  return {
    name: testCase.fullName,
    requirement: requirementOfTitle(testCase.fullName),
    state,
    durationMs: testCase.diagnostic()?.duration ?? 0,
    file: path.relative(process.cwd(), testCase.module.moduleId),
    ...(state === 'failed' && first
      ? {
          error: {
            name: first.name ?? 'Error',
            message: first.message ?? String(first),
            notImplemented: first.name === 'NotImplementedError' || first.code === NOT_IMPLEMENTED_CODE,
            ...(first.name === 'TargetNotMeasuredError' ? { notMeasured: true } : {}),
          },
        }
      : {}),
  };
}
