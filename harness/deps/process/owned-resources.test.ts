import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { listOwned, reapOrphans, recordOwned, releaseResource } from './owned-resources.ts';
import { isProcessAlive } from './process-state.ts';

let runtime: string;
const started: number[] = [];

beforeEach(() => {
  runtime = mkdtempSync(path.join(tmpdir(), 'wb-ledger-'));
  vi.stubEnv('WB_RUNTIME_DIR', runtime);
});

afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone, as the test wanted.
    }
  }
  vi.unstubAllEnvs();
  rmSync(runtime, { recursive: true, force: true });
});

/** A stand-in server: its own process group, like the harness's servers. */
function startServer(): number {
  const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
  child.unref();
  started.push(child.pid!);
  return child.pid!;
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  return Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
}

describe('the ledger of owned servers', () => {
  test('reaps a server whose owner died: kills its group, deletes its directory, forgets it', async () => {
    const pid = startServer();
    const dir = path.join(runtime, 'postgres-orphan');
    mkdirSync(dir);
    recordOwned({ id: 'orphan', kind: 'postgres', backend: 'native', pid, dir, ownerPid: deadPid() });
    const reaped = await reapOrphans();
    expect(reaped).toHaveLength(1);
    expect(reaped[0]).toContain(`pid ${pid}`);
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(listOwned()).toEqual([]);
  });

  test('leaves alone servers whose owner is alive, and those `wb deps up` keeps', async () => {
    const mine = startServer();
    const kept = startServer();
    recordOwned({ id: 'mine', kind: 'postgres', backend: 'native', pid: mine, ownerPid: process.pid });
    recordOwned({ id: 'kept', kind: 'postgres', backend: 'native', pid: kept, ownerPid: null });
    expect(await reapOrphans()).toEqual([]);
    expect(isProcessAlive(mine) && isProcessAlive(kept)).toBe(true);
    expect(listOwned().map((resource) => resource.id).sort()).toEqual(['kept', 'mine']);
  });

  test('leaves a container on another engine, or on one that does not answer, for a run that can reach it', async () => {
    vi.stubEnv('DOCKER_HOST', `unix://${path.join(runtime, 'no-engine.sock')}`);
    recordOwned({ id: 'elsewhere', kind: 'postgres', backend: 'containers', engine: 'unix:///var/run/other-docker.sock', ownerPid: deadPid() });
    recordOwned({ id: 'here', kind: 'postgres', backend: 'containers', engine: `unix://${path.join(runtime, 'no-engine.sock')}`, ownerPid: deadPid() });
    expect(await reapOrphans()).toEqual([]);
    expect(listOwned().map((resource) => resource.id).sort()).toEqual(['elsewhere', 'here']);
    const [elsewhere] = listOwned().filter((resource) => resource.id === 'elsewhere');
    expect(await releaseResource(elsewhere!)).toEqual({ released: false, unreachable: true, why: expect.stringMatching(/lives on the Docker engine at unix:\/\/\/var\/run\/other-docker.sock, and this run talks to unix:\/\/.*no-engine.sock/) });
    expect(listOwned()).toHaveLength(2);
  });

  test('tells a reused pid from the process it recorded', () => {
    const pid = startServer();
    expect(isProcessAlive(pid)).toBe(true);
    expect(isProcessAlive(pid, 'not-its-start-time')).toBe(false);
  });
});
