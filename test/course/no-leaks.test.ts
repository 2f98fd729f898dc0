import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { listOwned, type OwnedResource } from '../../harness/deps/process/owned-resources.ts';
import { isProcessAlive } from '../../harness/deps/process/process-state.ts';
import { projectRoot } from '../../harness/paths.ts';
import { modulesWithServers, quickFilter } from '../support/module-runs.ts';
import { runModule } from '../support/run-module.ts';
import { expectNoServerProcessesSince, harnessServerDirs, harnessServerPids } from '../support/server-processes.ts';

const difference = <T>(after: Set<T>, before: Set<T>): T[] => [...after].filter((item) => !before.has(item));

/** `wb test` on the reference in its own process group, starting its own servers, as a learner runs it. */
function startLearnerRun(moduleId: string): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.WB_DEPS_FILE;
  return spawn(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), 'test', moduleId, '--target', 'solutions'], { cwd: projectRoot, env, detached: true, stdio: 'ignore' });
}

// Modules that start servers: a module without any has nothing to leak.
const withServers = await modulesWithServers();

/** The server the run records in the ledger once it has started one. */
async function serverStartedBy(before: Set<string>): Promise<OwnedResource & { pid: number; dir: string }> {
  return vi.waitFor(
    () => {
      const entry = listOwned().find((resource) => !before.has(resource.id) && resource.pid !== undefined && resource.dir);
      if (!entry) throw new Error('the run has not started its server yet');
      return entry as OwnedResource & { pid: number; dir: string };
    },
    { timeout: 30_000, interval: 50 },
  );
}

const exited = (child: ChildProcess): Promise<void> => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe.each(withServers)('nothing %s starts leaks', (moduleId) => {
  test('a finished run leaves no server process, data directory or ledger entry', async () => {
    const [pids, dirs, ledger] = [harnessServerPids(), harnessServerDirs(), new Set(listOwned().map((r) => r.id))];
    const run = await runModule({ module: moduleId, target: 'solutions', filter: await quickFilter(moduleId), ownDependencies: true });
    expect(run.scorecard.dependencies.join('\n')).toContain('started for this run');
    await expectNoServerProcessesSince(pids);
    expect(difference(harnessServerDirs(), dirs)).toEqual([]);
    expect(difference(new Set(listOwned().map((r) => r.id)), ledger)).toEqual([]);
  });

  test('Ctrl-C during a run stops its server and removes its data', async () => {
    const [before, pids] = [new Set(listOwned().map((r) => r.id)), harnessServerPids()];
    const child = startLearnerRun(moduleId);
    try {
      const server = await serverStartedBy(before);
      // A terminal's Ctrl-C signals the whole foreground process group.
      process.kill(-child.pid!, 'SIGINT');
      await exited(child);
      expect(isProcessAlive(server.pid, server.pidStartTime), 'the server outlived Ctrl-C').toBe(false);
      expect(existsSync(server.dir), 'the data directory outlived Ctrl-C').toBe(false);
      expect(listOwned().some((r) => r.id === server.id)).toBe(false);
      // Nor any process it started (RabbitMQ's epmd and Erlang's helpers included).
      await expectNoServerProcessesSince(pids);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  });

  test('a run killed with SIGKILL leaves a server that the next run reaps', async () => {
    const [before, pids] = [new Set(listOwned().map((r) => r.id)), harnessServerPids()];
    const child = startLearnerRun(moduleId);
    const server = await serverStartedBy(before);
    process.kill(-child.pid!, 'SIGKILL');
    await exited(child);
    // Nothing can clean up after SIGKILL: the server is still there...
    expect(isProcessAlive(server.pid, server.pidStartTime), 'the scenario needs the server to survive SIGKILL').toBe(true);
    // ...until the next run, which reaps it before it starts its own.
    const next = await runModule({ module: moduleId, target: 'solutions', filter: await quickFilter(moduleId), ownDependencies: true });
    expect(next.scorecard.dependencies.join('\n')).toMatch(new RegExp(`reaped ${server.kind} \\(native`));
    expect(isProcessAlive(server.pid, server.pidStartTime)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
    expect(listOwned().some((r) => r.id === server.id)).toBe(false);
    await expectNoServerProcessesSince(pids);
  });
});
