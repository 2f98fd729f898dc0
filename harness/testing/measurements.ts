import type { TargetResult } from '../load/evaluate-target.ts';
import type { CounterResult } from './counters.ts';

/** A target as measured: a load run, or a count. */
export type MeasuredTarget = TargetResult | CounterResult;

declare module 'vitest' {
  interface TaskMeta {
    /** Targets a graded test measured; the scorecard prints them beside their bounds. */
    wbTargets?: MeasuredTarget[];
  }
}

/**
 * The tag of every graded test that measures a target under load. Such a test is slow and needs
 * the machine to itself; the tag gives it the time (module-run-config.ts) and lets a run that
 * checks only behaviour leave it out (`--tags-filter='!load'`), as the mutant check does first.
 */
export const LOAD_TAG = 'load';

/** Attaches a measured target to the test, so the reporter can print and score it. */
export function recordTarget(task: { name: string; tags?: string[]; meta: { wbTargets?: MeasuredTarget[] } }, result: MeasuredTarget): void {
  if (result.kind !== 'counter' && !task.tags?.includes(LOAD_TAG)) {
    throw new Error(`The graded test '${task.name}' measures a timed target, so it must carry the '${LOAD_TAG}' tag: test('…', { tags: ['${LOAD_TAG}'] }, …).`);
  }
  task.meta.wbTargets = [...(task.meta.wbTargets ?? []), result];
}

/**
 * Thrown by a graded test whose target could not be graded because the machine was too busy:
 * the scorecard shows the requirement as not measured, neither passed nor failed by the code.
 */
export class TargetNotMeasuredError extends Error {
  override readonly name = 'TargetNotMeasuredError';
}
