import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { listModuleIds } from '../../harness/modules.ts';
import { projectRoot } from '../../harness/paths.ts';
import { runModule } from '../support/run-module.ts';

/** Local changes to a stub: a learner's work in progress, which this check cannot judge. */
function localChanges(moduleId: string): string {
  try {
    return execFileSync('git', ['status', '--porcelain', '--', `exercises/${moduleId}`], { cwd: projectRoot, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

describe.each(listModuleIds())('the stub of %s', (moduleId) => {
  test('fails every graded test with the not-implemented error, never a crash or a timeout', async () => {
    const run = await runModule({ module: moduleId, target: 'exercises' });
    const tests = run.scorecard.requirements.flatMap((requirement) => requirement.tests);
    expect(tests.length).toBeGreaterThan(0);
    const dishonest = tests.filter((test) => test.state !== 'failed' || !test.error?.notImplemented);
    const changes = localChanges(moduleId);
    if (dishonest.length > 0 && changes) {
      throw new Error(`exercises/${moduleId} has local changes (a learner's work?), so this check, which grades the pristine stub, cannot judge it. Commit a deliberate stub change, or run npm test in a clean checkout.\n${changes}`);
    }
    expect(dishonest.map((test) => `${test.name}: ${test.state} ${test.error?.name ?? ''} ${test.error?.message.split('\n')[0] ?? ''}`), run.output).toEqual([]);
    // Each failure names the test's own requirement and its SPEC section, so the learner knows where to read.
    for (const test of tests) expect(test.error?.message).toContain(`SPEC.md#${test.requirement}`);
    expect(run.scorecard.score.earned).toBe(0);
    expect(run.scorecard.runErrors).toEqual([]);
    expect(run.code).toBe(1);
    console.log(`${moduleId} stub: ${tests.length} tests failed as not implemented in ${run.seconds.toFixed(1)} s`);
  });
});
