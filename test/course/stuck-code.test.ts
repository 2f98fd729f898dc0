import { cpSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { projectRoot, stateDir } from '../../harness/paths.ts';
import { modulesWithServers, quickFilter } from '../support/module-runs.ts';
import { runWb } from '../support/run-module.ts';
import { harnessServerPids } from '../support/server-processes.ts';

const root = path.join(stateDir, 'mutants', 'blocks-the-event-loop');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * The module's reference with every request stuck in a busy loop: its buildApp() is wrapped to
 * add a hook that never returns, the same way for any module whose service Fastify serves.
 */
function referenceThatBlocks(moduleId: string): string {
  const dir = path.join(root, moduleId);
  const tree = path.join(dir, moduleId);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(projectRoot, 'solutions', moduleId), tree, { recursive: true });
  renameSync(path.join(tree, 'index.ts'), path.join(tree, 'reference-index.ts'));
  writeFileSync(
    path.join(tree, 'index.ts'),
    `export * from './reference-index.ts';
import { buildApp as buildReference } from './reference-index.ts';

export async function buildApp(...args: Parameters<typeof buildReference>): ReturnType<typeof buildReference> {
  const app = await buildReference(...args);
  app.addHook('onRequest', async () => {
    for (;;) {}
  });
  return app;
}
`,
  );
  return dir;
}

describe.each(await modulesWithServers())('code that blocks the event loop in %s', (moduleId) => {
  test('stops the run with a sentence that names the test, instead of hanging, and leaves no server', async () => {
    const dir = referenceThatBlocks(moduleId);
    const filter = await quickFilter(moduleId);
    const before = harnessServerPids();
    // Its own servers (no WB_DEPS_FILE), so the check below sees whether the stuck run's are stopped.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', WB_STALL_SECONDS: '4' };
    delete env.WB_DEPS_FILE;
    const { code, output, seconds } = await runWb(['test', moduleId, '--target', dir, '-t', filter], env);
    expect(code, output).not.toBe(0);
    expect(output).toContain('The run is stuck');
    // A worker that blocks in the first test it runs cannot report even that it started it.
    expect(output).toMatch(new RegExp(`last in ('.*${filter}|the first test of the run)`));
    expect(output).toContain('blocking the event loop');
    expect(output).toMatch(/after the run: reaped \w+/);
    expect(seconds).toBeLessThan(30);
    expect([...harnessServerPids()].filter((pid) => !before.has(pid))).toEqual([]);
  });
});
