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
