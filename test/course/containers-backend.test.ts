import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { listOwnedContainers, type OwnedContainer } from '../../harness/deps/containers/docker-client.ts';
import { dockerEngineAnswers } from '../../harness/deps/docker-engine.ts';
import { projectRoot } from '../../harness/paths.ts';
import { images } from '../../harness/deps/images.ts';
import { dependencyKinds } from '../../harness/modules.ts';
import { modulesWithServers, quickFilter } from '../support/module-runs.ts';
import { runModule } from '../support/run-module.ts';

// CI sets WB_REQUIRE_DOCKER=1 so that a missing engine fails here instead of skipping.
const required = process.env.WB_REQUIRE_DOCKER === '1';
const available = await dockerEngineAnswers();
const withServers = await modulesWithServers();
const kinds = await dependencyKinds();

// Every check asks the engine for the containers that carry the harness's label, never the
// ledger: the ledger is what a leak would get wrong.
const ids = async (): Promise<Set<string>> => new Set((await listOwnedContainers()).map((container) => container.id));
const added = async (before: Set<string>): Promise<OwnedContainer[]> => (await listOwnedContainers()).filter((container) => !before.has(container.id));

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const result: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', WB_DEPS: 'containers', ...extra };
  delete result.WB_DEPS_FILE;
  return result;
};

/** `wb test` on the reference in its own process group, starting its own containers, as a learner runs it. */
const startLearnerRun = (moduleId: string): ChildProcess =>
  spawn(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), 'test', moduleId, '--target', 'solutions'], { cwd: projectRoot, env: env(), detached: true, stdio: 'ignore' });

const exited = (child: ChildProcess): Promise<void> => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Waits for the run's container to appear in the engine, in one of the given states. */
const containerOf = (before: Set<string>, states: readonly string[]): Promise<OwnedContainer> =>
  vi.waitFor(
    async () => {
      const found = (await added(before)).find((container) => states.includes(container.state));
      if (!found) throw new Error(`no new labelled container is ${states.join(' or ')} yet`);
      return found;
    },
    { timeout: 60_000, interval: 25 },
  );

/** `wb` with a state dir of its own, so that a developer's `wb deps up` is left alone. */
const wbWith =
  (stateDir: string) =>
  (args: string[], extra: Record<string, string> = {}): { code: number | null; out: string } => {
    const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), ...args], { cwd: projectRoot, encoding: 'utf8', env: env({ WB_STATE_DIR: stateDir, ...extra }), timeout: 120_000 });
    return { code: result.status, out: `${result.stdout}${result.stderr}` };
  };

/** The next learner run, which must remove what a killed run left before it starts its own. */
async function nextRunReaps(moduleId: string, left: OwnedContainer, before: Set<string>): Promise<void> {
  const next = await runModule({ module: moduleId, target: 'solutions', filter: await quickFilter(moduleId), ownDependencies: true, env: { WB_DEPS: 'containers' } });
  expect(next.scorecard.dependencies.join('\n'), next.output).toMatch(/reaped \w+ \(containers/);
  expect((await listOwnedContainers()).map((container) => container.id)).not.toContain(left.id);
  expect(await added(before), 'containers left after the next run').toEqual([]);
}

describe.skipIf(!available && !required)(`the containers backend${available ? '' : ' (needs a Docker engine: skipped without one unless WB_REQUIRE_DOCKER=1)'}`, () => {
  const stateDir = mkdtempSync(path.join(projectRoot, '.wb-test-state-'));
  const wb = wbWith(stateDir);
  afterAll(() => {
    wb(['deps', 'down']);
    rmSync(stateDir, { recursive: true, force: true });
  });

  test('a Docker engine answers', () => {
    expect(available, 'WB_REQUIRE_DOCKER=1 but no Docker engine answers (DOCKER_HOST?)').toBe(true);
  });

  test('deps up starts a container per kind, each publishing on 127.0.0.1 only, and deps down removes them', async () => {
    const before = await ids();
    const up = wb(['deps', 'up']);
    expect(up.code, up.out).toBe(0);
    const kept = await added(before);
    expect(kept.map((container) => container.state)).toEqual(kinds.map(() => 'running'));
    for (const container of kept) {
      expect(container.published.length).toBeGreaterThan(0);
      expect(container.published.every((address) => address.startsWith('127.0.0.1:')), `published on ${container.published.join(', ')}`).toBe(true);
    }
    const down = wb(['deps', 'down']);
    expect(down.code, down.out).toBe(0);
    expect(down.out).toMatch(/✓ stopped \w+ \(containers, container [0-9a-f]{12}\) and removed its container/);
    expect(await added(before), 'containers left after deps down').toEqual([]);
  });
});

describe.skipIf(!available && !required).each(withServers)('the containers backend, %s', (moduleId) => {
  const stateDir = mkdtempSync(path.join(projectRoot, '.wb-test-state-'));
  const wb = wbWith(stateDir);
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  test('grades the reference against its servers in containers, then removes them', async () => {
    const before = await ids();
    const run = await runModule({ module: moduleId, target: 'solutions', ownDependencies: true, env: { WB_DEPS: 'containers' } });
    expect(run.scorecard.dependencies.join('\n'), run.output).toMatch(/containers, started for this run/);
    const failed = run.scorecard.requirements.filter((requirement) => requirement.status !== 'passed').map((requirement) => requirement.id);
    expect(failed, run.output).toEqual([]);
    expect(await added(before), 'containers left after a finished run').toEqual([]);
    console.log(`${moduleId} reference on containers: ${run.scorecard.counts.passed} tests in ${run.seconds.toFixed(1)} s`);
  });

  test('Ctrl-C during a run leaves no container', async () => {
    const before = await ids();
    const child = startLearnerRun(moduleId);
    try {
      await containerOf(before, ['running']);
      // A terminal's Ctrl-C signals the whole foreground process group.
      process.kill(-child.pid!, 'SIGINT');
      await exited(child);
      expect(await added(before), 'containers left after Ctrl-C').toEqual([]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  });

  test('SIGKILL while the container starts leaves one that the next run removes', async () => {
    const before = await ids();
    const child = startLearnerRun(moduleId);
    const starting = await containerOf(before, ['created', 'running']);
    process.kill(-child.pid!, 'SIGKILL');
    await exited(child);
    await nextRunReaps(moduleId, starting, before);
  });

  test('SIGKILL in the middle of the run leaves one that the next run removes', async () => {
    const before = await ids();
    const child = startLearnerRun(moduleId);
    const running = await containerOf(before, ['running']);
    // Into the tests: the container is up, and the run is using it.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    process.kill(-child.pid!, 'SIGKILL');
    await exited(child);
    expect((await listOwnedContainers()).map((container) => container.id), 'the scenario needs the container to survive SIGKILL').toContain(running.id);
    await nextRunReaps(moduleId, running, before);
  });

  test('with images the engine can neither find nor pull, auto falls back to native and doctor says so', async () => {
    const missing = { WB_DEPS: 'auto', ...Object.fromEntries(Object.values(images).map((image) => [image.env, 'workbench/no-such-image:0'])) };
    const doctor = wb(['doctor'], missing);
    expect(doctor.out).toMatch(/image workbench\/no-such-image:0 .*cannot pull it/);
    expect(doctor.out).toMatch(/backend\s+WB_DEPS=auto → native \(auto: the Docker engine at .* has no image workbench\/no-such-image:0 and cannot pull it/);
    const run = wb(['test', moduleId, '--target', 'solutions', '-t', await quickFilter(moduleId)], missing);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/backend native \(auto: the Docker engine at .* has no image workbench\/no-such-image:0/);
  });
});
