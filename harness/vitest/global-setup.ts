import type { TestProject } from 'vitest/node';
import { acquireDependencies } from '../deps/acquire-dependencies.ts';
import { providerOf } from '../deps/providers.ts';
import { loadModule } from '../modules.ts';
import './provided-context.ts';

/**
 * Starts (or reuses) a module's servers once per run, before any test file, and hands their
 * details to the test workers through `provide`. Teardown stops only what this run started.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const moduleId = project.config.env.WB_MODULE ?? process.env.WB_MODULE;
  if (!moduleId) throw new Error('WB_MODULE is not set: run module tests with `npx wb test <module>`.');
  const manifest = await loadModule(moduleId);
  const session = await acquireDependencies(manifest.dependencies);
  for (const kind of manifest.dependencies) {
    const info = session.infos[kind];
    if (info) await providerOf(kind).sweepStale?.(info);
  }
  project.provide('wbDeps', session.infos);
  project.provide('wbModule', manifest.id);
  // For the scorecard reporter, in this same process: vite's module runner loads this file, so
  // the reporter shares no module instance with it, only the process.
  process.env.WB_DEPS_SUMMARY = JSON.stringify(session.summary);
  process.env.WB_DEPS_SERVERS = JSON.stringify(Object.values(session.infos).map((info) => ({ kind: info.kind, backend: info.backend, version: info.serverVersion })));
  return () => session.release();
}
