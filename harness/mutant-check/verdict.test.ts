import { describe, expect, test } from 'vitest';
import { buildScorecard, type RunError, type TestOutcome } from '../grading/scorecard.ts';
import { defineModule } from '../manifest.ts';
import { judgeMutant } from './verdict.ts';

const manifest = defineModule({
  id: '99-sample',
  title: 'Sample',
  summary: '',
  dependencies: [],
  requirements: [
    { id: 'alpha', title: 'Alpha', points: 5 },
    { id: 'beta', title: 'Beta', points: 5 },
  ],
  targets: [],
});

const link = 'modules/99-sample/SPEC.md#alpha';
const failed = (name: string, message: string, notImplemented = false): TestOutcome => ({
  name,
  requirement: /\[([a-z-]+)\]/.exec(name)?.[1],
  state: 'failed',
  durationMs: 1,
  file: 'x.test.ts',
  error: { name: notImplemented ? 'NotImplementedError' : 'GradingAssertionError', message, notImplemented },
});
const passed = (name: string): TestOutcome => ({ name, requirement: /\[([a-z-]+)\]/.exec(name)?.[1], state: 'passed', durationMs: 1, file: 'x.test.ts' });
const card = (outcomes: TestOutcome[], runErrors: RunError[] = []) =>
  buildScorecard({ manifest, target: 'mutant', targetRoot: '/x', startedAt: new Date(0), durationMs: 1, dependencies: [], outcomes, targets: [], runErrors });

describe('judgeMutant', () => {
  test('caught: a test of the broken requirement failed with a sentence pointing to its SPEC section', () => {
    const verdict = judgeMutant(card([passed('[alpha] one'), failed('[alpha] two', `Expected 400, got 200.\n  → see ${link}`)]), { breaks: 'alpha' });
    expect(verdict).toEqual({ caught: true, caughtBy: { test: '[alpha] two', message: 'Expected 400, got 200.' } });
  });

  test('not caught when every test of the requirement passed, even if another requirement failed', () => {
    const verdict = judgeMutant(card([passed('[alpha] one'), failed('[beta] one', 'see modules/99-sample/SPEC.md#beta')]), { breaks: 'alpha' });
    expect(verdict).toMatchObject({ caught: false, why: 'All 1 tests of [alpha] passed.' });
  });

  test('not caught by a not-implemented error, a message without the SPEC link, or no test run', () => {
    expect(judgeMutant(card([failed('[alpha] one', `not implemented ${link}`, true)]), { breaks: 'alpha' }).why).toMatch(/failed only as not implemented/);
    expect(judgeMutant(card([failed('[alpha] one', 'TypeError: x is undefined')]), { breaks: 'alpha' }).why).toMatch(/without pointing the learner to modules\/99-sample\/SPEC.md#alpha/);
    expect(judgeMutant(card([passed('[beta] one')]), { breaks: 'alpha' }).why).toBe('No test of [alpha] ran.');
  });

  test('an unhandled error charged to one of its tests catches it; one traced to nothing does not', () => {
    const charged: RunError = { message: `Unhandled error while this test ran … → see ${link}`, test: '[alpha] one', file: 'x.test.ts' };
    expect(judgeMutant(card([passed('[alpha] one')], [charged]), { breaks: 'alpha' }).caught).toBe(true);
    const untraced: RunError = { message: 'Unhandled error outside every test' };
    expect(judgeMutant(card([failed('[alpha] one', `see ${link}`)], [untraced]), { breaks: 'alpha' })).toMatchObject({ caught: false, why: expect.stringMatching(/withheld/) });
  });

  test('not caught when the tests of the requirement that ran passed and the others did not run (a load tag left them out)', () => {
    const skipped: TestOutcome = { ...passed('[alpha] under load'), state: 'skipped' };
    expect(judgeMutant(card([passed('[alpha] counts statements'), skipped]), { breaks: 'alpha' })).toEqual({ caught: false, why: 'All 1 tests of [alpha] that ran passed (its other tests did not run).' });
  });

  test('a mutant naming a requirement the module does not have is never caught', () => {
    expect(judgeMutant(card([failed('[alpha] one', `see ${link}`)]), { breaks: 'gamma' }).why).toMatch(/\[gamma\], which module.ts does not list/);
  });
});
