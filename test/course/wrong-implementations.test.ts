import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { MutantCheck } from '../../harness/mutant-check/check-mutants.ts';
import { measuredUnderLoad } from '../../harness/manifest.ts';
import { listModuleIds, loadModule } from '../../harness/modules.ts';
import { mutantsFile, type Mutant } from '../../harness/mutants.ts';
import { projectRoot } from '../../harness/paths.ts';
import { runWb } from '../support/run-module.ts';

const cases: Array<{ moduleId: string; mutant: Mutant }> = [];
for (const moduleId of listModuleIds()) {
  const file = mutantsFile(moduleId);
  if (!existsSync(file)) continue;
  const { default: mutants } = (await import(pathToFileURL(file).href)) as { default: readonly Mutant[] };
  for (const mutant of mutants) cases.push({ moduleId, mutant });
}
const moduleIds = [...new Set(cases.map((entry) => entry.moduleId))];

/**
 * A mutant that changes nothing, so that it must survive: it shows that the check can fail, and
 * that a mutant the batch lets through is graded again on its own before it is called a survivor.
 * It names a small requirement without a load target, so that it stays quick.
 */
async function noOpMutant(moduleId: string): Promise<Mutant> {
  const manifest = await loadModule(moduleId);
  const unmeasured = manifest.requirements.filter((requirement) => !measuredUnderLoad(manifest, requirement.id));
  const breaks = unmeasured.reduce((smallest, requirement) => (requirement.points < smallest.points ? requirement : smallest)).id;
  const index = readFileSync(path.join(projectRoot, 'solutions', moduleId, 'index.ts'), 'utf8');
  return { name: 'changes nothing (the check must call it a survivor)', breaks, edits: [{ file: 'index.ts', find: index, replace: index }] };
}

// Each module's mutants, and the no-op one, are graded by one `wb mutants` run, as an author
// runs it; the tests below read its verdicts, one test per mutant.
const checks = new Map<string, { check: MutantCheck; code: number | null; output: string; noOp: Mutant }>();
const dir = mkdtempSync(path.join(tmpdir(), 'wb-mutants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  for (const moduleId of moduleIds) {
    const noOp = await noOpMutant(moduleId);
    const file = path.join(dir, `${moduleId}-mutants.mts`);
    const own = pathToFileURL(mutantsFile(moduleId)).href;
    writeFileSync(file, `import mutants from ${JSON.stringify(own)};\nexport default [...mutants, ${JSON.stringify(noOp)}];\n`);
    const json = path.join(dir, `${moduleId}.json`);
    const run = await runWb(['mutants', moduleId, '--file', file, '--json', json], { ...process.env, NO_COLOR: '1', WB_DEPS_FILE: inject('sharedDepsFile') });
    if (!existsSync(json)) throw new Error(`wb mutants ${moduleId} wrote no verdicts (exit ${run.code}). Its output:\n${run.output}`);
    checks.set(moduleId, { check: JSON.parse(readFileSync(json, 'utf8')) as MutantCheck, code: run.code, output: run.output, noOp });
  }
}, 20 * 60_000);

describe('known-wrong implementations fail the requirement they break', () => {
  test('every module has some', () => {
    expect(listModuleIds().filter((id) => !moduleIds.includes(id))).toEqual([]);
  });

  test.each(moduleIds)('%s: the reference still passes after its mutants, in the workers they shared (the control)', (moduleId) => {
    const control = checks.get(moduleId)?.check.control;
    expect(control?.passed, control?.detail).toBe(true);
  });

  test.each(cases.map((entry) => [entry.moduleId, entry.mutant.breaks, entry.mutant.name] as const))('%s [%s] %s', (moduleId, _breaks, name) => {
    const verdict = checks.get(moduleId)?.check.verdicts.find((candidate) => candidate.name === name);
    expect(verdict, `wb mutants ${moduleId} gave no verdict for it`).toBeDefined();
    expect(verdict!.caught, `the grader did not catch '${name}': ${verdict!.why}\nTry it alone: npx wb mutants ${moduleId} --only '${name.slice(0, 40)}'`).toBe(true);
  });
});

describe('the mutant check itself', () => {
  test.each(moduleIds)('%s: calls a mutant that changes nothing a survivor, after grading it alone as a learner run would, and exits 1', (moduleId) => {
    const { check, code, output, noOp } = checks.get(moduleId)!;
    expect(code, output).toBe(1);
    const verdict = check.verdicts.find((candidate) => candidate.name === noOp.name);
    expect(verdict).toMatchObject({ caught: false, judgedBy: 'own-run', why: expect.stringMatching(new RegExp(`^All \\d+ tests of \\[${noOp.breaks}\\] passed\\.$`)) });
    expect(output).toContain(`✗ [${noOp.breaks}] ${noOp.name}`);
  });
});
