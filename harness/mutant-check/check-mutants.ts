import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, SerializedError, TestModule, TestSequencer, TestSpecification } from 'vitest/node';
import { createVitest } from 'vitest/node';
import { acquireDependencies } from '../deps/acquire-dependencies.ts';
import { writeDepsState } from '../deps/deps-state.ts';
import { collectRun } from '../grading/collect-run.ts';
import { fileOfRunError } from '../grading/run-errors.ts';
import { buildScorecard, type Scorecard } from '../grading/scorecard.ts';
import { StallWatch } from '../grading/stall-watch.ts';
import { measuredUnderLoad, type ModuleManifest } from '../manifest.ts';
import { loadModule } from '../modules.ts';
import { writeMutant, type Mutant } from '../mutants.ts';
import { projectRoot, stateDir } from '../paths.ts';
import { LOAD_TAG } from '../testing/measurements.ts';
import { moduleRunConfig } from '../vitest/module-run-config.ts';
import { gradeAlone } from './grade-alone.ts';
import { gradedFilesByRequirement, type GradedFiles } from './graded-files.ts';
import { judgeMutant, type MutantVerdict } from './verdict.ts';
import { wrapperFileSource } from './wrapper-file.ts';

/** One per core here: a third worker was measured no faster, the database using the rest. */
const SHARED_WORKERS = 2;

export interface CheckMutantsOptions {
  readonly moduleId: string;
  readonly mutants: readonly Mutant[];
  /** After each mutant's test file in a batch: how many test files of how many have run. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface MutantCheck {
  readonly verdicts: readonly MutantVerdict[];
  /**
   * The reference, graded after the mutants in the same shared workers, on the requirements they
   * break. It must pass: if it does not, a mutant left the workers in a state that fails correct
   * code, and the batch's catches cannot be trusted.
   */
  readonly control: { readonly passed: boolean; readonly detail: string } | undefined;
  readonly seconds: number;
}

/** One mutant, written out: its tree and the test file that grades it. */
interface Entry {
  readonly mutant: Mutant;
  /** A `--target` directory holding the mutant's `<module>/` tree. */
  readonly target: string;
  readonly file: string;
}

/** An entry to run in a batch, limited to some of its requirement's tests. */
interface Run {
  readonly entry: Entry;
  readonly tagsFilter?: string[];
}

/**
 * Grades a module's known-wrong implementations and says, for each, whether the requirement it
 * breaks failed with a sentence for the learner. A process per mutant costs ~3 s, most of it
 * starting up; here vitest runs once per batch, with a test file per mutant that loads the graded
 * tests against that mutant's tree, in workers shared across files. Only the tests of the broken
 * requirement run, up to the first failure.
 *
 * 1. Shared batch, two workers: every mutant that is not a race, on its tests but the load tests
 *    (counters catch most slow code in milliseconds), then the reference as the control, split
 *    in one file per worker so that each worker grades it after its share of the mutants.
 * 2. Alone batch, one worker, the machine to itself: races, and the measured mutants that got
 *    through, now on the load tests.
 * 3. A mutant still not caught is graded by `wb test` in a process of its own, exactly as a
 *    learner's tree is, on all its requirement's tests, before it is called a survivor.
 */
