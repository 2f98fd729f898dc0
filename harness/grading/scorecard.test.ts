import { describe, expect, test } from 'vitest';
import type { Calibration } from '../load/calibrate.ts';
import { evaluateTarget } from '../load/evaluate-target.ts';
import type { LoadReport } from '../load/run-load.ts';
import { defineModule, type LoadTarget } from '../manifest.ts';
import { chargeableRunError } from './run-errors.ts';
import { buildScorecard, type RunError, type TestOutcome } from './scorecard.ts';

const manifest = defineModule({
  id: '99-sample',
  title: 'Sample',
  summary: '',
  dependencies: [],
  requirements: [
    { id: 'alpha', title: 'Alpha', points: 5 },
    { id: 'beta', title: 'Beta', points: 3 },
    { id: 'fast', title: 'Fast', points: 2 },
  ],
  targets: [{ kind: 'load', requirement: 'fast', operation: 'GET /', connections: 10, durationSeconds: 1, p99Ms: 10, minRequestsPerSecond: 1000, baseline: 'http' }],
});

const loadTarget = manifest.targets[0] as LoadTarget;

const outcome = (name: string, state: TestOutcome['state'], notImplemented = false): TestOutcome => ({
  name,
  requirement: /\[([a-z-]+)\]/.exec(name)?.[1],
  state,
  durationMs: 1,
  file: 'x.test.ts',
  ...(state === 'failed' ? { error: { name: notImplemented ? 'NotImplementedError' : 'AssertionError', message: 'm', notImplemented } } : {}),
});

const report = (p99Ms: number, requestsPerSecond: number): LoadReport => ({ requests: 1000, elapsedSeconds: 1, requestsPerSecond, p50Ms: 1, p90Ms: 2, p99Ms, maxMs: p99Ms, errors: 0, non2xx: 0, statusCounts: { 200: 1000 } });
const calibration: Calibration = { baseline: 'http', description: 'a bare Fastify route', bareRequestsPerSecond: 10_000, bareP99Ms: 3, referenceRequestsPerSecond: 20_000, referenceP99Ms: 2, factor: 2 };

function card(outcomes: TestOutcome[], targets = [evaluateTarget(loadTarget, report(5, 5000), calibration)], runErrors: RunError[] = []) {
  return buildScorecard({ manifest, target: 'solutions', targetRoot: '/x', startedAt: new Date(0), durationMs: 1, dependencies: [], outcomes, targets, runErrors });
}
const busy = (factor: number): Calibration => ({ ...calibration, factor });

