/**
 * Grades candidate wrong implementations and says which ones the grader lets through: the loop of
 * a blind round (see docs/authoring-a-module.md). Each mutant is graded on the whole module, so
 * a mistake caught under another requirement shows as such; load tests run only for mutants
 * that claim to break a performance requirement.
 *
 *   npx tsx bench/try-mutants.ts <module> <mutants.ts> [name-substring] [--repeat N]
 *
 * `--repeat N` grades each mutant N times on its own requirement's tests only: a race must be
 * caught every time, not most times. Start `npx wb deps up` first to save a server start per run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scorecard } from '../harness/grading/scorecard.ts';
import { writeMutant, type Mutant } from '../harness/mutants.ts';
import { projectRoot, stateDir } from '../harness/paths.ts';

const args = process.argv.slice(2);
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt === -1 ? 1 : Number(args.splice(repeatAt, 2)[1]);
const [moduleId, file, only] = args;
if (!moduleId || !file || !(repeat >= 1)) {
  console.error('usage: npx tsx bench/try-mutants.ts <module> <mutants.ts> [name-substring] [--repeat N]');
  process.exit(2);
}

/** One `wb test` of a mutant tree: the requirements that failed, or why there is no scorecard. */
function grade(dir: string, filter: string): { failing: string[]; problem?: string } {
  const json = path.join(mkdtempSync(path.join(tmpdir(), 'wb-try-')), 'card.json');
  const run = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), 'test', moduleId!, '--target', dir, '--json', json, '-t', filter], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  try {
    const card = JSON.parse(readFileSync(json, 'utf8')) as Scorecard;
    return { failing: card.requirements.filter((requirement) => requirement.status === 'failed').map((requirement) => requirement.id) };
  } catch {
    return { failing: [], problem: `no scorecard (exit ${run.status}): ${(run.stdout + run.stderr).slice(-300)}` };
  } finally {
    rmSync(path.dirname(json), { recursive: true, force: true });
  }
}

const { default: mutants } = (await import(pathToFileURL(path.resolve(file)).href)) as { default: readonly Mutant[] };
const work = mkdtempSync(path.join(stateDir, 'try-mutants-'));
let tried = 0;
let survived = 0;
try {
  for (const [index, mutant] of mutants.entries()) {
    if (only && !mutant.name.includes(only)) continue;
    tried++;
    const dir = writeMutant(path.join(projectRoot, 'solutions', moduleId), path.join(work, String(index)), moduleId, mutant);
    const started = performance.now();
    let verdict: string;
    let failing: string[] = [];
    if (repeat > 1) {
      let caught = 0;
      for (let attempt = 0; attempt < repeat; attempt++) if (grade(dir, `\\[${mutant.breaks}\\]`).failing.includes(mutant.breaks)) caught++;
      verdict = caught === repeat ? `caught ${caught}/${repeat}` : `SURVIVED ${repeat - caught}/${repeat}`;
    } else {
      const graded = grade(dir, mutant.breaks.startsWith('perf-') ? `\\[${mutant.breaks}\\]` : '^(?!.*\\[perf-)');
      failing = graded.failing;
      verdict = graded.problem ?? (failing.includes(mutant.breaks) ? 'caught' : failing.length > 0 ? 'caught elsewhere' : 'SURVIVED');
    }
    if (verdict.startsWith('SURVIVED')) survived++;
    console.log(`${verdict.padEnd(16)} [${mutant.breaks}] ${mutant.name}  ${failing.length ? `(failed: ${failing.join(', ')})` : ''} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`\n${tried - survived} of ${tried} caught; survivors: ${survived}`);
