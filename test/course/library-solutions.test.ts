import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../../harness/paths.ts';
import { runModule } from '../support/run-module.ts';

// Correct solutions built another way than the reference (test/fixtures/library-solutions/README.md).
const root = path.join(projectRoot, 'test', 'fixtures', 'library-solutions');
const trees = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((library) => readdirSync(path.join(root, library.name)).map((moduleId) => ({ library: library.name, moduleId, tree: path.join(root, library.name) })));

describe.each(trees)('a correct $moduleId on $library', ({ moduleId, tree }) => {
  test('passes every graded test and meets every target: the grader checks behaviour, not the reference\'s implementation', async () => {
    const run = await runModule({ module: moduleId, target: tree });
    const failed = run.scorecard.requirements.flatMap((requirement) => requirement.tests).filter((outcome) => outcome.state === 'failed');
    expect(failed.map((outcome) => `${outcome.name}: ${outcome.error?.message.split('\n')[0]}`), run.output).toEqual([]);
    expect(run.scorecard.score.earned).toBe(run.scorecard.score.total);
  });
});
