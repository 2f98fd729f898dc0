import path from 'node:path';
import type { UserConfig } from 'vite';
import { createVitest, type CliOptions } from 'vitest/node';
import { backendSetting, chooseBackend } from '../../deps/backend.ts';
import { readDepsState } from '../../deps/deps-state.ts';
import { freePort } from '../../deps/free-port.ts';
import { reapOrphans } from '../../deps/process/owned-resources.ts';
import { currentModule, trackProgress } from '../../learner/progress.ts';
import { loadModule, resolveModuleId } from '../../modules.ts';
import { projectRoot } from '../../paths.ts';
import { resolveTargetRoot } from '../../target.ts';
import { keepingSignals } from '../../vitest/keep-signals.ts';
import { moduleRunConfig } from '../../vitest/module-run-config.ts';
import { paint, say } from '../output.ts';

export interface UiCommandOptions {
  /** Default: the first module not passed. */
  readonly module?: string;
  readonly target: string;
  /** Port on 127.0.0.1. Default: a free one. */
  readonly port?: number;
  /** Called with the UI's address once it serves (the project's tests open it in a browser). */
  readonly onReady?: (url: string) => void;
}

/**
 * `wb ui`: @vitest/ui on one module's graded tests against the learner's tree, served on loopback
 * only, with the module's servers started once by the same global set-up as `wb test` (vitest's
 * Node API, in watch mode: a save re-runs what it touches). Ctrl-C closes vitest, which stops the
 * servers; a run killed outright is reaped by the next one.
 */
export async function uiCommand(options: UiCommandOptions): Promise<number> {
  const moduleId = options.module ? resolveModuleId(options.module) : (currentModule(await trackProgress())?.manifest.id ?? resolveModuleId('01'));
  const targetRoot = resolveTargetRoot(options.target, moduleId);
  backendSetting();
  if (!readDepsState(process.env.WB_DEPS_FILE || undefined)) await chooseBackend((await loadModule(moduleId)).dependencies);
  const port = options.port ?? (await freePort());
  say(paint('bold', `wb ui ${moduleId}`) + paint('dim', ` · target ${options.target} (${path.relative(projectRoot, targetRoot) || targetRoot}) · starting its servers`));
  process.env.WB_MODULE = moduleId;
  process.env.WB_TARGET = options.target;
  const config = await moduleRunConfig({ moduleId, target: options.target });
  const cli: CliOptions = { config: false, watch: true, ui: true, open: false, api: { host: '127.0.0.1', port, strictPort: true } };
  const vitest = await keepingSignals(() => createVitest(cli, config as UserConfig));
  let stop: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => (stop = resolve));
  const onSignal = (): void => stop(130);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const url = new URL(vitest.config.uiBase, `http://127.0.0.1:${port}`);
    // The UI asks for this token (vitest's guard against other local pages driving it).
    url.searchParams.set('token', vitest.config.api.token);
    const running = vitest.start();
    say(`${paint('green', 'vitest UI')} on ${paint('bold', url.href)} · Ctrl-C stops it and the servers`);
    options.onReady?.(url.href);
    await Promise.race([running, stopped]);
    return await stopped;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await vitest.close();
    for (const line of await reapOrphans()) say(paint('dim', `after the run: ${line}`));
  }
}
