import type { TargetResult } from '../load/evaluate-target.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** Load results a graded test measured; the scorecard prints them beside their targets. */
    wbTargets?: TargetResult[];
  }
}

/** Attaches a measured target to the test, so the reporter can print and score it. */
export function recordTarget(task: { meta: { wbTargets?: TargetResult[] } }, result: TargetResult): void {
  task.meta.wbTargets = [...(task.meta.wbTargets ?? []), result];
}

/**
 * Thrown by a graded test whose target could not be graded because the machine was too busy:
 * the scorecard shows the requirement as not measured, neither passed nor failed by the code.
 */
export class TargetNotMeasuredError extends Error {
  override readonly name = 'TargetNotMeasuredError';
}
