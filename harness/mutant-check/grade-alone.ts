import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Scorecard } from '../grading/scorecard.ts';
import type { Mutant } from '../mutants.ts';
import { projectRoot } from '../paths.ts';
import { judgeMutant, type MutantVerdict } from './verdict.ts';

export interface GradeAloneOptions {
  readonly moduleId: string;
  readonly mutant: Mutant;
  /** A `--target` directory holding the mutant's `<module>/` tree. */
  readonly target: string;
  readonly env?: Record<string, string>;
}

/** Grades one mutant with `wb test` in a process of its own, on its requirement's tests. */
export async function gradeAlone(options: GradeAloneOptions): Promise<MutantVerdict> {
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'wb-mutant-'));
  const json = path.join(dir, 'scorecard.json');
  const args = [path.join(projectRoot, 'bin', 'wb.mjs'), 'test', options.moduleId, '--target', options.target, '--json', json, '-t', `\\[${options.mutant.breaks}\\]`];
  try {
    const child = spawn(process.execPath, args, { cwd: projectRoot, env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    let card: Scorecard;
    try {
      card = JSON.parse(readFileSync(json, 'utf8')) as Scorecard;
    } catch {
      const why = `\`wb test\` wrote no scorecard (exit ${code}); its output ended with: ${output.trim().split('\n').slice(-5).join(' | ')}`;
      return { name: options.mutant.name, breaks: options.mutant.breaks, caught: false, why, judgedBy: 'own-run', seconds: (performance.now() - started) / 1000 };
    }
    return { name: options.mutant.name, breaks: options.mutant.breaks, ...judgeMutant(card, options.mutant), judgedBy: 'own-run', seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
