import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { Scorecard } from '../../harness/grading/scorecard.ts';
import { projectRoot } from '../../harness/paths.ts';

export interface ModuleRun {
  readonly code: number | null;
  readonly output: string;
  readonly scorecard: Scorecard;
  readonly seconds: number;
}

export interface RunModuleOptions {
  readonly module: string;
  readonly target: string;
  /** Only tests whose name matches (vitest -t). */
  readonly filter?: string;
  readonly env?: Record<string, string | undefined>;
  /** Start its own servers instead of sharing the self-test's. @default false */
  readonly ownDependencies?: boolean;
}

/** Runs `wb` in a child process, as a user would, with output piped and collected. */
export async function runWb(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string; seconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), ...args], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output, seconds: (performance.now() - started) / 1000 };
}

/** Runs `wb test` as a learner would, in a child process, and returns its JSON scorecard. */
export async function runModule(options: RunModuleOptions): Promise<ModuleRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wb-run-'));
  const json = path.join(dir, 'scorecard.json');
  const args = ['test', options.module, '--target', options.target, '--json', json, ...(options.filter ? ['-t', options.filter] : [])];
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...(options.ownDependencies ? {} : { WB_DEPS_FILE: inject('sharedDepsFile') }), ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const { code, output, seconds } = await runWb(args, env);
  try {
    const scorecard = JSON.parse(readFileSync(json, 'utf8')) as Scorecard;
    return { code, output, scorecard, seconds };
  } catch {
    throw new Error(`wb test ${options.module} --target ${options.target} wrote no scorecard (exit ${code}). Its output:\n${output}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