export async function checkMutants(options: CheckMutantsOptions): Promise<MutantCheck> {
  const started = performance.now();
  const manifest = await loadModule(options.moduleId);
  const duplicate = options.mutants.find((mutant, index) => options.mutants.findIndex((other) => other.name === mutant.name) !== index);
  if (duplicate) throw new Error(`Two mutants of ${manifest.id} are named '${duplicate.name}': give each its own name.`);
  mkdirSync(stateDir, { recursive: true });
  const work = mkdtempSync(path.join(stateDir, 'mutant-check-'));
  const previousDepsFile = process.env.WB_DEPS_FILE;
  const session = await acquireDependencies(manifest.dependencies);
  try {
    // Both batches and every own run share this session's servers.
    const depsFile = path.join(work, 'deps.json');
    writeDepsState({ backend: Object.values(session.infos)[0]?.backend ?? 'native', startedAt: new Date().toISOString(), infos: session.infos }, depsFile);
    process.env.WB_DEPS_FILE = depsFile;

    const entries = writeEntries(manifest, work, options.mutants, await gradedFilesByRequirement(manifest.id));
    const measured = (mutant: Mutant): boolean => measuredUnderLoad(manifest, mutant.breaks);
    const races = entries.filter((entry) => entry.mutant.race === true);
    const others = entries.filter((entry) => entry.mutant.race !== true);
    const progress = { done: 0, total: entries.length };
    const batch = { manifest, work, progress, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };

    const shared = await runBatch({ ...batch, name: 'shared', runs: others.map((entry) => ({ entry, ...(measured(entry.mutant) ? { tagsFilter: [`!${LOAD_TAG}`] } : {}) })), workers: SHARED_WORKERS, control: true });
    const toLoad = others.filter((entry) => measured(entry.mutant) && !shared.verdicts.get(entry.mutant.name)?.caught);
    progress.total += toLoad.length;
    const alone = await runBatch({ ...batch, name: 'alone', runs: [...races.map((entry) => ({ entry })), ...toLoad.map((entry) => ({ entry, tagsFilter: [LOAD_TAG] }))], workers: 1, control: false });

    const verdicts: MutantVerdict[] = [];
    for (const entry of entries) {
      const verdict = alone.verdicts.get(entry.mutant.name) ?? shared.verdicts.get(entry.mutant.name);
      verdicts.push(verdict?.caught ? verdict : await gradeAlone({ moduleId: manifest.id, mutant: entry.mutant, target: entry.target, env: { WB_DEPS_FILE: depsFile } }));
    }
    return { verdicts, control: shared.control, seconds: (performance.now() - started) / 1000 };
  } finally {
    if (previousDepsFile === undefined) delete process.env.WB_DEPS_FILE;
    else process.env.WB_DEPS_FILE = previousDepsFile;
    await session.release();
    rmSync(work, { recursive: true, force: true });
  }
}

function writeEntries(manifest: ModuleManifest, work: string, mutants: readonly Mutant[], graded: GradedFiles): Entry[] {
  const solution = path.join(projectRoot, 'solutions', manifest.id);
  mkdirSync(path.join(work, 'files'), { recursive: true });
  const entries = mutants.map((mutant, index): Entry => {
    const target = writeMutant(solution, path.join(work, 'trees', String(index)), manifest.id, mutant);
    const file = path.join(work, 'files', `${index}.test.ts`);
    const gradedFiles = graded.of(mutant.breaks);
    writeFileSync(file, wrapperFileSource({ moduleId: manifest.id, title: mutant.name, treeRoot: path.join(target, manifest.id), gradedFiles: gradedFiles.length > 0 ? gradedFiles : graded.all, runKey: String(index), stopAtFirstFailure: true }));
    return { mutant, target, file };
  });
  for (const file of controlFiles(work)) {
    writeFileSync(file, wrapperFileSource({ moduleId: manifest.id, title: 'the reference (control)', treeRoot: solution, gradedFiles: graded.all, runKey: path.basename(file), stopAtFirstFailure: false }));
  }
  return entries;
}

interface BatchOptions {
  readonly manifest: ModuleManifest;
  readonly work: string;
  readonly name: string;
  readonly runs: readonly Run[];
  readonly workers: number;
  /** Grade the reference last, on the requirements the mutants break, load tests left out. */
  readonly control: boolean;
  readonly progress: { done: number; total: number };
  readonly onProgress?: (done: number, total: number) => void;
}

interface BatchResult {
  readonly verdicts: ReadonlyMap<string, MutantVerdict>;
  readonly control: MutantCheck['control'];
}

