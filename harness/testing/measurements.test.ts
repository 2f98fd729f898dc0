import { describe, expect, test } from 'vitest';
import type { TargetResult } from '../load/evaluate-target.ts';
import { LOAD_TAG, recordTarget } from './measurements.ts';

const result = { requirement: 'fast' } as TargetResult;

describe('recordTarget', () => {
  test('attaches the measured target to a test tagged load', () => {
    const task = { name: '[fast] under load', tags: [LOAD_TAG], meta: {} as { wbTargets?: TargetResult[] } };
    recordTarget(task, result);
    recordTarget(task, result);
    expect(task.meta.wbTargets).toEqual([result, result]);
  });

  test('refuses a test without the load tag, naming the test and the fix', () => {
    const task = { name: '[fast] under load', meta: {} };
    expect(() => recordTarget(task, result)).toThrow(`The graded test '[fast] under load' measures a target, so it must carry the 'load' tag`);
  });
});
