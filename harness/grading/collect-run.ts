import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { SerializedError, TestCase, TestModule } from 'vitest/node';

import { NOT_IMPLEMENTED_CODE } from '../not-implemented.ts';
import { requirementOfTitle } from '../testing/requirement.ts';
import type { MeasuredTarget } from '../testing/measurements.ts';
import { chargeableRunError } from './run-errors.ts';
import { TestOutput } from './test-output.ts';
import type { RunError, TestOutcome } from './scorecard.ts';

/** What a scorecard is built from: each test's outcome, the targets measured, the errors. */
export interface CollectedRun {
  readonly outcomes: TestOutcome[];
  readonly targets: MeasuredTarget[];
  readonly runErrors: RunError[];
}

/**
 * Reads finished test modules: their tests' outcomes and targets, the files that failed to load,
 * and the unhandled errors, each traced to the test or file it happened in.
 */
export function collectRun(testModules: readonly TestModule[], unhandledErrors: readonly SerializedError[], moduleId: string, output: TestOutput = new TestOutput()): CollectedRun {
  const outcomes: TestOutcome[] = [];
  const targets: MeasuredTarget[] = [];
  const runErrors: RunError[] = [];
  for (const testModule of testModules) {
    const file = path.relative(process.cwd(), testModule.moduleId);
    for (const error of testModule.errors()) {
      const cause = plainLoadError(error.message);
      runErrors.push({ file, message: `${file} failed to load, so its tests did not run: ${cause}`, loadFailure: cause });
    }
    for (const testCase of testModule.children.allTests()) {
      outcomes.push(toOutcome(testCase, output));
      targets.push(...(testCase.meta().wbTargets ?? []));
    }
  }
  for (const error of unhandledErrors) runErrors.push(chargeableRunError(error, outcomes, moduleId));
  return { outcomes, targets, runErrors };
}

/**
 * A load error as a sentence and a snippet: the transformer's colours (it paints even when output
 * is not a terminal) and its "Transform failed with 1 error" preamble are dropped.
 */
function plainLoadError(message: string): string {
  return stripVTControlCharacters(message)
    .replace(/^Transform failed with \d+ errors?:\s*/, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function toOutcome(testCase: TestCase, output?: TestOutput): TestOutcome {
  const result = testCase.result();
  const state = result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped';
  const first = result.errors?.[0] as (SerializedError & { code?: unknown }) | undefined;
  return {
    name: testCase.fullName,
    requirement: requirementOfTitle(testCase.fullName),
    state,
    durationMs: testCase.diagnostic()?.duration ?? 0,
    file: path.relative(process.cwd(), testCase.module.moduleId),
    ...(state === 'failed' && output?.of(testCase.id) ? { output: output.of(testCase.id) } : {}),
    ...(state === 'failed' && first
      ? {
          error: {
            name: first.name ?? 'Error',
            message: first.message ?? String(first),
            notImplemented: first.name === 'NotImplementedError' || first.code === NOT_IMPLEMENTED_CODE,
            ...(first.name === 'TargetNotMeasuredError' ? { notMeasured: true } : {}),
          },
        }
      : {}),
  };
}
