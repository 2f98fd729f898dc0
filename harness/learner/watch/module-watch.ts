import { mkdtempSync, watch, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createVitest, type CliOptions, type Reporter, type SerializedError, type TestSpecification, type Vitest } from 'vitest/node';
import type { UserConfig } from 'vite';
import type { UserConsoleLog } from 'vitest';
import { collectRun } from '../../grading/collect-run.ts';
import type { RequirementResult, Scorecard } from '../../grading/scorecard.ts';
import { chargeInterruption } from '../../grading/scorecard-reporter.ts';
import { StallWatch } from '../../grading/stall-watch.ts';
import { TestOutput } from '../../grading/test-output.ts';
import type { ModuleManifest } from '../../manifest.ts';
import { loadModule } from '../../modules.ts';
import type { MeasuredTarget } from '../../testing/measurements.ts';
import { resolveTargetRoot } from '../../target.ts';
import { gradedTestFiles, moduleRunConfig } from '../../vitest/module-run-config.ts';
import { keepingSignals } from '../../vitest/keep-signals.ts';
import { testKey, WORKER_PID_ENV } from '../../vitest/run-resume.ts';
import { RunPlan } from './run-plan.ts';
import { WatchResults } from './watch-results.ts';

/** What a save led to, phase by phase, for the printer and the benchmark. */
export type WatchEvent =
  | { readonly kind: 'started'; readonly trigger: string }
  | { readonly kind: 'focus'; readonly requirement: RequirementResult | undefined; readonly card: Scorecard; readonly secondsSinceSave: number }
  | { readonly kind: 'functional'; readonly card: Scorecard; readonly secondsSinceSave: number; readonly loadWaiting: boolean }
  | { readonly kind: 'load'; readonly card: Scorecard; readonly secondsSinceSave: number }
  | { readonly kind: 'passed'; readonly card: Scorecard }
  | { readonly kind: 'cancelled' };

export interface ModuleWatchOptions {
  readonly moduleId: string;
  /** @default 'exercises' */
  readonly target?: string;
  readonly onEvent: (event: WatchEvent) => void;
  /** Run the load tests as soon as every functional requirement passes. @default true */
  readonly autoLoad?: boolean;
  /** Watch this requirement alone: each save runs only its tests (its load tests too, if it has a target). */
  readonly requirement?: string;
}

const DEBOUNCE_MS = 30;

/**
 * One module watched: one vitest instance (Node API) with its servers started once, kept for the
 * whole session; a save invalidates the changed file in vitest's module graph and re-runs the
 * module's tests, the focus requirement first. A save during a run cancels it and starts over.
 */
export class ModuleWatch {
  private readonly results: WatchResults;
  private readonly output = new TestOutput();
  private watcher: FSWatcher | undefined;
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private cycle: Promise<void> = Promise.resolve();
  private generation = 0;
  private loadRequested = false;
  /** The test that started last: where a blocked event loop is charged. */
  current: { name: string; file: string } | undefined;

  private constructor(
    readonly manifest: ModuleManifest,
    private readonly vitest: Vitest,
    private readonly plan: RunPlan,
    readonly moduleRoot: string,
    private readonly target: string,
    private readonly targetRoot: string,
    private readonly options: ModuleWatchOptions,
    private readonly stall: StallWatch,
  ) {
    this.results = new WatchResults(manifest);
  }

  static async start(options: ModuleWatchOptions): Promise<ModuleWatch> {
    const manifest = await loadModule(options.moduleId);
    const target = options.target ?? 'exercises';
    const targetRoot = resolveTargetRoot(target, manifest.id);
    // The servers' global set-up reads these, as it does for `wb test`.
    process.env.WB_MODULE = manifest.id;
    process.env.WB_TARGET = target;
    let session: ModuleWatch | undefined;
    // Code that blocks the event loop would freeze the worker, and the watch with it: the stall
    // watch stops that worker alone (it says which test), and the next run gets a new one.
    process.env[WORKER_PID_ENV] ??= path.join(mkdtempSync(path.join(tmpdir(), 'wb-watch-')), 'worker.pid');
    const stall = new StallWatch();
    const reporter: Reporter = {
      onUserConsoleLog: (log: UserConsoleLog) => session?.output.add(log),
      onTestRunStart: () => stall.start(),
      onTestModuleStart: () => stall.touch(),
      onTestCaseReady: (testCase) => {
        const runs = testCase.options.mode === 'run';
        stall.touch(runs ? testCase.fullName : undefined);
        if (runs && session) session.current = { name: testCase.fullName, file: path.relative(process.cwd(), testCase.module.moduleId) };
      },
      onTestCaseResult: () => stall.touch(),
      onTestRunEnd: () => stall.stop(),
    };
    const config = await moduleRunConfig({ moduleId: manifest.id, target, reporters: [reporter] });
    // The configuration comes whole from moduleRunConfig, as for `wb test`; no file is read.
    const cli: CliOptions = { config: false, watch: false, run: true };
    const vitest = await keepingSignals(() => createVitest(cli, config as UserConfig));
    await vitest.standalone();
    const plan = new RunPlan(vitest.getRootProject(), manifest, gradedTestFiles(manifest.id));
    session = new ModuleWatch(manifest, vitest, plan, path.join(targetRoot, manifest.id), target, targetRoot, options, stall);
    return session;
  }

