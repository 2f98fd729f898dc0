import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Scorecard } from '../../harness/grading/scorecard.ts';
import { projectRoot, stateDir } from '../../harness/paths.ts';
import { modulesWithServers, quickFilter } from '../support/module-runs.ts';
import { runWb } from '../support/run-module.ts';
import { expectNoServerProcessesSince, harnessServerPids } from '../support/server-processes.ts';

const root = path.join(stateDir, 'mutants', 'stuck-code');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What the code under test does to its own process on the first request it serves. */
const MISBEHAVIOURS = {
  'blocks the event loop': 'for (;;) {}',
  'kills its own process': "process.kill(process.pid, 'SIGKILL');",
} as const;

/**
 * The module's reference, wrapped so that the first time its code is entered in a run, in any
 * process, it misbehaves (a marker file makes it once per run, not once per worker); every later
 * call is the reference's own. A module served by Fastify (`buildApp`) misbehaves on the first
 * request any of its apps serves; any other on the first call of a function its index exports.
 */
function referenceThatMisbehavesOnce(moduleId: string, misbehaviour: keyof typeof MISBEHAVIOURS, marker: string): string {
  const dir = path.join(root, `${moduleId}-${misbehaviour.replaceAll(' ', '-')}`);
  const tree = path.join(dir, moduleId);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(projectRoot, 'solutions', moduleId), tree, { recursive: true });
  renameSync(path.join(tree, 'index.ts'), path.join(tree, 'reference-index.ts'));
  const once = `function misbehaveOnce(): void {
  try {
    writeFileSync(${JSON.stringify(marker)}, 'once', { flag: 'wx' });
  } catch {
    return;
  }
  ${MISBEHAVIOURS[misbehaviour]}
}`;
  const source = readFileSync(path.join(tree, 'reference-index.ts'), 'utf8');
  const functions = [...source.matchAll(/^export \{ (\w+) \} from/gm)].map((match) => match[1]!);
  const wrappers = /\bbuildApp\b/.test(source)
    ? [
        `export async function buildApp(...args: Parameters<typeof reference.buildApp>): ReturnType<typeof reference.buildApp> {
  const app = await reference.buildApp(...args);
  app.addHook('onRequest', async () => misbehaveOnce());
  return app;
}`,
      ]
    : functions.map(
        (name) => `export function ${name}(...args: Parameters<typeof reference.${name}>): ReturnType<typeof reference.${name}> {
  misbehaveOnce();
  return reference.${name}(...args);
}`,
      );
  writeFileSync(
    path.join(tree, 'index.ts'),
    [`import { writeFileSync } from 'node:fs';`, `import * as reference from './reference-index.ts';`, `export * from './reference-index.ts';`, '', once, '', ...wrappers, ''].join('\n'),
  );
  return dir;
}

describe.each(await modulesWithServers())('code that misbehaves in %s', (moduleId) => {
  test.each(Object.keys(MISBEHAVIOURS) as (keyof typeof MISBEHAVIOURS)[])('%s: that test fails with a sentence that says so, the rest of the run goes on, and no server is left', async (misbehaviour) => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'wb-stuck-'));
    try {
      const dir = referenceThatMisbehavesOnce(moduleId, misbehaviour, path.join(scratch, 'misbehaved'));
      const json = path.join(scratch, 'scorecard.json');
      const before = harnessServerPids();
      // Its own servers (no WB_DEPS_FILE), so the check below sees whether every part's are stopped.
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', WB_STALL_SECONDS: '4' };
      delete env.WB_DEPS_FILE;
      const { code, output, seconds } = await runWb(['test', moduleId, '--target', dir, '-t', await quickFilter(moduleId), '--json', json], env);
      expect(code, output).not.toBe(0);
      const card = JSON.parse(readFileSync(json, 'utf8')) as Scorecard;
      const tests = card.requirements.flatMap((requirement) => requirement.tests).filter((outcome) => outcome.state !== 'skipped');
      const failed = tests.filter((outcome) => outcome.state === 'failed');
      // Exactly the test that met the misbehaviour failed, with what happened in words...
      expect(failed.map((outcome) => outcome.error?.message), output).toHaveLength(1);
      expect(failed[0]!.error?.message).toContain(misbehaviour === 'blocks the event loop' ? 'blocked the event loop: nothing happened for 4 s' : 'killed the test process');
      if (misbehaviour === 'blocks the event loop') expect(output).toContain('The run is stuck');
      // ...and every test after it still ran, in a new worker, and passed.
      expect(tests.length).toBeGreaterThanOrEqual(3);
      // Each test once: the part after the dead worker skipped what the part before it ran.
      expect(new Set(tests.map((outcome) => `${outcome.file} ${outcome.name}`)).size).toBe(tests.length);
      expect(tests.filter((outcome) => outcome.state === 'passed')).toHaveLength(tests.length - 1);
      expect(output).toContain('going on with the tests after');
      expect(card.runErrors, 'the dead worker is charged to its test, not to the whole run').toEqual([]);
      expect(seconds).toBeLessThan(40);
      await expectNoServerProcessesSince(before);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
