/**
 * The error every stub throws. It names the requirement the learner must implement and the
 * SPEC section to read, so a failing test points straight at the work.
 *
 * `statusCode` 501 makes Fastify's default error handler answer `501 Not Implemented` with this
 * error's `code` and `message`, so a stub route reaches the grader as a recognisable response
 * rather than a crash.
 */
export const NOT_IMPLEMENTED_CODE = 'WB_NOT_IMPLEMENTED';

export class NotImplementedError extends Error {
  override readonly name = 'NotImplementedError';
  readonly code = NOT_IMPLEMENTED_CODE;
  readonly statusCode = 501;

  constructor(
    /** The module folder name, e.g. `01-rest-api`. */
    readonly module: string,
    /** The requirement slug, e.g. `tasks-create`. */
    readonly requirement: string,
    /** What is missing, in the learner's words, e.g. `createTask()`. */
    readonly what: string,
    message?: string,
  ) {
    super(message ?? `Not implemented: ${what}. Implement requirement '${requirement}': see modules/${module}/SPEC.md#${requirement}`);
  }
}

/** For stubs: `throw notImplemented('01-rest-api', 'tasks-create', 'createTask()')`. */
export function notImplemented(module: string, requirement: string, what: string): NotImplementedError {
  return new NotImplementedError(module, requirement, what);
}

export function isNotImplementedError(value: unknown): value is NotImplementedError {
  return value instanceof Error && (value as { code?: unknown }).code === NOT_IMPLEMENTED_CODE;
}
