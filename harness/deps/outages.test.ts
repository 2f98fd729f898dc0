import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../paths.ts';
import { reapOrphans } from './process/owned-resources.ts';
import type { DependencyKind } from '../manifest.ts';
import { dependencyKinds } from '../modules.ts';
import { providerOf } from './providers.ts';
import { startDependency } from './start-dependency.ts';
import { expectNoServerProcessesSince, harnessServerPids } from '../../test/support/server-processes.ts';

// The outages a module's tests cause (Redis stopped mid-test, a broker restarted), on every kind
// some module uses, natively; test/course/containers-backend.test.ts does the same in containers.
const kinds: DependencyKind[] = (await dependencyKinds()).filter((kind) => !providerOf(kind).nativeMissing());

describe.each(kinds)('a native %s server', (kind) => {
  it('halts, crashes, freezes and resumes on the same port, answers again each time, and leaves no process behind', async () => {
    const provider = providerOf(kind);
    const before = harnessServerPids();
    const server = await startDependency(kind, { backend: 'native' });
    const address = `${server.info.host}:${server.info.port}`;
    expect(await provider.ping(server.info)).toMatch(/\d/);

    await server.halt();
    expect(await provider.ping(server.info, 300), 'a halted server answers nothing').toBeUndefined();
    await server.resume();
    expect(`${server.info.host}:${server.info.port}`).toBe(address);
    expect(await provider.ping(server.info), 'a resumed server answers').toMatch(/\d/);

    await server.freeze();
    const started = performance.now();
    expect(await provider.ping(server.info, 300), 'a frozen server answers nothing').toBeUndefined();
    expect(performance.now() - started, 'a frozen server keeps its port: the ping waits out its timeout').toBeGreaterThanOrEqual(250);
    await server.resume();
    expect(await provider.ping(server.info), 'a thawed server answers').toMatch(/\d/);

    await server.crash();
    expect(await provider.ping(server.info, 300), 'a killed server answers nothing').toBeUndefined();
    await server.resume();
    expect(await provider.ping(server.info), 'a server started again after a crash answers').toMatch(/\d/);

    await server.stop();
    // Helpers a server starts go with it, through every halt and crash: RabbitMQ's epmd (which the
    // harness stops with the group), and Erlang's port helpers (which leave once the broker is gone).
    await expectNoServerProcessesSince(before);
  });
});

describe.each(kinds)('a native %s server whose owner exits at once', (kind) => {
  it('goes with its owner, helpers included, and the next run reaps what is left of it', async () => {
    const before = harnessServerPids();
    // The owner starts the server and exits with nothing awaited: only its exit handler runs.
    const script = `import { startDependency } from ${JSON.stringify(path.join(projectRoot, 'harness/deps/start-dependency.ts'))};
import { releaseOwnedSync } from ${JSON.stringify(path.join(projectRoot, 'harness/deps/process/owned-resources.ts'))};
process.once('exit', () => releaseOwnedSync());
await startDependency(${JSON.stringify(kind)}, { backend: 'native' });
process.exit(0);`;
    const owner = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot, encoding: 'utf8' });
    expect(owner.status, owner.stderr).toBe(0);
    await expectNoServerProcessesSince(before, 5000);
    await reapOrphans();
  });
});
