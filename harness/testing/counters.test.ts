import { describe, expect, test } from 'vitest';
import { buildScorecard } from '../grading/scorecard.ts';
import { defineModule, type CounterTarget } from '../manifest.ts';
import { evaluateCounter, formatCounterResult } from './counters.ts';

const atMostTwo: CounterTarget = { kind: 'counter', requirement: 'lean', measure: 'statements per request', max: 2 };
const hitRatio: CounterTarget = { kind: 'counter', requirement: 'lean', measure: 'hit ratio', min: 0.9 };

describe('counter targets', () => {
  test('are met within their bounds, on the bound included, and missed outside', () => {
    expect([1, 2, 2.05].map((value) => evaluateCounter(atMostTwo, value).status)).toEqual(['met', 'met', 'missed']);
    expect([0.95, 0.9, 0.89].map((value) => evaluateCounter(hitRatio, value).status)).toEqual(['met', 'met', 'missed']);
    expect(formatCounterResult(evaluateCounter(atMostTwo, 3))).toMatch(/statements per request +3 \(at most 2\) {2}MISSED/);
  });

  test('a missed counter fails its requirement even when its test passed', () => {
    const manifest = defineModule({ id: '99-sample', title: 'Sample', summary: '', dependencies: [], requirements: [{ id: 'lean', title: 'Lean', points: 3 }], targets: [atMostTwo] });
    const card = buildScorecard({
      manifest,
      target: 'solutions',
      targetRoot: '/x',
      startedAt: new Date(0),
      durationMs: 1,
      dependencies: [],
      outcomes: [{ name: '[lean] counts', requirement: 'lean', state: 'passed', durationMs: 1, file: 'x.test.ts' }],
      targets: [evaluateCounter(atMostTwo, 5)],
      runErrors: [],
    });
    expect(card.requirements[0]).toMatchObject({ status: 'failed', earned: 0 });
  });
});
