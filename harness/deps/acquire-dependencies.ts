import type { DependencyKind } from '../manifest.ts';
import { backendSetting, chooseBackend } from './backend.ts';
import { readDepsState } from './deps-state.ts';
import { providerOf } from './providers.ts';
import { reapOrphans, releaseOwnedSync } from './process/owned-resources.ts';
import { startDependency } from './start-dependency.ts';
import { withProgress } from '../terminal-progress.ts';
import type { DependencyInfo, DependencyInfos, Started } from './types.ts';

export interface DependencySession {
  readonly infos: DependencyInfos;
  /** Lines for the run's header: which backend, where, and whether reused. */
  readonly summary: string[];
  /** Stops what this session started; leaves reused servers running. */
  release(): Promise<void>;
}

/**
 * The servers a module run needs, started once per run and shared by its test files: reused from
 * a parent run (WB_DEPS_FILE) or from `wb deps up` when those are alive, started fresh otherwise.
 */
export async function acquireDependencies(kinds: readonly DependencyKind[]): Promise<DependencySession> {
  if (kinds.length === 0) return { infos: {}, summary: ['dependencies: none'], release: async () => {} };
  const summary = await reapOrphans();
  const setting = backendSetting();

  const parentFile = process.env.WB_DEPS_FILE;
  const reusable = parentFile ? readDepsState(parentFile) : readDepsState();
  if (reusable && (setting === 'auto' || setting === reusable.backend) && (await serversAnswer(reusable.infos, kinds))) {
    const from = parentFile ? 'the parent run' : '`wb deps up`';
    return { infos: reusable.infos, summary: [...summary, ...describe(reusable.infos, `reused from ${from}`)], release: async () => {} };
  }

  const choice = await chooseBackend(kinds, setting);
  const started: Started<DependencyInfo>[] = [];
  const onExit = (): void => releaseOwnedSync();
  process.once('exit', onExit);
  try {
    for (const kind of kinds) {
      const what = choice.backend === 'containers' ? `starting ${kind} in a container (its image is pulled first if missing)` : `starting ${kind} (native)`;
      started.push(await withProgress(what, () => startDependency(kind, { backend: choice.backend })));
    }
  } catch (error) {
    await Promise.allSettled(started.map((server) => server.stop()));
    process.off('exit', onExit);
    throw error;
  }
  const infos: DependencyInfos = Object.fromEntries(started.map((server) => [server.info.kind, server.info]));
  return {
    infos,
    summary: [...summary, `backend ${choice.backend} (${choice.reason})`, ...describe(infos, 'started for this run')],
    release: async () => {
      await Promise.allSettled(started.map((server) => server.stop()));
      process.off('exit', onExit);
    },
  };
}

/** Whether a server of every kind is recorded and answers. */
export async function serversAnswer(infos: DependencyInfos, kinds: readonly DependencyKind[]): Promise<boolean> {
  for (const kind of kinds) {
    const info = infos[kind];
    if (!info || !(await providerOf(kind).ping(info))) return false;
  }
  return true;
}

function describe(infos: DependencyInfos, how: string): string[] {
  return Object.values(infos).map((info: DependencyInfo) => `${info.kind}: ${info.serverVersion} at ${info.host}:${info.port} (${info.backend}, ${how})`);
}
