import path from 'node:path';
import type { SerializedError } from 'vitest/node';
import { specLink } from '../testing/requirement.ts';
import type { RunError, TestOutcome } from './scorecard.ts';

/** What vitest adds to an error it caught outside any test's own code. */
interface UnhandledError extends SerializedError {
  /** 'Uncaught Exception' or 'Unhandled Rejection'. */
  readonly type?: string;
  /** The test that was running (its own title, not its describe blocks), if one was. */
  readonly VITEST_TEST_NAME?: string;
  readonly VITEST_TEST_PATH?: string;
}

/**
 * Traces an error nobody handled to the test that was running when it surfaced, and words it for
 * the learner: what happened, why it matters, where such errors usually come from. Vitest tells
 * which test was running; an error that surfaces between tests is traced to the file only.
 */
export function chargeableRunError(error: SerializedError, outcomes: readonly TestOutcome[], moduleId: string): RunError {
  const { type = 'Unhandled error', VITEST_TEST_NAME: testName } = error as UnhandledError;
  const file = fileOfRunError(error);
  const test = testName ? outcomes.find((outcome) => outcome.file === file && (outcome.name === testName || outcome.name.endsWith(` > ${testName}`))) : undefined;
  const kind = type === 'Unhandled Rejection' ? 'a promise rejected and nothing handled the rejection' : 'an error was thrown or emitted and nothing caught it';
  const where = test ? 'while this test ran' : file ? `while ${file} ran, between its tests` : 'outside every test';
  const message =
    `${type} ${where}: ${kind}: ${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}. ` +
    'In a real server this would have crashed the process. Usual causes: an EventEmitter with no ' +
    "'error' listener (a pg Pool whose idle client lost its connection emits 'error' on the pool), " +
    'or a promise that is neither awaited nor caught.' +
    (test?.requirement ? `\n  → see ${specLink(moduleId, test.requirement)}` : '');
  return { message, ...(test ? { test: test.name } : {}), ...(file ? { file } : {}) };
}

/** The test file an unhandled error surfaced in, relative to the project, when vitest knew it. */
export function fileOfRunError(error: SerializedError): string | undefined {
  const testPath = (error as UnhandledError).VITEST_TEST_PATH;
  return testPath ? path.relative(process.cwd(), testPath) : undefined;
}