  /** Runs the module once, then again on every save in its exercise folder. */
  watchFiles(): void {
    this.watcher = watch(this.moduleRoot, { recursive: true }, (_event, file) => {
      if (!file || !/\.(ts|js|json|sql)$/.test(file)) return;
      this.pending.add(path.join(this.moduleRoot, file));
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.onSave(), DEBOUNCE_MS);
    });
  }

  /** A run of everything, as on a save (the first run, or a key). */
  runNow(trigger: string, options: { load?: boolean } = {}): Promise<void> {
    if (options.load) this.loadRequested = true;
    return this.restart(trigger, performance.now());
  }

  async close(): Promise<void> {
    this.watcher?.close();
    clearTimeout(this.timer);
    this.generation += 1;
    await this.vitest.cancelCurrentRun('keyboard-input').catch(() => {});
    await this.cycle.catch(() => {});
    await this.vitest.close();
  }

  private onSave(): void {
    const saved = performance.now();
    const files = [...this.pending];
    this.pending.clear();
    for (const file of files) {
      this.vitest.invalidateFile(file);
      // What the test worker must drop from its module cache on the next run.
      this.vitest.watcher.invalidates.add(file);
    }
    this.results.codeChanged();
    void this.restart(files.map((file) => path.relative(this.moduleRoot, file)).join(', '), saved);
  }

  private async restart(trigger: string, saved: number): Promise<void> {
    const generation = ++this.generation;
    await this.vitest.cancelCurrentRun('keyboard-input').catch(() => {});
    await this.cycle.catch(() => {});
    if (generation !== this.generation) return;
    this.cycle = this.runCycle(trigger, saved, generation);
    return this.cycle;
  }

  private async runCycle(trigger: string, saved: number, generation: number): Promise<void> {
    const since = (): number => (performance.now() - saved) / 1000;
    const current = (): boolean => generation === this.generation;
    this.options.onEvent({ kind: 'started', trigger });
    if (this.options.requirement) {
      await this.run(this.plan.requirementSpecs(this.options.requirement));
      if (!current()) return this.options.onEvent({ kind: 'cancelled' });
      const card = this.card();
      this.options.onEvent({ kind: 'focus', requirement: card.requirements.find((requirement) => requirement.id === this.options.requirement), card, secondsSinceSave: since() });
      return;
    }
    const focus = this.plan.focus(this.passedRequirements());
    if (focus) {
      await this.run(this.plan.focusSpecs(focus));
      if (!current()) return this.options.onEvent({ kind: 'cancelled' });
      const card = this.card();
      this.options.onEvent({ kind: 'focus', requirement: card.requirements.find((requirement) => requirement.id === focus), card, secondsSinceSave: since() });
    }
    await this.run(this.plan.restSpecs(focus));
    if (!current()) return this.options.onEvent({ kind: 'cancelled' });
    let card = this.card();
    const functionalPass = this.plan.focus(this.passedRequirements()) === undefined;
    const runLoad = this.plan.hasLoadTests() && (this.loadRequested || (functionalPass && this.options.autoLoad !== false));
    this.options.onEvent({ kind: 'functional', card, secondsSinceSave: since(), loadWaiting: this.plan.hasLoadTests() && !runLoad });
    if (runLoad) {
      this.loadRequested = false;
      await this.run(this.plan.loadSpecs());
      if (!current()) return this.options.onEvent({ kind: 'cancelled' });
      card = this.card();
      this.options.onEvent({ kind: 'load', card, secondsSinceSave: since() });
    }
    if (this.results.complete() && card.requirements.every((requirement) => requirement.status === 'passed')) this.options.onEvent({ kind: 'passed', card });
  }

  /** The latest results as a scorecard; full (every test fresh) when `complete()`. */
  card(): Scorecard {
    return this.results.scorecard(this.target, this.targetRoot, JSON.parse(process.env.WB_DEPS_SUMMARY ?? '[]') as string[]);
  }

  complete(): boolean {
    return this.results.complete();
  }

  private passedRequirements(): Set<string> {
    return new Set(this.card().requirements.filter((requirement) => requirement.status === 'passed').map((requirement) => requirement.id));
  }

  private async run(specs: TestSpecification[]): Promise<void> {
    if (specs.length === 0) return;
    const result = await this.vitest.runTestSpecifications(specs);
    const collected = collectRun(result.testModules, result.unhandledErrors as SerializedError[], this.manifest.id, this.output);
    // The test that blocked the event loop fails with what happened, as in `wb test`.
    if (this.stall.stalled && this.current) chargeInterruption(collected, { test: this.current.name, file: this.current.file, reason: 'stalled' }, this.manifest.id, this.stall.limitMs(), 'Save a fix to run again.');
    const targetsByTest = new Map<string, readonly MeasuredTarget[]>();
    for (const testModule of result.testModules) {
      for (const testCase of testModule.children.allTests()) {
        targetsByTest.set(testKey(path.relative(process.cwd(), testModule.moduleId), testCase.fullName), testCase.meta().wbTargets ?? []);
      }
    }
    this.results.record(collected, targetsByTest);
  }
}
