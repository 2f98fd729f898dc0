import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { listOwnedContainers, type OwnedContainer } from '../../harness/deps/containers/docker-client.ts';
import { dockerEngineAnswers } from '../../harness/deps/docker-engine.ts';
import { projectRoot } from '../../harness/paths.ts';
import { runModule } from '../support/run-module.ts';

// CI sets WB_REQUIRE_DOCKER=1 so that a missing engine fails here instead of skipping.
const required = process.env.WB_REQUIRE_DOCKER === '1';
const available = await dockerEngineAnswers();

// Every check asks the engine for the containers that carry the harness's label, never the
// ledger: the ledger is what a leak would get wrong.
const ids = async (): Promise<Set<string>> => new Set((await listOwnedContainers()).map((container) => container.id));
const added = async (before: Set<string>): Promise<OwnedContainer[]> => (await listOwnedContainers()).filter((container) => !before.has(container.id));

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const result: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', WB_DEPS: 'containers', ...extra };
  delete result.WB_DEPS_FILE;
  return result;
};

/** `wb test` on the reference in its own process group, starting its own container, as a learner runs it. */
const startLearnerRun = (): ChildProcess =>
  spawn(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), 'test', '01-rest-api', '--target', 'solutions'], { cwd: projectRoot, env: env(), detached: true, stdio: 'ignore' });

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

/** The next learner run, which must remove what a killed run left before it starts its own. */
async function nextRunReaps(left: OwnedContainer, before: Set<string>): Promise<void> {
  const next = await runModule({ module: '01-rest-api', target: 'solutions', filter: '\\[health\\]', ownDependencies: true, env: { WB_DEPS: 'containers' } });
  expect(next.scorecard.dependencies.join('\n'), next.output).toMatch(/reaped postgres \(containers/);
  expect((await listOwnedContainers()).map((container) => container.id)).not.toContain(left.id);
  expect(await added(before), 'containers left after the next run').toEqual([]);
}

describe.skipIf(!available && !required)(`the containers backend${available ? '' : ' (needs a Docker engine: skipped without one unless WB_REQUIRE_DOCKER=1)'}`, () => {
  const stateDir = mkdtempSync(path.join(projectRoot, '.wb-test-state-'));
  const wb = (args: string[], extra: Record<string, string> = {}) => {
    const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), ...args], { cwd: projectRoot, encoding: 'utf8', env: env({ WB_STATE_DIR: stateDir, ...extra }), timeout: 120_000 });
    return { code: result.status, out: `${result.stdout}${result.stderr}` };
  };
  afterAll(() => {
    wb(['deps', 'down']);
    rmSync(stateDir, { recursive: true, force: true });
  });

  test('grades the 01-rest-api reference against PostgreSQL in a container, then removes it', async () => {
    expect(available, 'WB_REQUIRE_DOCKER=1 but no Docker engine answers (DOCKER_HOST?)').toBe(true);
    const before = await ids();
    const run = await runModule({ module: '01-rest-api', target: 'solutions', ownDependencies: true, env: { WB_DEPS: 'containers' } });
    expect(run.scorecard.dependencies.join('\n'), run.output).toMatch(/containers, started for this run/);
    const failed = run.scorecard.requirements.filter((requirement) => requirement.status !== 'passed').map((requirement) => requirement.id);
    expect(failed, run.output).toEqual([]);
    expect(await added(before), 'containers left after a finished run').toEqual([]);
    console.log(`01-rest-api reference on containers: ${run.scorecard.counts.passed} tests in ${run.seconds.toFixed(1)} s`);
  });

  test('deps up starts a container that publishes on 127.0.0.1 only, and deps down removes it', async () => {
    const before = await ids();
    const up = wb(['deps', 'up']);
    expect(up.code, up.out).toBe(0);
    const [kept, ...more] = await added(before);
    expect(more).toEqual([]);
    expect(kept?.state).toBe('running');
    expect(kept?.published.length).toBeGreaterThan(0);
    expect(kept?.published.every((address) => address.startsWith('127.0.0.1:')), `published on ${kept?.published.join(', ')}`).toBe(true);
    const down = wb(['deps', 'down']);
    expect(down.code, down.out).toBe(0);
    expect(down.out).toMatch(/✓ stopped postgres \(containers, container [0-9a-f]{12}\) and removed its container/);
    expect(await added(before), 'containers left after deps down').toEqual([]);
  });

  test('Ctrl-C during a run leaves no container', async () => {
    const before = await ids();
    const child = startLearnerRun();
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
    const child = startLearnerRun();
    const starting = await containerOf(before, ['created', 'running']);
    process.kill(-child.pid!, 'SIGKILL');
    await exited(child);
    await nextRunReaps(starting, before);
  });

  test('SIGKILL in the middle of the run leaves one that the next run removes', async () => {
    const before = await ids();
    const child = startLearnerRun();
    const running = await containerOf(before, ['running']);
    // Into the tests: the container is up, and the run is using it.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    process.kill(-child.pid!, 'SIGKILL');
    await exited(child);
    expect((await listOwnedContainers()).map((container) => container.id), 'the scenario needs the container to survive SIGKILL').toContain(running.id);
    await nextRunReaps(running, before);
  });

  test('with an image the engine can neither find nor pull, auto falls back to native and doctor says so', () => {
    const missing = { WB_DEPS: 'auto', WB_POSTGRES_IMAGE: 'workbench/no-such-image:0' };
    const doctor = wb(['doctor'], missing);
    expect(doctor.out).toMatch(/image workbench\/no-such-image:0 .*cannot pull it/);
    expect(doctor.out).toMatch(/backend\s+WB_DEPS=auto → native \(auto: the Docker engine at .* has no image workbench\/no-such-image:0 and cannot pull it/);
    const run = wb(['test', '01-rest-api', '--target', 'solutions', '-t', '\\[health\\]'], missing);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/backend native \(auto: the Docker engine at .* has no image workbench\/no-such-image:0/);
  });
});