describe('buildScorecard', () => {
  test('a requirement earns its points only when all of its tests pass', () => {
    const result = card([outcome('[alpha] one', 'passed'), outcome('[alpha] two', 'failed'), outcome('[beta] one', 'passed'), outcome('[fast] one', 'passed')]);
    expect(result.requirements.map((r) => [r.id, r.status, r.earned])).toEqual([
      ['alpha', 'failed', 0],
      ['beta', 'passed', 3],
      ['fast', 'passed', 2],
    ]);
    expect(result.score).toEqual({ earned: 5, total: 10 });
  });

  test('a requirement with no test run is not-run and earns nothing', () => {
    const result = card([outcome('[beta] one', 'passed'), outcome('[alpha] skipped', 'skipped')]);
    expect(result.requirements[0]).toMatchObject({ id: 'alpha', status: 'not-run', earned: 0 });
  });

  test('marks a requirement not implemented only when every failure is the stub error', () => {
    const stubbed = card([outcome('[alpha] a', 'failed', true), outcome('[alpha] b', 'failed', true)]);
    expect(stubbed.requirements[0]!.notImplemented).toBe(true);
    const mixed = card([outcome('[alpha] a', 'failed', true), outcome('[alpha] b', 'failed', false)]);
    expect(mixed.requirements[0]!.notImplemented).toBe(false);
  });

  test('a missed target fails its requirement even when its test passed', () => {
    const slow = evaluateTarget(loadTarget, report(25, 5000), calibration);
    expect(slow.ok).toBe(false);
    expect(slow.misses[0]).toContain('over the 20.0 ms limit');
    expect(card([outcome('[fast] load', 'passed')], [slow]).requirements[2]).toMatchObject({ status: 'failed', earned: 0 });
  });

  test('scales targets by the machine factor: latency up, throughput down', () => {
    const result = evaluateTarget(loadTarget, report(19, 501), calibration);
    expect(result.p99LimitMs).toBe(20);
    expect(result.minRequestsPerSecond).toBe(500);
    expect(result.ok).toBe(true);
  });

  test('reports tests that name no known requirement', () => {
    expect(card([outcome('[gamma] stray', 'passed'), outcome('no tag', 'passed')]).untagged.map((t) => t.name)).toEqual(['[gamma] stray', 'no tag']);
  });

  test('an unhandled error costs the requirement of the test it happened in, and nothing else', () => {
    const outcomes = [outcome('graded > [alpha] drops the database', 'passed'), outcome('[beta] one', 'passed'), outcome('[fast] one', 'passed')];
    const error = chargeableRunError(
      { name: 'Error', message: 'terminating connection due to administrator command', type: 'Uncaught Exception', VITEST_TEST_NAME: '[alpha] drops the database', VITEST_TEST_PATH: `${process.cwd()}/x.test.ts` } as never,
      outcomes,
      '99-sample',
    );
    expect(error.test).toBe('graded > [alpha] drops the database');
    const result = card(outcomes, undefined, [error]);
    expect(result.requirements.map((r) => [r.id, r.status, r.earned])).toEqual([
      ['alpha', 'failed', 0],
      ['beta', 'passed', 3],
      ['fast', 'passed', 2],
    ]);
    const failure = result.requirements[0]!.tests[0]!.error!;
    expect(failure.message).toContain('terminating connection due to administrator command');
    expect(failure.message).toContain("'error' listener");
    expect(failure.message).toContain('SPEC.md#alpha');
    expect(result.withheld).toBeUndefined();
  });

  test('an error traced only to a file costs the requirements tested in that file', () => {
    const outcomes = [outcome('[alpha] one', 'passed'), { ...outcome('[beta] one', 'passed'), file: 'other.test.ts' }, outcome('[fast] one', 'passed')];
    const result = card(outcomes, undefined, [{ message: 'rejected between tests', file: 'other.test.ts' }]);
    expect(result.requirements.map((r) => [r.id, r.status, r.earned])).toEqual([
      ['alpha', 'passed', 5],
      ['beta', 'failed', 0],
      ['fast', 'passed', 2],
    ]);
    expect(result.requirements[1]!.errors).toEqual(['rejected between tests']);
  });

  test('an error traced to nothing withholds the score and says why', () => {
    const result = card([outcome('[alpha] one', 'passed'), outcome('[beta] one', 'passed'), outcome('[fast] one', 'passed')], undefined, [{ message: 'boom' }]);
    expect(result.score.earned).toBe(0);
    expect(result.withheld).toMatch(/outside every test and file/);
  });

  test('past the factor cap a slow run is not measured, never passed', () => {
    const target = loadTarget;
    // x34 would allow a p99 of 340 ms; capped at x4 the bound is 40 ms.
    const slow = evaluateTarget(target, report(300, 200), busy(34));
    expect(slow).toMatchObject({ status: 'not-measured', ok: false, appliedFactor: 4, p99LimitMs: 40, minRequestsPerSecond: 250 });
    expect(slow.misses[0]).toMatch(/not measured: the machine was too busy/);
    const result = card([outcome('[alpha] a', 'passed'), outcome('[beta] b', 'passed'), outcome('[fast] load', 'passed')], [slow]);
    expect(result.requirements[2]).toMatchObject({ status: 'not-measured', earned: 0 });
  });

  test('past the factor cap a run within the capped bounds still passes, and errors still fail', () => {
    const target = loadTarget;
    expect(evaluateTarget(target, report(30, 300), busy(34)).status).toBe('met');
    const erroring = evaluateTarget(target, { ...report(300, 200), non2xx: 5 }, busy(34));
    expect(erroring.status).toBe('missed');
  });

  test('a test that reports its target as not measured makes the requirement not measured, not failed', () => {
    const notMeasured: TestOutcome = { ...outcome('[fast] load', 'failed'), error: { name: 'TargetNotMeasuredError', message: 'busy', notImplemented: false, notMeasured: true } };
    const result = card([outcome('[alpha] a', 'passed'), outcome('[beta] b', 'passed'), notMeasured], []);
    expect(result.requirements[2]).toMatchObject({ status: 'not-measured', earned: 0 });
  });
});
