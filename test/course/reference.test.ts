import { describe, expect, test } from 'vitest';
import { formatTargetResult } from '../../harness/load/evaluate-target.ts';
import type { Target } from '../../harness/manifest.ts';
import { listModuleIds, loadModule } from '../../harness/modules.ts';
import { formatCounterResult } from '../../harness/testing/counters.ts';
import type { MeasuredTarget } from '../../harness/testing/measurements.ts';
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
    // Every target in module.ts was measured by some graded test, and met.
    const same = (target: Target, result: MeasuredTarget): boolean =>
      result.requirement === target.requirement && (target.kind === 'counter' ? result.kind === 'counter' && result.measure === target.measure : result.kind === target.kind && result.operation === target.operation);
    const manifest = await loadModule(moduleId);
    const unmeasured = manifest.targets.filter((target) => !run.scorecard.targets.some((result) => same(target, result) && result.ok));
    expect(unmeasured, 'targets in module.ts that no graded test measured and met').toEqual([]);
    // The figures, for the log and the closing notes.
    for (const target of run.scorecard.targets) console.log(`${moduleId} reference: ${target.kind === 'counter' ? formatCounterResult(target) : formatTargetResult(target)}`);
    console.log(`${moduleId} reference: ${run.scorecard.counts.passed} tests in ${run.seconds.toFixed(1)} s`);
  });
});
