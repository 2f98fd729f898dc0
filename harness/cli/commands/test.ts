import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chooseBackend } from '../../deps/backend.ts';
import { readDepsState } from '../../deps/deps-state.ts';
import { reapOrphans } from '../../deps/process/owned-resources.ts';
import type { Scorecard } from '../../grading/scorecard.ts';
import { lastResultFile } from '../../grading/scorecard-reporter.ts';
import { loadModule, resolveModuleId } from '../../modules.ts';
import { projectRoot } from '../../paths.ts';
import { resolveTargetRoot } from '../../target.ts';
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
  const { code, card } = await runModuleTests({ moduleId, target: options.target, ...(options.json ? { jsonFile: path.resolve(options.json) } : {}), ...(options.vitestArgs ? { vitestArgs: options.vitestArgs } : {}) });
  return card ? exitCodeOf(card) : code === 0 ? 1 : code;
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

/** Runs a module's graded tests in a child vitest; its scorecard, unless the run wrote none. */
export async function runModuleTests(run: ModuleTestRun): Promise<{ code: number; card: Scorecard | undefined }> {
  // Fail here, in one sentence, when no backend can run the servers, rather than inside vitest's
  // global setup where the error would come with a stack trace.
  if (!readDepsState(process.env.WB_DEPS_FILE || undefined)) await chooseBackend((await loadModule(run.moduleId)).dependencies);
  const resultFile = lastResultFile(run.moduleId);
  rmSync(resultFile, { force: true });
  const child = spawn(process.execPath, [vitestBin(), 'run', '--config', path.join(projectRoot, 'vitest.config.ts'), ...(run.vitestArgs ?? [])], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      WB_MODULE: run.moduleId,
      WB_TARGET: run.target,
      ...(run.jsonFile ? { WB_SCORECARD_JSON: run.jsonFile } : {}),
      ...(run.junitFile ? { WB_JUNIT_FILE: run.junitFile } : {}),
      ...(run.quiet ? { WB_QUIET: '1' } : {}),
    },
  });
  // The terminal sends Ctrl-C to the child too; the parent only waits and then cleans up.
  const ignore = (): void => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  const code = await new Promise<number>((resolve) => child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 130 : 1))));
  process.off('SIGINT', ignore);
  process.off('SIGTERM', ignore);
  // Normally empty; after Ctrl-C or a crash, the servers the run could not stop itself.
  for (const line of await reapOrphans()) say(paint('dim', `after the run: ${line}`));
  if (!existsSync(resultFile)) return { code, card: undefined };
  return { code, card: JSON.parse(readFileSync(resultFile, 'utf8')) as Scorecard };
}

/** 0 when nothing that ran failed: a filtered run (-t) leaves requirements not run, and passes. */
export function exitCodeOf(card: Scorecard): number {
  const failed = card.requirements.some((requirement) => requirement.status === 'failed' || requirement.status === 'not-measured');
  return !failed && card.counts.passed > 0 && card.runErrors.length === 0 && card.untagged.length === 0 ? 0 : 1;
}
