import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { acquireDependencies } from '../../harness/deps/acquire-dependencies.ts';
import { writeDepsState } from '../../harness/deps/deps-state.ts';
import { dependencyKinds } from '../../harness/modules.ts';
import '../../harness/vitest/provided-context.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** A deps-state file for child `wb test` runs (WB_DEPS_FILE), so they share one server. */
    sharedDepsFile: string;
  }
}

/** One server of each kind the modules use, for all the course checks' module runs, instead of one per run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const session = await acquireDependencies(await dependencyKinds());
  const dir = mkdtempSync(path.join(tmpdir(), 'wb-self-test-'));
  const file = path.join(dir, 'deps.json');
  const backend = Object.values(session.infos)[0]?.backend ?? 'native';
  writeDepsState({ backend, startedAt: new Date().toISOString(), infos: session.infos }, file);
  project.provide('sharedDepsFile', file);
  // In-process tests (the API fuzz) make their databases on the same server, through createTestDatabase.
  project.provide('wbDeps', session.infos);
  return async () => {
    await session.release();
    rmSync(dir, { recursive: true, force: true });
  };
}
