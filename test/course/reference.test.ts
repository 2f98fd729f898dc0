import { describe, expect, test } from 'vitest';
import { formatTargetResult } from '../../harness/load/evaluate-target.ts';
import { listModuleIds } from '../../harness/modules.ts';
import { runModule } from '../support/run-module.ts';

describe.each(listModuleIds())('the reference solution of %s', (moduleId) => {
  test('passes every graded test and meets every target', async () => {
    const run = await runModule({ module: moduleId, target: 'solutions' });
    const failed = run.scorecard.requirements.filter((requirement) => requirement.status !== 'passed');
    expect(failed.map((requirement) => `${requirement.id}: ${requirement.tests.find((t) => t.error)?.error?.message ?? requirement.status}`), run.output).toEqual([]);
    expect(run.scorecard.score.earned).toBe(run.scorecard.score.total);
    expect(run.scorecard.runErrors).toEqual([]);
    expect(run.scorecard.untagged).toEqual([]);
    expect(run.code).toBe(0);
    // The figures, for the log and the closing notes.
    for (const target of run.scorecard.targets) console.log(`${moduleId} reference: ${formatTargetResult(target)}`);
    console.log(`${moduleId} reference: ${run.scorecard.counts.passed} tests in ${run.seconds.toFixed(1)} s`);
  });
});
