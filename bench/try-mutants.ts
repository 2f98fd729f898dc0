/**
 * Grades candidate wrong implementations and says which ones the grader lets through: the loop of
 * a blind round (see docs/authoring-a-module.md). Each mutant is graded on the whole module, so
 * a mistake caught under another requirement shows as such; load tests run only for mutants
 * that claim to break a performance requirement.
 *
 *   npx tsx bench/try-mutants.ts <module> <mutants.ts> [name-substring]
 *
 * Start `npx wb deps up` first to save a server start per mutant.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scorecard } from '../harness/grading/scorecard.ts';
import { writeMutant, type Mutant } from '../harness/mutants.ts';
import { projectRoot, stateDir } from '../harness/paths.ts';

const [moduleId, file, only] = process.argv.slice(2);
if (!moduleId || !file) {
  console.error('usage: npx tsx bench/try-mutants.ts <module> <mutants.ts> [name-substring]');
  process.exit(2);
}
const { default: mutants } = (await import(pathToFileURL(path.resolve(file)).href)) as { default: readonly Mutant[] };
const work = mkdtempSync(path.join(stateDir, 'try-mutants-'));
const results: Array<{ mutant: Mutant; verdict: string; failing: string[] }> = [];
try {
  for (const [index, mutant] of mutants.entries()) {
    if (only && !mutant.name.includes(only)) continue;
    const dir = writeMutant(path.join(projectRoot, 'solutions', moduleId), path.join(work, String(index)), moduleId, mutant);
    const json = path.join(mkdtempSync(path.join(tmpdir(), 'wb-try-')), 'card.json');
    const filter = mutant.breaks.startsWith('perf-') ? `\\[${mutant.breaks}\\]` : '^(?!.*\\[perf-)';
    const started = performance.now();
    const run = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), 'test', moduleId, '--target', dir, '--json', json, '-t', filter], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    let failing: string[] = [];
    let verdict: string;
    try {
      const card = JSON.parse(readFileSync(json, 'utf8')) as Scorecard;
      failing = card.requirements.filter((r) => r.status === 'failed').map((r) => r.id);
      verdict = failing.includes(mutant.breaks) ? 'caught' : failing.length > 0 ? 'caught elsewhere' : 'SURVIVED';
    } catch {
      verdict = `no scorecard (exit ${run.status}): ${(run.stdout + run.stderr).slice(-300)}`;
    }
    results.push({ mutant, verdict, failing });
    console.log(`${verdict.padEnd(16)} [${mutant.breaks}] ${mutant.name}  ${failing.length ? `(failed: ${failing.join(', ')})` : ''} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const survivors = results.filter((result) => result.verdict === 'SURVIVED');
console.log(`\n${results.length - survivors.length} of ${results.length} caught; survivors: ${survivors.length}`);
