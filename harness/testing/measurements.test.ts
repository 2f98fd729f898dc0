import { describe, expect, test } from 'vitest';
import type { TargetResult } from '../load/evaluate-target.ts';
import { evaluateCounter } from './counters.ts';
import { LOAD_TAG, recordTarget, type MeasuredTarget } from './measurements.ts';

const result = { kind: 'load', requirement: 'fast' } as TargetResult;

describe('recordTarget', () => {
  test('attaches the measured target to a test tagged load', () => {
    const task = { name: '[fast] under load', tags: [LOAD_TAG], meta: {} as { wbTargets?: MeasuredTarget[] } };
    recordTarget(task, result);
    recordTarget(task, result);
    expect(task.meta.wbTargets).toEqual([result, result]);
  });

  test('records a counter without the load tag: a count is quick and exact', () => {
    const task = { name: '[fast] counts', meta: {} as { wbTargets?: MeasuredTarget[] } };
    const counted = evaluateCounter({ kind: 'counter', requirement: 'fast', measure: 'queries', max: 1 }, 1);
    recordTarget(task, counted);
    expect(task.meta.wbTargets).toEqual([counted]);
  });

  test('refuses a test without the load tag, naming the test and the fix', () => {
    const task = { name: '[fast] under load', meta: {} };
    expect(() => recordTarget(task, result)).toThrow(`The graded test '[fast] under load' measures a timed target, so it must carry the 'load' tag`);
  });
});
