import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { WorkbenchError } from '../../errors.ts';
import { runtimeDir } from '../../paths.ts';
import { freePort } from '../free-port.ts';
import { forgetOwned, recordOwned, stopProcessGroup } from '../process/owned-resources.ts';
import { isProcessAlive, processStartTime } from '../process/process-state.ts';
import { postgresUri, type PostgresInfo, type Started } from '../types.ts';
import { pingPostgres } from './ping-postgres.ts';
import { findPostgresBinaries, postgresInstallHint, postgresRunAs, type PostgresBinaries } from './find-postgres.ts';

const run = promisify(execFile);

/** Settings for a throwaway server: durability buys nothing here and costs start-up and latency. */
const THROWAWAY_SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];

/**
 * PostgreSQL from the binaries on this machine, as a child process on a free loopback port with
 * its data in the runtime dir. The first start runs initdb once into a template; every start
 * after copies it (~0.1 s on tmpfs against ~0.6–1.4 s for initdb).
 */
export class NativePostgreSqlServer {
  private persistent = false;
  /** A cold start (initdb) on a loaded disk takes seconds; more than this is a real failure. */
  private readonly readyTimeoutMs = 30_000;

  /** Keep the server after this process exits (`wb deps up`). @default false */
  withPersistent(persistent = true): this {
    this.persistent = persistent;
    return this;
  }

  async start(): Promise<StartedNativePostgreSql> {
    const bins = findPostgresBinaries();
    if (!bins) {
      throw new WorkbenchError('WB_ERR_DEPS_NATIVE_MISSING', { missing: 'no `postgres`/`initdb` binaries were found on PATH or under /usr/lib/postgresql', install: postgresInstallHint() });
    }
    const runAs = postgresRunAs();
    const template = await ensureTemplate(bins, runAs);
    const id = `postgres-${process.pid}-${randomBytes(4).toString('hex')}`;
    const dir = path.join(runtimeDir(), id);
    mkdirSync(dir, { mode: 0o700 });
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    const dataDir = path.join(dir, 'data');
    try {
      await run('cp', ['-a', template, dataDir]);
      // A port can be taken between choosing it and binding it; a second port settles it.
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.launch(bins, dir, dataDir, id, await freePort(), runAs);
        } catch (error) {
          if (attempt >= 3 || !/could not bind|Address already in use/i.test(String((error as Error).message))) throw error;
        }
      }
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  private async launch(bins: PostgresBinaries, dir: string, dataDir: string, id: string, port: number, runAs: ReturnType<typeof postgresRunAs>): Promise<StartedNativePostgreSql> {
    const logPath = path.join(dir, 'server.log');
    const log = openSync(logPath, 'a');
    const args = ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', dir, ...THROWAWAY_SETTINGS.flatMap((setting) => ['-c', setting])];
    // detached: the server leads its own process group, so a terminal's Ctrl-C does not reach it
    // before the harness has shut it down cleanly, and stop() can signal the whole group.
    const child = spawn(bins.postgres, args, { detached: true, stdio: ['ignore', log, log], cwd: dir, ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}) });
    closeSync(log);
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw startFailed('the process did not start', logPath);
    let exitCode: number | null | undefined;
    child.once('exit', (code) => (exitCode = code));
    recordOwned({ id, kind: 'postgres', backend: 'native', pid, dir, ownerPid: this.persistent ? null : process.pid });
    const pidStartTime = processStartTime(pid);

    const info: PostgresInfo = {
      kind: 'postgres',
      backend: 'native',
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password: '',
      database: 'postgres',
      uri: postgresUri({ user: 'postgres', password: '', host: '127.0.0.1', port, database: 'postgres' }),
      serverVersion: '',
      resourceId: id,
    };
    const deadline = Date.now() + this.readyTimeoutMs;
    for (;;) {
      if (exitCode !== undefined || !isProcessAlive(pid, pidStartTime)) {
        forgetOwned(id);
        throw startFailed(`the server exited with code ${exitCode ?? 'unknown'}`, logPath);
      }
      const version = await pingPostgres(info.uri);
      if (version) return new StartedNativePostgreSql({ ...info, serverVersion: version }, pid, pidStartTime, dir);
      if (Date.now() > deadline) {
        await stopProcessGroup(pid, pidStartTime, 500);
        forgetOwned(id);
        throw startFailed(`no answer to a query within ${this.readyTimeoutMs} ms`, logPath);
      }
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }
}

export class StartedNativePostgreSql implements Started<PostgresInfo> {
  constructor(
    readonly info: PostgresInfo,
    private readonly pid: number,
    private readonly pidStartTime: string | undefined,
    private readonly dir: string,
  ) {}

  getConnectionUri(): string {
    return this.info.uri;
  }

  async stop(): Promise<void> {
    await stopProcessGroup(this.pid, this.pidStartTime);
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
    forgetOwned(this.info.resourceId);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/**
 * initdb once per major version and user into the runtime dir; concurrent first runs each build
 * into a staging dir and the first rename wins.
 */
async function ensureTemplate(bins: PostgresBinaries, runAs: ReturnType<typeof postgresRunAs>): Promise<string> {
  const templates = path.join(runtimeDir(), 'templates');
  const template = path.join(templates, `postgres-${bins.major}`);
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  mkdirSync(templates, { recursive: true, mode: 0o755 });
  const staging = `${template}.staging-${process.pid}-${randomBytes(3).toString('hex')}`;
  mkdirSync(staging, { mode: 0o700 });
  if (runAs) chownSync(staging, runAs.uid, runAs.gid);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(bins.initdb, ['-D', staging, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        cwd: templates,
        ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`initdb exited with code ${code}: ${stderr.trim()}`))));
    });
    try {
      renameSync(staging, template);
    } catch (error) {
      if (!existsSync(path.join(template, 'PG_VERSION'))) throw error;
    }
  } catch (error) {
    throw new WorkbenchError('WB_ERR_DEPS_START_FAILED', { kind: 'postgres', backend: 'native', reason: `initdb failed: ${(error as Error).message}`, log: '', logPath: '' }, { cause: error });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return template;
}

function startFailed(reason: string, logPath: string): WorkbenchError {
  let log = '';
  try {
    log = readFileSync(logPath, 'utf8').trim().split('\n').slice(-8).join('\n');
  } catch {
    // No log yet.
  }
  return new WorkbenchError('WB_ERR_DEPS_START_FAILED', { kind: 'postgres', backend: 'native', reason, log, logPath });
}
