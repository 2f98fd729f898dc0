import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { listOwned } from '../../harness/deps/process/owned-resources.ts';
import { projectRoot } from '../../harness/paths.ts';
import { WbProcess } from '../support/wb-process.ts';

// `wb watch` as a learner runs it, driven through a pipe: the test saves a file and waits for the
// result of that save, then quits with `q`.

const stateDir = mkdtempSync(path.join(projectRoot, '.wb-test-state-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

/** A module's tree copied into the project (so its packages resolve), to edit freely. */
function treeCopy(from: 'exercises' | 'solutions', moduleId: string): { root: string; dir: string } {
  const root = mkdtempSync(path.join(stateDir, 'tree-'));
  cpSync(path.join(projectRoot, from, moduleId), path.join(root, moduleId), { recursive: true, filter: (source) => path.basename(source) !== 'mutants.ts' });
  return { root, dir: path.join(root, moduleId) };
}

function replaceIn(file: string, find: string, replace: string): void {
  const source = readFileSync(file, 'utf8');
  if (!source.includes(find)) throw new Error(`${file} no longer has ${JSON.stringify(find)}: update this test`);
  writeFileSync(file, source.replace(find, replace));
}

function watchProcess(args: string[], options: { ownServers?: boolean; env?: Record<string, string> } = {}): WbProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', WB_STATE_DIR: stateDir, WB_DEPS_FILE: inject('sharedDepsFile'), ...options.env };
  if (options.ownServers) delete env.WB_DEPS_FILE;
  return new WbProcess(['watch', ...args], env);
}

describe('wb watch', () => {
  test('re-runs on a save: the failing requirement first with expected vs got, then the module; q quits', async () => {
    const { root, dir } = treeCopy('solutions', '01-rest-api');
    replaceIn(path.join(dir, 'health.ts'), "return { status: 'ok' };", "return { status: 'broken' };");
    const watch = watchProcess(['01-rest-api', '--target', root]);
    try {
      const first = await watch.waitFor(/requirements pass · failing: health/);
      expect(first).toMatch(/✗ health +0\/3/);
      expect(first).toContain('see modules/01-rest-api/SPEC.md#health');
      expect(first).toContain('hint: npx wb hint 01-rest-api health');
      expect(first).toMatch(/load targets \(perf-read, perf-list\) run once every requirement above passes/);

      const mark = watch.output.length;
      replaceIn(path.join(dir, 'health.ts'), "return { status: 'broken' };", "return { status: 'ok' };");
      const after = await watch.waitFor(/18 of 18 requirements pass/, mark);
      expect(after).toMatch(/── [\d:]+ · health\.ts/);
      // The focus after the first run is health: the save's first result is health's, alone.
      expect(after).toMatch(/✓ health +3\/3 +2 tests\n {2}first result ([\d.]+) s after the save/);
      const seconds = Number(/first result ([\d.]+) s after the save/.exec(after)![1]);
      expect(seconds).toBeLessThan(10);

      watch.key('q');
      expect(await watch.exited).toBe(0);
    } finally {
      watch.signal('SIGKILL');
    }
  }, 180_000);

  test('on the stub, the first result is the first requirement, not implemented; a syntax error is said once; Ctrl-C stops its servers', async () => {
    const { root, dir } = treeCopy('exercises', '01-rest-api');
    const before = new Set(listOwned().map((resource) => resource.id));
    const watch = watchProcess(['01-rest-api', '--target', root], { ownServers: true });
    try {
      const first = await watch.waitFor(/requirements pass · failing: /);
      expect(first).toMatch(/✗ schema +0\/5 +.*not implemented/);
      expect(first).toMatch(/0 of 18 requirements pass/);

      const mark = watch.output.length;
      replaceIn(path.join(dir, 'health.ts'), 'export const healthRoutes', 'export const broken = (;\nexport const healthRoutes');
      const broken = await watch.waitFor(/requirements pass/, mark);
      expect(broken.match(/Your code failed to load/g)).toHaveLength(1);
      expect(broken).toMatch(/health\.ts:\d+:\d+/);
      expect(listOwned().filter((resource) => !before.has(resource.id)), 'the watch started its own servers').not.toEqual([]);
      watch.signal('SIGINT');
      expect(await watch.exited).toBe(130);
      expect(listOwned().filter((resource) => !before.has(resource.id)), 'servers left after Ctrl-C').toEqual([]);
    } finally {
      watch.signal('SIGKILL');
    }
  }, 180_000);

  test('watching one requirement runs only its tests; code that blocks the event loop fails its test, and the next save runs again', async () => {
    const { root, dir } = treeCopy('solutions', '01-rest-api');
    replaceIn(path.join(dir, 'health.ts'), "return { status: 'ok' };", 'for (;;) {}');
    // Long enough for a cold first import on a busy machine (3 s was not, in CI), short for a test.
    const watch = watchProcess(['01-rest-api', 'health', '--target', root], { env: { WB_STALL_SECONDS: '10' } });
    try {
      const stuck = await watch.waitFor(/first result [\d.]+ s after the save/);
      expect(stuck).toContain('The run is stuck');
      expect(stuck).toMatch(/✗ health +0\/3/);
      expect(stuck).toContain('blocked the event loop');
      expect(stuck).not.toMatch(/requirements pass/);

      const mark = watch.output.length;
      replaceIn(path.join(dir, 'health.ts'), 'for (;;) {}', "return { status: 'ok' };");
      const fixed = await watch.waitFor(/first result [\d.]+ s after the save/, mark);
      expect(fixed).toMatch(/✓ health +3\/3 +2 tests/);
      watch.key('q');
      expect(await watch.exited).toBe(0);
    } finally {
      watch.signal('SIGKILL');
    }
  }, 120_000);

  test('a module that passes, load targets included, is announced and the watch moves on to the next module', async () => {
    const { root } = treeCopy('solutions', '01-rest-api');
    cpSync(path.join(projectRoot, 'exercises', '02-caching'), path.join(root, '02-caching'), { recursive: true });
    const watch = watchProcess(['01-rest-api', '--target', root]);
    try {
      const passed = await watch.waitFor(/01-rest-api passed: 100\/100, every requirement and target\./, 0, 150_000);
      expect(passed).toContain('load targets measured');
      const mark = watch.output.indexOf('01-rest-api passed:');
      const next = await watch.waitFor(/wb watch 02-caching[\s\S]*requirements pass/, mark, 90_000);
      expect(next).toMatch(/not implemented/);
      watch.key('q');
      expect(await watch.exited).toBe(0);
    } finally {
      watch.signal('SIGKILL');
    }
  }, 300_000);
});
