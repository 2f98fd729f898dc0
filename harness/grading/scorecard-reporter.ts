import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { UserConsoleLog } from 'vitest';
import type { Reporter, SerializedError, TestCase, TestModule, Vitest } from 'vitest/node';
import type { MeasuredTarget } from '../testing/measurements.ts';
import { requirementOfTitle } from '../testing/requirement.ts';
import { DEAD_WORKER, PART_END_ENV, readCurrentTest, readResume, testKey, writeJson, type PartEnd } from '../vitest/run-resume.ts';
import type { ModuleManifest } from '../manifest.ts';
import { stateDir } from '../paths.ts';
import { paint } from '../terminal.ts';
import { collectRun, toOutcome } from './collect-run.ts';
import { formatScorecard } from './format-terminal.ts';
import { buildScorecard, type RunError, type Scorecard, type ServerUsed, type TestOutcome } from './scorecard.ts';
import { StallWatch } from './stall-watch.ts';
import { TestOutput } from './test-output.ts';
import { liveLine } from '../terminal-progress.ts';
import { LOAD_TAG } from '../testing/measurements.ts';

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

/** Where the last full result of the learner's own tree is kept, for `wb list` and `wb`. */
export const lastResultFile = (moduleId: string): string => path.join(stateDir, 'results', `${moduleId}.json`);

/** Where `wb test` asks for this run's scorecard, whatever the run was (filtered, another tree). */
export const RUN_CARD_ENV = 'WB_RUN_CARD';

