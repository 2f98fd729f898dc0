import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { backendSetting, chooseBackend } from '../../deps/backend.ts';
import { readDepsState } from '../../deps/deps-state.ts';
import { reapOrphans } from '../../deps/process/owned-resources.ts';
import type { Scorecard } from '../../grading/scorecard.ts';
import { RUN_CARD_ENV } from '../../grading/scorecard-reporter.ts';
import { loadModule, resolveModuleId } from '../../modules.ts';
import { projectRoot } from '../../paths.ts';
import { resolveTargetRoot } from '../../target.ts';
import { formatScorecard } from '../../grading/format-terminal.ts';
import { mergeRunParts } from '../../grading/report/junit-parts.ts';
import { gradedTestFiles } from '../../vitest/module-run-config.ts';
import { CURRENT_TEST_ENV, PART_END_ENV, readPartEnd, RESUME_ENV, testKey, WORKER_PID_ENV, writeJson, type PartEnd, type RunResume } from '../../vitest/run-resume.ts';
import { typeCheckable, typeCheckModule, type TypeCheckResult } from '../../learner/typecheck.ts';
import { paint, say } from '../output.ts';

export interface TestCommandOptions {
  readonly module: string;
  readonly target: string;
  readonly json?: string;
  /** Extra vitest arguments: a test-name filter (-t) and the like. */
  readonly vitestArgs?: readonly string[];
}

const vitestBin = (): string => path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/**
 * Grades one module. Vitest runs in a child process: Vitest exits on Ctrl-C without running
 * global teardown, so this parent outlives it and reaps whatever servers the child left,
 * however it ended (finished, interrupted, or killed).
 */
export async function testCommand(options: TestCommandOptions): Promise<number> {
  const moduleId = resolveModuleId(options.module);
  const targetRoot = resolveTargetRoot(options.target, moduleId);
  say(paint('bold', `wb test ${moduleId}`) + paint('dim', ` · target ${options.target} (${path.relative(projectRoot, targetRoot) || targetRoot})`));
  // The learner's tree is type-checked beside the run: a type error is often why a test fails.
  const moduleRoot = path.join(targetRoot, moduleId);
  const typeCheck = typeCheckable(options.target, moduleRoot) && process.env.WB_QUIET !== '1' ? typeCheckModule(moduleRoot, moduleId) : undefined;
  const { code, card } = await runModuleTests({
    moduleId,
    target: options.target,
    ...(options.json ? { jsonFile: path.resolve(options.json) } : {}),
    ...(options.vitestArgs ? { vitestArgs: options.vitestArgs } : {}),
    // Set by `wb grade` for a run it isolates: that run's reports, made of all its parts.
    ...(process.env.WB_JUNIT_FILE ? { junitFile: process.env.WB_JUNIT_FILE } : {}),
    ...(process.env.WB_QUIET === '1' ? { quiet: true } : {}),
  });
  if (typeCheck) printTypeErrors(await typeCheck);
  if (options.json) noteUntracked(path.resolve(options.json));
  return card ? exitCodeOf(card) : code === 0 ? 1 : code;
}

const TYPE_ERRORS_SHOWN = 10;

function printTypeErrors({ errors, seconds }: TypeCheckResult): void {
  if (errors.length === 0) return;
  say();
  say(paint('yellow', `Type errors in your code (tsc, ${seconds.toFixed(1)} s): ${errors.length}. They cost no points by themselves, but often explain a failure.`));
  for (const line of errors.slice(0, TYPE_ERRORS_SHOWN)) say(`  ${line}`);
  if (errors.length > TYPE_ERRORS_SHOWN) say(paint('dim', `  … and ${errors.length - TYPE_ERRORS_SHOWN} more: \`npm run typecheck\` lists them all`));
}

/** A scorecard written into the project where Git would pick it up gets a note: .wb/ is ignored. */
function noteUntracked(file: string): void {
  if (path.relative(projectRoot, file).startsWith('..')) return;
  const check = spawnSync('git', ['check-ignore', '-q', file], { cwd: projectRoot });
  // 1: not ignored; 128: not a Git repository, where there is nothing to keep clean.
  if (check.status === 1) say(paint('dim', `Wrote ${path.relative(process.cwd(), file)}, which Git does not ignore: write scorecards under .wb/ (ignored), e.g. --json .wb/${path.basename(file)}.`));
}

export interface ModuleTestRun {
  readonly moduleId: string;
  readonly target: string;
  readonly jsonFile?: string;
  readonly junitFile?: string;
  readonly vitestArgs?: readonly string[];
  /** Print nothing per test and no scorecard: the caller reports (`wb grade`). */
  readonly quiet?: boolean;
}

/**
 * A run stops for good after this many dead workers (each costs a new vitest and new servers,
 * ~3 s) or stuck ones (each costs the stall limit): code that kills every test would otherwise
 * take the run forever.
 */
const MAX_INTERRUPTIONS = { crashed: 12, stalled: 5 } as const;

/**
 * Runs a module's graded tests in a child vitest; its scorecard, unless the run wrote none.
 * When the code under test kills the worker process or blocks its event loop, that test fails
 * and vitest is started again for the tests after it (harness/vitest/run-resume.ts), so one
 * crash costs its own requirement, not the rest of the module.
 */
