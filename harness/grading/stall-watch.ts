import { existsSync, readFileSync } from 'node:fs';
import { paint } from '../terminal.ts';
import { WORKER_PID_ENV } from '../vitest/run-resume.ts';

/**
 * Code that blocks the event loop (a `while` loop in a handler) freezes the test worker, and then
 * not even the test's own timeout can fire: vitest would wait forever. This runs in the main
 * process, which stays responsive: when no test has started or finished for longer than any
 * test may take, it says what happened and stops the worker process alone (the run then ends
 * that part, and `wb test` goes on with the tests after the stuck one); where it cannot tell
 * the worker's process, it ends the whole run.
 */
export class StallWatch {
  private timer: NodeJS.Timeout | undefined;
  private lastEventAt = Date.now();
  private lastStarted: string | undefined;
  /** Set once the watch stopped a stuck worker: the reporter charges the test that was running. */
  stalled = false;

  start(): void {
    const limitMs = this.limitMs();
    this.lastEventAt = Date.now();
    this.stalled = false;
    this.timer = setInterval(() => {
      if (this.stalled || Date.now() - this.lastEventAt < limitMs) return;
      const where = this.lastStarted ? `'${this.lastStarted}'` : 'the first test of the run';
      const worker = this.workerPid();
      process.stdout.write(
        `\n${paint('red', '✗ The run is stuck')}: nothing has happened for ${limitMs / 1000} s, last in ${where}.\n` +
          '  Your code is probably blocking the event loop (a loop that never ends, or a long synchronous computation),\n' +
          `  so not even the test's own timeout could fire. ${worker ? 'Stopping that test; the tests after it still run.' : 'Stopping the run; fix that code and run again.'}\n`,
      );
      if (!worker) process.exit(124);
      this.stalled = true;
      try {
        process.kill(worker, 'SIGKILL');
      } catch {
        process.exit(124);
      }
    }, 1000);
    this.timer.unref();
  }

  limitMs(): number {
    return Number(process.env.WB_STALL_SECONDS ?? 120) * 1000;
  }

  /** Something happened: a file or a test started, or a test finished. */
  touch(startedTest?: string): void {
    this.lastEventAt = Date.now();
    if (startedTest !== undefined) this.lastStarted = startedTest;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The test worker's process, as the worker itself wrote it (harness/vitest/worker-setup.ts). */
  private workerPid(): number | undefined {
    const file = process.env[WORKER_PID_ENV];
    if (!file || !existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid ? pid : undefined;
  }
}