async function runBatch(options: BatchOptions): Promise<BatchResult> {
  if (options.runs.length === 0) return { verdicts: new Map(), control: undefined };
  const { manifest, work, runs } = options;
  const controls = options.control ? controlFiles(work).slice(0, options.workers) : [];
  const base = await moduleRunConfig({ moduleId: manifest.id, target: 'solutions' });
  const stallWatch = new StallWatch();
  const reporter: Reporter = {
    onTestRunStart: () => stallWatch.start(),
    onTestCaseReady: (testCase) => stallWatch.touch(testCase.fullName),
    onTestCaseResult: () => stallWatch.touch(),
    onTestModuleEnd: (testModule) => {
      stallWatch.touch();
      if (controls.includes(testModule.moduleId)) return;
      options.progress.done++;
      options.onProgress?.(options.progress.done, options.progress.total);
    },
  };
  const vitest = await createVitest(
    { config: false, watch: false },
    {
      ...base,
      test: {
        ...base.test,
        include: [`${path.relative(projectRoot, path.join(work, 'files'))}/*.test.ts`],
        reporters: [reporter],
        // Shared workers: fastify, pg and the like load once per worker, not once per mutant.
        isolate: false,
        fileParallelism: options.workers > 1,
        maxWorkers: options.workers,
        sequence: { sequencer: InGivenOrder },
      },
    },
  );
  try {
    const project = vitest.getRootProject();
    const specifications = runs.map(({ entry, tagsFilter }) =>
      project.createSpecification(entry.file, { testNamePattern: new RegExp(`\\[${entry.mutant.breaks}\\]`), ...(tagsFilter ? { testTagsFilter: tagsFilter } : {}) }),
    );
    const broken = [...new Set(runs.map((run) => run.entry.mutant.breaks))];
    // The requirements shared out among the control files, which come last, one per worker.
    const shares = controls.map((_, index) => broken.filter((__, at) => at % controls.length === index)).filter((share) => share.length > 0);
    for (const [index, share] of shares.entries()) {
      specifications.push(project.createSpecification(controls[index]!, { testNamePattern: new RegExp(`\\[(${share.join('|')})\\]`), testTagsFilter: [`!${LOAD_TAG}`] }));
    }
    const run = await vitest.runTestSpecifications(specifications);
    const unhandledErrors = run.unhandledErrors as SerializedError[];
    // An error vitest could not place in a file cannot be pinned on one mutant: it counts against all.
    const untraced = unhandledErrors.filter((error) => !fileOfRunError(error));
    const cardOf = (file: string): { card: Scorecard; seconds: number } | undefined => {
      const testModule = run.testModules.find((candidate) => candidate.moduleId === file);
      if (!testModule) return undefined;
      const relative = path.relative(process.cwd(), file);
      const diagnostic = testModule.diagnostic();
      return { card: scorecardOf(manifest, testModule, [...unhandledErrors.filter((error) => fileOfRunError(error) === relative), ...untraced]), seconds: (diagnostic.collectDuration + diagnostic.duration) / 1000 };
    };
    const verdicts = new Map(
      runs.map(({ entry }): [string, MutantVerdict] => {
        const graded = cardOf(entry.file);
        const judgement = graded ? judgeMutant(graded.card, entry.mutant) : { caught: false, why: 'Its test file never ran.' };
        return [entry.mutant.name, { name: entry.mutant.name, breaks: entry.mutant.breaks, ...judgement, judgedBy: 'batch', seconds: graded?.seconds ?? 0 }];
      }),
    );
    return { verdicts, control: options.control ? controlVerdict(shares.map((_, index) => cardOf(controls[index]!)?.card), broken) : undefined };
  } finally {
    stallWatch.stop();
    await vitest.close();
  }
}

function scorecardOf(manifest: ModuleManifest, testModule: TestModule, errors: readonly SerializedError[]): Scorecard {
  const { outcomes, targets, runErrors } = collectRun([testModule], errors, manifest.id);
  return buildScorecard({ manifest, target: testModule.moduleId, targetRoot: testModule.moduleId, startedAt: new Date(), durationMs: 0, dependencies: [], outcomes, targets, runErrors });
}

/** One control file per worker of the shared batch. */
const controlFiles = (work: string): string[] => Array.from({ length: SHARED_WORKERS }, (_, index) => path.join(work, 'files', `control-${index}.test.ts`));

function controlVerdict(cards: ReadonlyArray<Scorecard | undefined>, requirements: readonly string[]): MutantCheck['control'] {
  if (cards.some((card) => !card)) return { passed: false, detail: 'a control run of the reference never ran.' };
  const ran = (cards as Scorecard[]).flatMap((card) => card.requirements.filter((requirement) => requirement.status !== 'not-run'));
  // The control runs without load tests: a requirement graded by a target too is only partly run.
  const failed = ran.filter((requirement) => requirement.status !== 'passed' && requirement.status !== 'partly-run');
  const missing = requirements.filter((id) => !ran.some((requirement) => requirement.id === id));
  if (missing.length > 0) return { passed: false, detail: `the control run of the reference ran no test of [${missing.join('], [')}].` };
  if (failed.length === 0 && !cards.some((card) => card?.withheld)) return { passed: true, detail: `the reference passed ${requirements.length === 1 ? 'the requirement the mutants break' : `the ${requirements.length} requirements the mutants break`}, after them, in the same workers.` };
  const first = failed[0]?.tests.find((test) => test.state === 'failed');
  return {
    passed: false,
    detail:
      `after the mutants, in the same workers, the reference failed ${failed.map((requirement) => `[${requirement.id}] (${requirement.status})`).join(', ') || 'with a withheld score'}` +
      `${first?.error ? `: '${first.name}': ${first.error.message.split('\n')[0]}` : ''}. A mutant left the workers in a state that fails correct code, so this batch's catches cannot be trusted.`,
  };
}

/** Runs the batch's files in the order given: the controls must come after the mutants. */
class InGivenOrder implements TestSequencer {
  async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
    return files;
  }

  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return files;
  }
}
