import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, SerializedError, TestCase, TestModule } from 'vitest/node';
import type { ModuleManifest } from '../manifest.ts';
import { stateDir } from '../paths.ts';
import { paint } from '../terminal.ts';
import { collectRun, toOutcome } from './collect-run.ts';
import { formatScorecard } from './format-terminal.ts';
import { buildScorecard, type ServerUsed } from './scorecard.ts';
import { StallWatch } from './stall-watch.ts';

export interface ScorecardReporterOptions {
  readonly manifest: ModuleManifest;
  readonly target: string;
  readonly targetRoot: string;
  /** Also write the scorecard here (mentors, CI, the course checks). */
  readonly jsonFile?: string;
  /** Print a line per test as it finishes. @default true */
  readonly live?: boolean;
  /** Print nothing: no line per test, no scorecard (the caller reports). @default false */
  readonly quiet?: boolean;
}

/** Said when vitest stopped before any test file: its global set-up (the servers) failed. */
export const NOTHING_RAN =
  'No graded test ran: the run stopped before its first test file, most often because a server did not start. The lines printed before the scorecard say why; `npx wb doctor` checks the machine.';

/** Where the last scorecard of each module is kept, for `wb list`. */
export const lastResultFile = (moduleId: string): string => path.join(stateDir, 'results', `${moduleId}.json`);

/** Turns a vitest run of one module into a scorecard: per requirement, points, and targets. */
export class ScorecardReporter implements Reporter {
  private startedAt = new Date();
  private readonly stallWatch = new StallWatch();

  constructor(private readonly options: ScorecardReporterOptions) {}

  onTestRunStart(): void {
    this.startedAt = new Date();
    this.stallWatch.start();
  }

  onTestModuleStart(): void {
    this.stallWatch.touch();
  }

  onTestCaseReady(testCase: TestCase): void {
    // Tests a -t filter leaves out are reported too: a stall is never in one of them.
    const runs = testCase.options.mode !== 'skip' && testCase.options.mode !== 'todo';
    this.stallWatch.touch(runs ? testCase.fullName : undefined);
  }

  onTestCaseResult(testCase: TestCase): void {
    this.stallWatch.touch();
    if (this.options.live === false || this.options.quiet) return;
    const outcome = toOutcome(testCase);
    // A -t filter skips most tests: listing them would bury the ones that ran.
    if (outcome.state === 'skipped') return;
    const mark = outcome.state === 'passed' ? paint('green', '✓') : paint('red', '✗');
    const why = outcome.error?.notImplemented ? paint('dim', '  not implemented') : '';
    process.stdout.write(`  ${mark} ${outcome.name} ${paint('dim', `${Math.round(outcome.durationMs)} ms`)}${why}\n`);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    this.stallWatch.stop();
    const { outcomes, targets, runErrors } = collectRun(testModules, unhandledErrors, this.options.manifest.id);
    if (testModules.length === 0 && runErrors.length === 0) runErrors.push({ message: NOTHING_RAN });
    const card = buildScorecard({
      manifest: this.options.manifest,
      target: this.options.target,
      targetRoot: this.options.targetRoot,
      startedAt: this.startedAt,
      durationMs: Date.now() - this.startedAt.getTime(),
      dependencies: JSON.parse(process.env.WB_DEPS_SUMMARY ?? '[]') as string[],
      servers: JSON.parse(process.env.WB_DEPS_SERVERS ?? '[]') as ServerUsed[],
      outcomes,
      targets,
      runErrors,
    });
    if (!this.options.quiet) process.stdout.write(`${formatScorecard(card)}\n`);
    for (const file of [lastResultFile(card.module), this.options.jsonFile].filter((f): f is string => Boolean(f))) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(card, null, 2)}\n`);
    }
  }
}
