import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { formatTargetResult } from '../../harness/load/evaluate-target.ts';
import type { Target } from '../../harness/manifest.ts';
import { REPORT_FILES } from '../../harness/grading/report/write-report.ts';
import { targetFigures } from '../../harness/grading/report/target-figures.ts';
import { listModuleIds, loadModule } from '../../harness/modules.ts';
import { formatCounterResult } from '../../harness/testing/counters.ts';
import type { MeasuredTarget } from '../../harness/testing/measurements.ts';
import { chromiumPath, junitSchemaErrors, junitTestCases, readGradeOutput, renderScorecard, scorecardSchemaErrors } from '../support/grade-formats.ts';
import { runWb } from '../support/run-module.ts';

describe.each(listModuleIds())('the reference solution of %s', (moduleId) => {
  test('passes every graded test and meets every target, in every format `wb grade` writes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wb-reference-'));
    try {
      const run = await runWb(['grade', '--modules', moduleId, '--target', 'solutions', '--out', dir], { ...process.env, NO_COLOR: '1', WB_DEPS_FILE: inject('sharedDepsFile') });
      const graded = readGradeOutput(dir);
      const scorecard = graded.report.modules[0]!;
      const failed = scorecard.requirements.filter((requirement) => requirement.status !== 'passed');
      expect(failed.map((requirement) => `${requirement.id}: ${requirement.tests.find((t) => t.error)?.error?.message ?? requirement.status}`), run.output).toEqual([]);
      expect(scorecard.score.earned).toBe(scorecard.score.total);
      expect(scorecard.runErrors).toEqual([]);
      expect(scorecard.untagged).toEqual([]);
      expect(run.code, run.output).toBe(0);
      expect(graded.report.passed).toBe(true);
      // Every target in module.ts was measured by some graded test, and met.
      const same = (target: Target, result: MeasuredTarget): boolean =>
        result.requirement === target.requirement && (target.kind === 'counter' ? result.kind === 'counter' && result.measure === target.measure : result.kind === target.kind && result.operation === target.operation);
      const manifest = await loadModule(moduleId);
      const unmeasured = manifest.targets.filter((target) => !scorecard.targets.some((result) => same(target, result) && result.ok));
      expect(unmeasured, 'targets in module.ts that no graded test measured and met').toEqual([]);

      // Full marks in every format a mentor's tools read.
      expect(scorecardSchemaErrors(graded.report)).toEqual([]);
      expect(await junitSchemaErrors(graded.junit)).toEqual([]);
      const cases = junitTestCases(graded.junit);
      expect(cases.length).toBe(scorecard.counts.passed);
      expect(cases.filter((c) => c.failed || c.skipped)).toEqual([]);
      expect(graded.classroom.status).toBe('pass');
      expect(graded.classroom.tests.reduce((sum, t) => sum + t.score, 0)).toBe(scorecard.score.total);
      expect(graded.markdown).toContain(`# Scorecard: ${scorecard.score.total}/${scorecard.score.total}, every requirement passed`);
      for (const requirement of scorecard.requirements) expect(graded.markdown).toContain(`| ✅ | \`${requirement.id}\` | ${requirement.points}/${requirement.points} |`);
      if (chromiumPath() || process.env.WB_REQUIRE_BROWSER === '1') {
        const shown = await renderScorecard(path.join(dir, REPORT_FILES.html), `scorecard-${moduleId}-reference.png`);
        expect(shown.requests).toEqual([]);
        expect(shown.score).toBe(`${scorecard.score.total}/${scorecard.score.total}`);
        expect(shown.modules[0]!.requirements.every((requirement) => requirement.status === 'passed')).toBe(true);
        // One bar per measured figure: each target drawn beside its bound.
        expect(shown.modules[0]!.chartBars).toBe(scorecard.targets.map(targetFigures).reduce((sum, target) => sum + target.figures.length, 0));
        console.log(`${moduleId} reference: the HTML scorecard, as Chromium showed it: ${shown.screenshot}`);
      }

      // The figures, for the log and the closing notes.
      for (const target of scorecard.targets) console.log(`${moduleId} reference: ${target.kind === 'counter' ? formatCounterResult(target) : formatTargetResult(target)}`);
      console.log(`${moduleId} reference: ${scorecard.counts.passed} tests in ${run.seconds.toFixed(1)} s (wb grade, every format)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
