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
  // Fail here, in one sentence, when no backend can run the servers, rather than inside vitest's
  // global setup where the error would come with a stack trace.
  if (!readDepsState(process.env.WB_DEPS_FILE || undefined)) await chooseBackend((await loadModule(moduleId)).dependencies);
  say(paint('bold', `wb test ${moduleId}`) + paint('dim', ` · target ${options.target} (${path.relative(projectRoot, targetRoot) || targetRoot})`));
  const resultFile = lastResultFile(moduleId);
  rmSync(resultFile, { force: true });
  const child = spawn(process.execPath, [vitestBin(), 'run', '--config', path.join(projectRoot, 'vitest.config.ts'), ...(options.vitestArgs ?? [])], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: { ...process.env, WB_MODULE: moduleId, WB_TARGET: options.target, ...(options.json ? { WB_SCORECARD_JSON: path.resolve(options.json) } : {}) },
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
  if (!existsSync(resultFile)) return code === 0 ? 1 : code;
  const card = JSON.parse(readFileSync(resultFile, 'utf8')) as Scorecard;
  // A filtered run (-t) leaves requirements not run: it passes when nothing that ran failed.
  const failed = card.requirements.some((requirement) => requirement.status === 'failed' || requirement.status === 'not-measured');
  return !failed && card.counts.passed > 0 && card.runErrors.length === 0 && card.untagged.length === 0 ? 0 : 1;
}