/** A scorecard as JSON, its folder made: the learner's progress, a run's card, a mentor's copy. */
export function writeScorecardFile(file: string, card: Scorecard): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(card, null, 2)}\n`);
}

/** Turns a vitest run of one module into a scorecard: per requirement, points, and targets. */
export class ScorecardReporter implements Reporter {
  private startedAt = new Date();
  private readonly stallWatch = new StallWatch();
  /** Tests that started and have no result yet: at the end, one of them is where the worker died. */
  private readonly running = new Map<string, TestCase>();
  private readonly startedFiles = new Set<string>();
  private readonly finishedFiles = new Set<string>();

  /** What the code under test printed, per test: shown under its failure. */
  private readonly output = new TestOutput();
  /** The live line of the load test running now, on a terminal. */
  private loadLine: ReturnType<typeof liveLine> | undefined;
  /** The `-t` pattern, when the run is filtered. */
  private filter: string | undefined;

  constructor(private readonly options: ScorecardReporterOptions) {}

  onInit(vitest: Vitest): void {
    this.filter = vitest.config.testNamePattern?.source;
  }

  onTestRunStart(): void {
    this.startedAt = new Date();
  }

  onTestModuleStart(testModule: TestModule): void {
    // Armed with the first file, not at the run's start: the servers start in between (global
    // set-up), and a broker that takes seconds to start is not code blocking an event loop.
    if (this.startedFiles.size === 0) this.stallWatch.start();
    this.stallWatch.touch();
    this.startedFiles.add(relativeFile(testModule));
  }

  onTestModuleEnd(testModule: TestModule): void {
    this.finishedFiles.add(relativeFile(testModule));
  }

  onTestCaseReady(testCase: TestCase): void {
    // Tests a -t filter leaves out are reported too: a stall is never in one of them.
    const runs = testCase.options.mode !== 'skip' && testCase.options.mode !== 'todo';
    this.stallWatch.touch(runs ? testCase.fullName : undefined);
    if (runs) this.running.set(testCase.id, testCase);
    // A load test takes seconds with nothing to show: on a terminal, say what is being measured.
    if (runs && this.options.live !== false && !this.options.quiet && testCase.tags.includes(LOAD_TAG)) {
      this.loadLine?.stop();
      this.loadLine = liveLine(`measuring under load: ${testCase.name}`);
    }
  }

  onUserConsoleLog(log: UserConsoleLog): void {
    this.output.add(log);
  }

  onTestCaseResult(testCase: TestCase): void {
    this.stallWatch.touch();
    this.loadLine?.stop();
    this.loadLine = undefined;
    this.running.delete(testCase.id);
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
    this.loadLine?.stop();
    const collected = collectRun(testModules, unhandledErrors, this.options.manifest.id, this.output);
    const interrupted = this.interruption(unhandledErrors.some((error) => DEAD_WORKER.test(error.message ?? '')));
    if (interrupted) chargeInterruption(collected, interrupted, this.options.manifest.id, this.stallWatch.limitMs());
    const { outcomes, targets, runErrors } = withEarlierParts(collected);
    if (testModules.length === 0 && runErrors.length === 0) runErrors.push({ message: NOTHING_RAN });
    const startedAt = new Date(readResume()?.startedAt ?? this.startedAt);
    const partEndFile = process.env[PART_END_ENV];
    if (partEndFile) writeJson(partEndFile, { ...(interrupted ? { interrupted } : {}), finishedFiles: [...this.finishedFiles], startedAt: startedAt.toISOString(), outcomes, targets, runErrors } satisfies PartEnd);
    const card = buildScorecard({
      manifest: this.options.manifest,
      target: this.options.target,
      targetRoot: this.options.targetRoot,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      dependencies: JSON.parse(process.env.WB_DEPS_SUMMARY ?? '[]') as string[],
      servers: JSON.parse(process.env.WB_DEPS_SERVERS ?? '[]') as ServerUsed[],
      outcomes,
      targets,
      runErrors,
      ...(this.filter ? { filter: this.filter } : {}),
    });
    // A part that ended at a dead worker is not the end: `wb test` prints the last part's card.
    if (!this.options.quiet && !(interrupted && partEndFile)) process.stdout.write(`${formatScorecard(card)}\n`);
    // Progress is the learner's own tree graded in full: a filtered run or the reference's does not replace it.
    const progress = !card.filter && this.options.target === 'exercises' ? lastResultFile(card.module) : undefined;
    for (const file of [progress, process.env[RUN_CARD_ENV], this.options.jsonFile]) if (file) writeScorecardFile(file, card);
  }

  /**
   * Where this part ended early: the test that was running when its worker died (as the worker
   * noted it; its own reports die with it), or the file, when it died outside every test. A
   * worker that dies in the first moments of a file can take the news that the file started with
   * it; vitest's report of the dead worker then says it died, and the worker's note says where.
   */
  private interruption(workerDied: boolean): PartEnd['interrupted'] {
    const reason = this.stallWatch.stalled ? 'stalled' : 'crashed';
    const unfinished = [...this.startedFiles].filter((started) => !this.finishedFiles.has(started));
    const [test] = this.running.values();
    const noted = readCurrentTest();
    const diedInNoted = workerDied && noted !== undefined && !this.finishedFiles.has(noted.file);
    if (unfinished.length === 0 && !test && !this.stallWatch.stalled && !diedInNoted) return undefined;
    if (noted && (unfinished.includes(noted.file) || this.stallWatch.stalled || diedInNoted)) return { ...noted, reason };
    if (test) return { test: test.fullName, file: relativeFile(test.module), reason };
    return unfinished[0] ? { file: unfinished[0], reason } : undefined;
  }
}

interface Parts {
  readonly outcomes: readonly TestOutcome[];
  readonly targets: readonly MeasuredTarget[];
  readonly runErrors: readonly RunError[];
}

const relativeFile = (testModule: TestModule): string => path.relative(process.cwd(), testModule.moduleId);

/**
 * The test that was running when its worker died fails with what happened, in words that say
 * what to look for; vitest's own report of the dead worker, which names no test, is dropped.
 */
export function chargeInterruption(
  collected: { outcomes: TestOutcome[]; runErrors: RunError[] },
  interrupted: NonNullable<PartEnd['interrupted']>,
  moduleId: string,
  stallMs: number,
  /** What happens next, said after what happened: `wb watch` runs again on the next save. */
  then = 'The tests after this one still ran.',
): void {
  const what =
    interrupted.reason === 'stalled'
      ? `blocked the event loop: nothing happened for ${stallMs / 1000} s, so its process was stopped (a loop that never ends, or a long synchronous computation)`
      : 'killed the test process: it died while this ran (process.kill or process.abort, a native crash, or running out of memory)';
  const deadWorker = collected.runErrors.filter((error) => !error.test && DEAD_WORKER.test(error.message));
  for (const error of deadWorker) collected.runErrors.splice(collected.runErrors.indexOf(error), 1);
  if (!interrupted.test) {
    collected.runErrors.push({ file: interrupted.file, message: `The code under test ${what}, before the first test of ${interrupted.file}; its tests did not run. The tests after it still ran.` });
    return;
  }
  const requirement = requirementOfTitle(interrupted.test);
  const failed: TestOutcome = {
    name: interrupted.test,
    requirement,
    state: 'failed',
    durationMs: interrupted.reason === 'stalled' ? stallMs : 0,
    file: interrupted.file,
    error: { name: interrupted.reason === 'stalled' ? 'EventLoopBlocked' : 'ProcessCrashed', message: `The code under test ${what}. ${then}${requirement ? ` See modules/${moduleId}/SPEC.md#${requirement}.` : ''}`, notImplemented: false },
  };
  const at = collected.outcomes.findIndex((outcome) => outcome.file === interrupted.file && outcome.name === interrupted.test);
  if (at >= 0) collected.outcomes[at] = failed;
  else collected.outcomes.push(failed);
}

/** This part's results on top of the earlier parts': a test an earlier part ran keeps that outcome. */
function withEarlierParts(current: Parts): { outcomes: TestOutcome[]; targets: MeasuredTarget[]; runErrors: RunError[] } {
  const earlier = readResume();
  if (!earlier) return { outcomes: [...current.outcomes], targets: [...current.targets], runErrors: [...current.runErrors] };
  const byKey = new Map<string, TestOutcome>();
  for (const outcome of earlier.outcomes) byKey.set(testKey(outcome.file, outcome.name), outcome);
  for (const outcome of current.outcomes) {
    const key = testKey(outcome.file, outcome.name);
    if (outcome.state !== 'skipped' || !byKey.has(key)) byKey.set(key, outcome);
  }
  return { outcomes: [...byKey.values()], targets: [...earlier.targets, ...current.targets], runErrors: [...earlier.runErrors, ...current.runErrors] };
}
