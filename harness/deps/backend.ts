import { WorkbenchError } from '../errors.ts';
import type { DependencyKind } from '../manifest.ts';
import { dockerEndpoint, dockerEngineAnswers } from './docker-engine.ts';
import { findPostgresBinaries, postgresInstallHint } from './postgres/find-postgres.ts';
import type { Backend } from './types.ts';

export type BackendSetting = 'auto' | Backend;

export function backendSetting(value = process.env.WB_DEPS): BackendSetting {
  const setting = (value?.trim() || 'auto').toLowerCase();
  if (setting === 'auto' || setting === 'native' || setting === 'containers') return setting;
  throw new WorkbenchError('WB_ERR_DEPS_BACKEND_INVALID', { value: value ?? '' });
}

export interface BackendChoice {
  readonly backend: Backend;
  /** Why, in a few words, for the run's header: "a Docker engine answers at unix:///…". */
  readonly reason: string;
}

/** What is missing for the native backend of each kind, or undefined when it is there. */
export function nativeMissing(kind: DependencyKind): { missing: string; install: string } | undefined {
  switch (kind) {
    case 'postgres':
      return findPostgresBinaries() ? undefined : { missing: 'no `initdb` on PATH or under /usr/lib/postgresql', install: postgresInstallHint() };
  }
}

/**
 * WB_DEPS=auto picks containers when a Docker engine answers, else native; an explicit setting
 * is obeyed, and fails with the fix when its backend is missing.
 */
export async function chooseBackend(kinds: readonly DependencyKind[], setting = backendSetting()): Promise<BackendChoice> {
  if (setting === 'containers') {
    if (!(await dockerEngineAnswers())) throw new WorkbenchError('WB_ERR_DEPS_DOCKER_UNAVAILABLE', { where: dockerEndpoint() });
    return { backend: 'containers', reason: `WB_DEPS=containers, Docker at ${dockerEndpoint()}` };
  }
  const missing = kinds.map((kind) => ({ kind, gap: nativeMissing(kind) })).find((entry) => entry.gap);
  if (setting === 'native') {
    if (missing?.gap) throw new WorkbenchError('WB_ERR_DEPS_NATIVE_MISSING', missing.gap);
    return { backend: 'native', reason: 'WB_DEPS=native' };
  }
  if (await dockerEngineAnswers()) return { backend: 'containers', reason: `auto: a Docker engine answers at ${dockerEndpoint()}` };
  if (missing?.gap) throw new WorkbenchError('WB_ERR_DEPS_MISSING', { kind: missing.kind, ...missing.gap });
  return { backend: 'native', reason: 'auto: no Docker engine answers, native servers found' };
}
