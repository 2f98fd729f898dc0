import { describe, expect, test } from 'vitest';
import { loadModule } from '../modules.ts';
import { formatScorecard } from './format-terminal.ts';
import { buildScorecard, type TestOutcome } from './scorecard.ts';

const manifest = await loadModule('01-rest-api');

const outcome = (requirement: string, index: number, state: TestOutcome['state'], notImplemented = false): TestOutcome => ({
  name: `[${requirement}] test ${index}`,
  requirement,
  state,
  durationMs: 1,
  file: `modules/01-rest-api/tests/${requirement}.test.ts`,
  ...(state === 'failed' ? { error: { name: notImplemented ? 'NotImplementedError' : 'AssertionError', message: notImplemented ? 'not implemented' : 'Expected 412, got 200.', notImplemented } } : {}),
});

const card = (outcomes: TestOutcome[], filter?: string) =>
  buildScorecard({ manifest, target: 'exercises', targetRoot: '/x', startedAt: new Date(0), durationMs: 1, dependencies: [], outcomes, targets: [], runErrors: [], ...(filter ? { filter } : {}) });

const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('a filtered run', () => {
  // `-t "concurrent PATCH"` ran 1 of optimistic-concurrency's 4 tests and printed it as 8/8.
  const filtered = card([outcome('optimistic-concurrency', 1, 'passed'), ...[2, 3, 4].map((i) => outcome('optimistic-concurrency', i, 'skipped')), outcome('tasks-read', 1, 'skipped')], 'concurrent PATCH');

  test('awards no points to a requirement it ran only partly', () => {
    expect(filtered.requirements.find((r) => r.id === 'optimistic-concurrency')).toMatchObject({ status: 'partly-run', earned: 0 });
    expect(filtered.score.earned).toBe(0);
    expect(filtered.filter).toBe('concurrent PATCH');
  });

  test('says which requirements it ran in full, that it is not a grade, and lists only what ran', () => {
    const text = plain(formatScorecard(filtered));
    expect(text).toMatch(/○ optimistic-concurrency +0\/8 +1 test of 4 ran, all passed; no points for a requirement partly run/);
    expect(text).toContain('Filtered run (-t "concurrent PATCH"): not a grade');
    expect(text).toContain('partly run, no points: optimistic-concurrency');
    expect(text).toContain('your last full result is kept');
    expect(text).not.toMatch(/Score \d/);
    expect(text).not.toContain('tasks-read');
  });

  test('a requirement whose every test ran is scored as usual', () => {
    const full = card([outcome('tasks-read', 1, 'passed'), outcome('tasks-read', 2, 'passed'), outcome('tasks-read', 3, 'passed')], 'tasks-read');
    expect(full.requirements.find((r) => r.id === 'tasks-read')).toMatchObject({ status: 'passed', earned: 5 });
    expect(plain(formatScorecard(full))).toContain('ran in full: tasks-read 5/5');
  });
});

describe('a failing requirement in the terminal', () => {
  test('names the hint command beside the SPEC section', () => {
    const text = plain(formatScorecard(card([outcome('list-pagination', 1, 'failed')])));
    expect(text).toContain('see modules/01-rest-api/SPEC.md#list-pagination');
    expect(text).toContain('hint: npx wb hint 01-rest-api list-pagination');
  });

  test('a requirement with one test passed and the others not implemented does not call the passing one not implemented', () => {
    const outcomes = [1, 2, 3, 4].map((i) => outcome('idempotency-key', i, 'failed', true)).concat(outcome('idempotency-key', 5, 'passed'));
    const text = plain(formatScorecard(card(outcomes)));
    expect(text).toMatch(/idempotency-key +0\/8 +4 of 5 tests failed, each as not implemented yet/);
    expect(text).not.toContain('the rest not implemented');
  });
});
