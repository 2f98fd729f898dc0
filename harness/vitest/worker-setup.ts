import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { CURRENT_TEST_ENV, readResume, RESUME_ENV, testKey, WORKER_PID_ENV } from './run-resume.ts';

// Runs in the test worker before each graded file. The worker says which process it is, so that
// the stall watch in the main process can stop this process alone when code blocks its event
// loop; it notes, synchronously, which test it is in, because a process that dies takes its
// unsent reports with it; and a resumed run skips the tests an earlier part already ran.
/**
 * What the code under test writes straight to stdout or stderr (`process.stdout.write`, a logger
 * given the stream) goes through the console, which vitest ties to the running test: it is shown
 * under that test's failure instead of in the middle of the run's output. Once per worker.
 */
function routeRawWritesToConsole(): void {
  const marked = globalThis as { wbRawWritesRouted?: boolean };
  if (marked.wbRawWritesRouted) return;
  marked.wbRawWritesRouted = true;
  for (const [stream, log] of [
    [process.stdout, console.log],
    [process.stderr, console.error],
  ] as const) {
    stream.write = ((chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void): boolean => {
      log(String(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()).replace(/\n$/, ''));
      (typeof encodingOrCallback === 'function' ? encodingOrCallback : callback)?.();
      return true;
    }) as typeof stream.write;
  }
}
routeRawWritesToConsole();

const pidFile = process.env[WORKER_PID_ENV];
if (pidFile) writeFileSync(pidFile, String(process.pid));

const currentFile = process.env[CURRENT_TEST_ENV];
const note = (where: { file: string; test?: string }): void => {
  if (currentFile) writeFileSync(currentFile, JSON.stringify(where));
};

interface Task {
  readonly name: string;
  readonly suite?: Task;
  readonly file: { readonly name: string; readonly filepath: string };
}

/** The test's file relative to the project, and its full name as the reporter's TestCase has it. */
function whereIs(task: Task): { file: string; test: string } {
  const names: string[] = [];
  for (let at: Task | undefined = task; at; at = at.suite) names.unshift(at.name);
  // The outermost suite is the file itself; TestCase.fullName starts below it.
  if (names[0] === task.file.name) names.shift();
  return { file: path.relative(process.cwd(), task.file.filepath), test: names.join(' > ') };
}

// Until its first test starts, the worker is in this file (set-up code that dies is charged to it).
const testPath = expect.getState().testPath;
if (testPath) note({ file: path.relative(process.cwd(), testPath) });

const done = new Set(readResume(process.env[RESUME_ENV])?.done ?? []);
beforeEach((context) => {
  const where = whereIs(context.task as unknown as Task);
  if (done.has(testKey(where.file, where.test))) context.skip('already ran in an earlier part of this run');
  note(where);
});
afterEach((context) => note({ file: whereIs(context.task as unknown as Task).file }));
