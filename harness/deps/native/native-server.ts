import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../errors.ts';
import type { DependencyKind } from '../../manifest.ts';
import { runtimeDir } from '../../paths.ts';
import { freePort } from '../free-port.ts';
import { forgetOwned, recordOwned, stopProcessGroup } from '../process/owned-resources.ts';
import { isProcessAlive, processStartTime, signalGroup } from '../process/process-state.ts';
import type { DependencyInfo, Started } from '../types.ts';
import { waitUntilAnswers } from '../wait-until-answers.ts';

/** A user to run a server as: PostgreSQL refuses to run as root. */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/**
 * How to run one kind of server from the binaries on this machine. The launcher does the rest,
 * the same for every kind: a private directory in the runtime dir, a free loopback port (a second
 * one if the first is taken before the server binds it), the ledger entry, the log, the wait until
 * the server answers a real request, and stopping, halting and resuming it.
 */
export interface NativeServerSpec<Info extends DependencyInfo> {
  readonly kind: DependencyKind;
  /** Fills the server's fresh directory (a config file, a data dir copied from a template). */
  prepare?(dir: string): Promise<void>;
  /**
   * The command that runs the server on `port` with everything it writes under `dir`; `env` is
   * added to this process's environment.
   */
  command(port: number, dir: string): { readonly file: string; readonly args: readonly string[]; readonly env?: Readonly<Record<string, string>> };
  readonly runAs?: RunAs;
  /** The handle's details (serverVersion is filled in once the server answers). */
  info(port: number, resourceId: string): Info;
  /** The wait strategy: the server's version once it answers a real request, else undefined. */
  answers(info: Info): Promise<string | undefined>;
  /** What the server's log says when the port was taken between choosing and binding it. */
  readonly portTaken: RegExp;
  /** The signal that shuts the server down fast and cleanly (PostgreSQL: SIGINT). */
  readonly stopSignal: NodeJS.Signals;
  /**
   * The signal for stop(), which throws the data away (a slow clean shutdown buys nothing there),
   * and for an owner that exits without time to stop it. @default stopSignal, and SIGQUIT on exit
   */
  readonly discardSignal?: NodeJS.Signals;
  /** A cold start on a loaded machine may take seconds; more than this is a real failure. */
  readonly readyTimeoutMs: number;
}

/** Starts a server from local binaries as a child process that leads its own process group. */
export async function launchNative<Info extends DependencyInfo>(spec: NativeServerSpec<Info>, persistent: boolean): Promise<StartedNativeServer<Info>> {
  const id = `${spec.kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const dir = path.join(runtimeDir(), id);
  mkdirSync(dir, { mode: 0o700 });
  if (spec.runAs) chownSync(dir, spec.runAs.uid, spec.runAs.gid);
  try {
    await spec.prepare?.(dir);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        const info = spec.info(port, id);
        const pid = spawnServer(spec, port, dir);
        recordServer(spec, id, pid, dir, persistent);
        const serverVersion = await waitForServer(spec, info, pid, dir);
        return new StartedNativeServer(spec, { ...info, serverVersion }, dir, pid, persistent);
      } catch (error) {
        forgetOwned(id);
        if (attempt >= 3 || !spec.portTaken.test(String((error as Error).message))) throw error;
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A server started by launchNative. */
export class StartedNativeServer<Info extends DependencyInfo> implements Started<Info> {
  private pidStartTime: string | undefined;

  constructor(
    private readonly spec: NativeServerSpec<Info>,
    readonly info: Info,
    private readonly dir: string,
    private pid: number,
    private readonly persistent: boolean,
  ) {
    this.pidStartTime = processStartTime(pid);
  }

  async stop(): Promise<void> {
    signalGroup(this.pid, 'SIGCONT');
    await stopProcessGroup(this.pid, this.pidStartTime, 3000, this.spec.discardSignal ?? this.spec.stopSignal);
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
    forgetOwned(this.info.resourceId);
  }

  async halt(): Promise<void> {
    signalGroup(this.pid, 'SIGCONT');
    await stopProcessGroup(this.pid, this.pidStartTime, 3000, this.spec.stopSignal);
  }

  async crash(): Promise<void> {
    await stopProcessGroup(this.pid, this.pidStartTime, 0, 'SIGKILL');
  }

  async freeze(): Promise<void> {
    signalGroup(this.pid, 'SIGSTOP');
  }

  /** Thaws a frozen server, or starts a halted one again on the same port and directory. */
  async resume(): Promise<void> {
    if (isProcessAlive(this.pid, this.pidStartTime)) {
      signalGroup(this.pid, 'SIGCONT');
      return;
    }
    this.pid = spawnServer(this.spec, this.info.port, this.dir);
    this.pidStartTime = processStartTime(this.pid);
    recordServer(this.spec, this.info.resourceId, this.pid, this.dir, this.persistent);
    await waitForServer(this.spec, this.info, this.pid, this.dir);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/** The ledger entry of a server process; `wb deps up`'s (persistent) have no owner. */
function recordServer(spec: NativeServerSpec<DependencyInfo>, id: string, pid: number, dir: string, persistent: boolean): void {
  recordOwned({ id, kind: spec.kind, backend: 'native', pid, dir, ownerPid: persistent ? null : process.pid, ...(spec.discardSignal ? { exitSignal: spec.discardSignal } : {}) });
}

function spawnServer(spec: NativeServerSpec<DependencyInfo>, port: number, dir: string): number {
  const { file, args, env } = spec.command(port, dir);
  const log = openSync(logPath(dir), 'a');
  // detached: the server leads its own process group, so a terminal's Ctrl-C does not reach it
  // before the harness has shut it down cleanly, and stop() can signal the whole group.
  const child = spawn(file, args, { detached: true, stdio: ['ignore', log, log], cwd: dir, env: { ...process.env, ...env }, ...(spec.runAs ?? {}) });
  closeSync(log);
  child.unref();
  child.once('error', () => {});
  if (child.pid === undefined) throw startFailed(spec.kind, `\`${file}\` did not start`, dir);
  return child.pid;
}

async function waitForServer<Info extends DependencyInfo>(spec: NativeServerSpec<Info>, info: Info, pid: number, dir: string): Promise<string> {
  const startTime = processStartTime(pid);
  const outcome = await waitUntilAnswers(() => spec.answers(info), { timeoutMs: spec.readyTimeoutMs, gone: () => !isProcessAlive(pid, startTime) });
  if (outcome.answered) return outcome.version;
  if (!outcome.gone) await stopProcessGroup(pid, startTime, 500, spec.stopSignal);
  throw startFailed(spec.kind, outcome.gone ? 'the server exited' : `no answer within ${spec.readyTimeoutMs} ms`, dir);
}

function logPath(dir: string): string {
  return path.join(dir, 'server.log');
}

function startFailed(kind: string, reason: string, dir: string): WorkbenchError {
  let log = '';
  try {
    log = readFileSync(logPath(dir), 'utf8').trim().split('\n').slice(-8).join('\n');
  } catch {
    // No log yet.
  }
  return new WorkbenchError('WB_ERR_DEPS_START_FAILED', { kind, backend: 'native', reason, log, logPath: logPath(dir) });
}
