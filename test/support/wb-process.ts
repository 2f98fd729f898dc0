import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../harness/paths.ts';

/**
 * A long-running `wb` command (watch, ui, docs) driven as a learner would: its output read as it
 * comes, keys sent through a pipe, signals sent as a terminal would.
 */
export class WbProcess {
  output = '';
  private readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;

  constructor(args: readonly string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), ...args], { cwd: projectRoot, env });
    this.child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }

  /** Waits until the output after `from` matches, and returns that part of it. */
  async waitFor(pattern: RegExp, from = 0, timeoutMs = 90_000): Promise<string> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const part = this.output.slice(from);
      if (pattern.test(part)) return part;
      if (this.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`wb ${pattern} did not show in ${timeoutMs / 1000} s. Its output:\n${this.output}`);
  }

  key(key: string): void {
    this.child.stdin.write(`${key}\n`);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null) this.child.kill(signal);
  }
}