export async function runModuleTests(run: ModuleTestRun): Promise<{ code: number; card: Scorecard | undefined }> {
  // Fail here, in one sentence, when no backend can run the servers, rather than inside vitest's
  // global setup where the error would come with a stack trace.
  // WB_DEPS is checked even when `wb deps up` servers will be used, so a typo is named, not ignored.
  backendSetting();
  if (!readDepsState(process.env.WB_DEPS_FILE || undefined)) await chooseBackend((await loadModule(run.moduleId)).dependencies);
  const work = mkdtempSync(path.join(tmpdir(), 'wb-run-'));
  const resultFile = path.join(work, 'scorecard.json');
  const allFiles = gradedTestFiles(run.moduleId);
  const junitParts: string[] = [];
  try {
    let files: string[] = [];
    let resume: RunResume | undefined;
    let code = 0;
    let lastPart: PartEnd | undefined;
    let interruptedAtAll = false;
    for (let part = 1; ; part++) {
      const junitFile = run.junitFile ? (part === 1 ? run.junitFile : `${run.junitFile}.part${part}.xml`) : undefined;
      if (junitFile) junitParts.push(junitFile);
      const partEndFile = path.join(work, `part-${part}.json`);
      const resumeFile = path.join(work, `resume-${part}.json`);
      if (resume) writeJson(resumeFile, resume);
      code = await runVitest(run, files, {
        [PART_END_ENV]: partEndFile,
        [WORKER_PID_ENV]: path.join(work, 'worker.pid'),
        [CURRENT_TEST_ENV]: path.join(work, `current-test-${part}.json`),
        [RUN_CARD_ENV]: resultFile,
        ...(resume ? { [RESUME_ENV]: resumeFile } : {}),
        ...(junitFile ? { WB_JUNIT_FILE: junitFile } : {}),
      });
      lastPart = readPartEnd(partEndFile);
      const interrupted = lastPart?.interrupted;
      if (!lastPart || !interrupted) break;
      interruptedAtAll = true;
      const finished = new Set([...(resume?.finishedFiles ?? []), ...lastPart.finishedFiles]);
      // The interrupted file runs again for the tests after the one that died; a file that died
      // before its first test would only die again, so it counts as finished.
      if (interrupted.test) finished.delete(interrupted.file);
      else finished.add(interrupted.file);
      files = allFiles.filter((file) => !finished.has(file));
      const interruptions = { crashed: 0, stalled: 0, ...resume?.interruptions };
      interruptions[interrupted.reason] += 1;
      if (files.length === 0 || interruptions[interrupted.reason] >= MAX_INTERRUPTIONS[interrupted.reason]) {
        if (files.length > 0 && !run.quiet) say(paint('red', `Stopped after the code under test ${interrupted.reason === 'stalled' ? 'blocked the event loop' : 'killed its process'} ${interruptions[interrupted.reason]} times: the tests after '${interrupted.test ?? interrupted.file}' did not run.`));
        break;
      }
      resume = {
        outcomes: lastPart.outcomes,
        targets: lastPart.targets,
        runErrors: lastPart.runErrors,
        done: lastPart.outcomes.filter((outcome) => outcome.state !== 'skipped').map((outcome) => testKey(outcome.file, outcome.name)),
        finishedFiles: [...finished],
        interruptions,
        startedAt: resume?.startedAt ?? lastPart.startedAt,
      };
      if (!run.quiet) say(paint('dim', `… going on with the tests after '${interrupted.test ?? interrupted.file}' (${files.length} file${files.length === 1 ? '' : 's'})`));
    }
    // Normally empty; after Ctrl-C or a crash, the servers the run could not stop itself.
    for (const line of await reapOrphans()) say(paint('dim', `after the run: ${line}`));
    if (!existsSync(resultFile)) return { code, card: undefined };
    const card = JSON.parse(readFileSync(resultFile, 'utf8')) as Scorecard;
    if (run.junitFile && interruptedAtAll) {
      const outcomes = card.requirements.flatMap((requirement) => requirement.tests);
      writeFileSync(run.junitFile, await mergeRunParts(junitParts.filter((file) => existsSync(file)).map((file) => readFileSync(file, 'utf8')), outcomes, run.moduleId));
    }
    // The reporter leaves the card of a part that ended at a dead worker unprinted: this was the last part.
    if (lastPart?.interrupted && !run.quiet) say(formatScorecard(card));
    return { code, card };
  } finally {
    for (const file of junitParts.slice(1)) rmSync(file, { force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

/** One vitest child on the given files (all of the module's when empty); its exit code. */
async function runVitest(run: ModuleTestRun, files: readonly string[], env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, [vitestBin(), 'run', '--config', path.join(projectRoot, 'vitest.config.ts'), ...(run.vitestArgs ?? []), ...files], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      WB_MODULE: run.moduleId,
      WB_TARGET: run.target,
      ...(run.jsonFile ? { WB_SCORECARD_JSON: run.jsonFile } : {}),
      ...(run.quiet ? { WB_QUIET: '1' } : {}),
      ...env,
    },
  });
  // The terminal sends Ctrl-C to the child too; the parent only waits and then cleans up.
  const ignore = (): void => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  const code = await new Promise<number>((resolve) => child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 130 : 1))));
  process.off('SIGINT', ignore);
  process.off('SIGTERM', ignore);
  return code;
}

/** 0 when nothing that ran failed: a filtered run (-t) leaves requirements not run, and passes. */
export function exitCodeOf(card: Scorecard): number {
  const failed = card.requirements.some((requirement) => requirement.status === 'failed' || requirement.status === 'not-measured');
  return !failed && card.counts.passed > 0 && card.runErrors.length === 0 && card.untagged.length === 0 ? 0 : 1;
}
