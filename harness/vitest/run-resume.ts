import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { MeasuredTarget } from '../testing/measurements.ts';
import type { RunError, TestOutcome } from '../grading/scorecard.ts';

/**
 * A module's tests run in one worker process, so code that kills that process (process.kill,
 * abort, a native crash, running out of memory) or blocks its event loop would end the whole
 * run and cost every requirement after it. Instead the run stops at that test, the test is
 * failed with what happened, and `wb test` starts vitest again for what had not run yet, with
 * what already ran carried over in this record. The scorecard is the union of the parts.
 */
export interface RunResume {
  /** Outcomes, targets and errors of the earlier parts. */
  readonly outcomes: readonly TestOutcome[];
  readonly targets: readonly MeasuredTarget[];
  readonly runErrors: readonly RunError[];
  /** Tests (`file::full name`) that already have an outcome: the next part skips them. */
  readonly done: readonly string[];
  /** Files no later part needs to run. */
  readonly finishedFiles: readonly string[];
  /** How many parts so far ended at a dead worker, and at a stuck one. */
  readonly interruptions: { readonly crashed: number; readonly stalled: number };
  /** When the first part started: the scorecard's start and duration cover every part. */
  readonly startedAt: string;
}

/** What the reporter says a part ended with: where the worker process stopped, if it did. */
export interface PartEnd {
  /** The test that was running when the worker process died or was stopped. */
  readonly interrupted?: { readonly test?: string; readonly file: string; readonly reason: 'crashed' | 'stalled' };
  /** Files that started and ended normally. */
  readonly finishedFiles: readonly string[];
  readonly startedAt: string;
  /** Everything graded so far, this part's results on top of the earlier parts'. */
  readonly outcomes: readonly TestOutcome[];
  readonly targets: readonly MeasuredTarget[];
  readonly runErrors: readonly RunError[];
}

/** Vitest's own report of a dead worker, which names no test: the scorecard charges the test that was running. */
export const DEAD_WORKER = /\[vitest-pool\]|Worker exited unexpectedly|Worker forks emitted error/;

export const testKey = (file: string, name: string): string => `${file}::${name}`;

/** Set by `wb test` for the main process (reporter) and, through the environment, the worker. */
export const RESUME_ENV = 'WB_RESUME_FILE';
export const PART_END_ENV = 'WB_PART_END_FILE';
export const WORKER_PID_ENV = 'WB_WORKER_PID_FILE';
/** Where the worker notes the test (or file) it is in: `{ file, test? }`. */
export const CURRENT_TEST_ENV = 'WB_CURRENT_TEST_FILE';

export function readCurrentTest(file = process.env[CURRENT_TEST_ENV]): { file: string; test?: string } | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { file: string; test?: string };
  } catch {
    return undefined;
  }
}

export function readResume(file = process.env[RESUME_ENV]): RunResume | undefined {
  return file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunResume) : undefined;
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value)}\n`);
}

export function readPartEnd(file: string): PartEnd | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PartEnd) : undefined;
}
