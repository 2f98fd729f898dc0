import { paint } from '../terminal.ts';

/**
 * Code that blocks the event loop (a `while` loop in a handler) freezes the test worker, and then
 * not even the test's own timeout can fire: vitest would wait forever. This runs in the main
 * process, which stays responsive: when no test has started or finished for longer than any
 * test may take, it says what happened and ends the run (`wb test` then stops the servers).
 */
export class StallWatch {
  private timer: NodeJS.Timeout | undefined;
  private lastEventAt = Date.now();
  private lastStarted: string | undefined;

  start(): void {
    const limitMs = Number(process.env.WB_STALL_SECONDS ?? 120) * 1000;
    this.lastEventAt = Date.now();
    this.timer = setInterval(() => {
      if (Date.now() - this.lastEventAt < limitMs) return;
      const where = this.lastStarted ? `'${this.lastStarted}'` : 'the first test of the run';
      process.stdout.write(
        `\n${paint('red', '✗ The run is stuck')}: nothing has happened for ${limitMs / 1000} s, last in ${where}.\n` +
          '  Your code is probably blocking the event loop (a loop that never ends, or a long synchronous computation),\n' +
          "  so not even the test's own timeout could fire. Stopping the run; fix that code and run again.\n",
      );
      process.exit(124);
    }, 1000);
    this.timer.unref();
  }

  /** Something happened: a file or a test started, or a test finished. */
  touch(startedTest?: string): void {
    this.lastEventAt = Date.now();
    if (startedTest !== undefined) this.lastStarted = startedTest;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
