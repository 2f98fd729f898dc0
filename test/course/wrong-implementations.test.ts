import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { listModuleIds } from '../../harness/modules.ts';
import { writeMutant, type Mutant } from '../../harness/mutants.ts';
import { projectRoot, stateDir } from '../../harness/paths.ts';
import { runModule } from '../support/run-module.ts';

// Inside the project, so the copies resolve fastify, pg… from its node_modules.
const mutantsDir = path.join(stateDir, 'mutants');
afterAll(() => rmSync(mutantsDir, { recursive: true, force: true }));

const cases: Array<{ moduleId: string; mutant: Mutant }> = [];
for (const moduleId of listModuleIds()) {
  const file = path.join(projectRoot, 'modules', moduleId, 'mutants.ts');
  if (!existsSync(file)) continue;
  const { default: mutants } = (await import(pathToFileURL(file).href)) as { default: readonly Mutant[] };
  for (const mutant of mutants) cases.push({ moduleId, mutant });
}

/** Grades one mutant on the tests of the requirement it breaks, and checks how it was caught. */
async function expectCaught(moduleId: string, mutant: Mutant): Promise<void> {
  const dir = writeMutant(path.join(projectRoot, 'solutions', moduleId), path.join(mutantsDir, mutant.name.replace(/\W+/g, '-')), moduleId, mutant);
  const run = await runModule({ module: moduleId, target: dir, filter: `\\[${mutant.breaks}\\]` });
  const requirement = run.scorecard.requirements.find((entry) => entry.id === mutant.breaks);
  expect(requirement?.status, `the grader did not catch '${mutant.name}':\n${run.output}`).toBe('failed');
  // Caught by an assertion that names the mistake, not by a crash of the harness.
  const failure = requirement!.tests.find((entry) => entry.state === 'failed');
  expect(failure?.error?.notImplemented).toBe(false);
  expect(failure?.error?.message).toContain(`SPEC.md#${mutant.breaks}`);
  expect(run.scorecard.withheld).toBeUndefined();
}

const title = (entry: { moduleId: string; mutant: Mutant }) => [entry.moduleId, entry.mutant.breaks, entry.mutant.name, entry] as const;
// Load tests measure the machine and races depend on timing, so they run alone; every other
// check is mostly waiting on I/O, and two at a time halve the wall time on two cores.
const alone = (mutant: Mutant): boolean => mutant.breaks.startsWith('perf-') || mutant.race === true;
const [timed, functional] = [cases.filter((entry) => alone(entry.mutant)), cases.filter((entry) => !alone(entry.mutant))];

describe('known-wrong implementations fail the requirement they break', () => {
  test('every module has some', () => {
    expect(listModuleIds().filter((id) => !cases.some((entry) => entry.moduleId === id))).toEqual([]);
  });

  describe.concurrent('functional mistakes', () => {
    test.each(functional.map(title))('%s [%s] %s', async (moduleId, _breaks, _name, { mutant }) => expectCaught(moduleId, mutant));
  });

  describe('slow code and races', () => {
    test.each(timed.map(title))('%s [%s] %s', async (moduleId, _breaks, _name, { mutant }) => expectCaught(moduleId, mutant));
  });
});
