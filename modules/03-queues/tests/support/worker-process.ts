import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from '@wb/target/03-queues/types.ts';
import { projectRoot } from '../../../../harness/paths.ts';
import { notImplementedForTest } from '../../../../harness/testing/api-client.ts';
import { fail } from '../../../../harness/testing/expectations.ts';
import { targetModuleDir } from '../../../../harness/testing/target-tree.ts';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker-main.ts');
/** A cold `node --import tsx` and a first AMQP connection on a busy machine. */
const READY_TIMEOUT_MS = 15_000;

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** performance.now() when it exited. */
  readonly at: number;
}

/**
 * A worker in a process of its own, started the way SPEC.md#the-pieces says: a fresh Node that
 * calls runWorkerProcess(options). The test stops it (SIGTERM), freezes it (SIGSTOP) or kills it
 * (SIGKILL) and reads how it exited; whatever is left is killed when the test ends.
 */
export class WorkerProcess implements AsyncDisposable {
  private static readonly running = new Set<WorkerProcess>();
  private output = '';
  readonly exited: Promise<Exit>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => void (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => void (this.output += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })));
    WorkerProcess.running.add(this);
    void this.exited.then(() => WorkerProcess.running.delete(this));
  }

  /** Starts a worker process and resolves once runWorkerProcess() resolved in it. */
  static async start(options: WorkerOptions): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: projectRoot,
      env: { ...process.env, WB_WORKER_MODULE_DIR: targetModuleDir('03-queues'), WB_WORKER_OPTIONS: JSON.stringify(options), NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    const ready = await Promise.race([
      new Promise<'ready'>((resolve) => child.stdout?.on('data', () => worker.output.includes('WB_WORKER_READY') && resolve('ready'))),
      worker.exited,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS)),
    ]);
    if (ready === 'ready') return worker;
    worker.kill('SIGKILL');
    // A stub's (or any) not-implemented error is the whole story: say it as the stub says it.
    const notImplemented = /NotImplementedError: (Not implemented: .*)/.exec(worker.output)?.[1];
    if (notImplemented) throw notImplementedForTest(notImplemented);
    if (ready === 'timeout') fail(`Expected runWorkerProcess(options) to resolve once the worker consumes, but it had not after ${READY_TIMEOUT_MS / 1000} s. Its output:\n${worker.outputTail()}`);
    fail(`Expected the worker process to start, but it exited (${ready.signal ?? `code ${ready.code}`}) before runWorkerProcess(options) resolved. Its output:\n${worker.outputTail()}`);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }

  /** The last lines the process wrote (stdout and stderr), for a failure message. */
  outputTail(lines = 15): string {
    const text = this.output.replace('WB_WORKER_READY\n', '').trim();
    return text === '' ? '(nothing)' : text.split('\n').slice(-lines).join('\n');
  }

  /** The exit, or undefined if the process is still running after `timeoutMs`. */
  async exitWithin(timeoutMs: number): Promise<Exit | undefined> {
    return Promise.race([this.exited, new Promise<undefined>((resolve) => setTimeout(resolve, timeoutMs))]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.kill('SIGCONT');
    this.kill('SIGKILL');
    await this.exited;
  }

  /** Kills every worker process a test left running (its afterEach). */
  static async killAll(): Promise<void> {
    await Promise.all([...WorkerProcess.running].map((worker) => worker[Symbol.asyncDispose]()));
  }
}
