import { createInterface } from 'node:readline';
import { emitKeypressEvents } from 'node:readline';
import { reapOrphans } from '../../deps/process/owned-resources.ts';
import { lastResultFile, writeScorecardFile } from '../../grading/scorecard-reporter.ts';
import { currentModule, trackProgress } from '../../learner/progress.ts';
import { resolveRequirement } from '../../learner/requirement-arg.ts';
import { typeCheckable, typeCheckModule } from '../../learner/typecheck.ts';
import { ModuleWatch, type WatchEvent } from '../../learner/watch/module-watch.ts';
import { WatchPrinter } from '../../learner/watch/watch-printer.ts';
import { listModuleIds, loadModule, resolveModuleId } from '../../modules.ts';
import { resolveTargetRoot } from '../../target.ts';
import { paint, say } from '../output.ts';

export interface WatchCommandOptions {
  /** Default: the first module not passed. */
  readonly module?: string;
  /** Watch one requirement of the module alone. */
  readonly requirement?: string;
  readonly target: string;
}

const KEYS = 'keys: a run all again · l run the load targets · q quit';

/**
 * `wb watch`: grades the module on every save, with its servers and one vitest kept between runs;
 * when the module passes (every requirement and target, measured on the same code) it is recorded
 * as the learner's result and the watch moves on to the next module.
 */
export async function watchCommand(options: WatchCommandOptions): Promise<number> {
  let moduleId: string | undefined = options.module ? resolveModuleId(options.module) : currentModule(await trackProgress())?.manifest.id;
  if (!moduleId) {
    say(`${paint('green', 'Every module passed.')} Name one to watch it anyway: \`npx wb watch 01-rest-api\`.`);
    return 0;
  }
  let watch: ModuleWatch | undefined;
  let quit: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (quit = resolve));
  const stopInput = listenForKeys((key) => {
    if (key === 'q') quit(0);
    if (key === 'a') void watch?.runNow('run all (a)');
    if (key === 'l') void watch?.runNow('load targets (l)', { load: true });
  });
  const onSignal = (): void => quit(130);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let advance: ((next: string) => void) | undefined;
  let first = true;
  try {
    while (moduleId) {
      const next = new Promise<string>((resolve) => (advance = resolve));
      say(paint('bold', `wb watch ${moduleId}`) + paint('dim', ` · starting its servers and vitest once; then every save in exercises/${moduleId}/ re-runs it`));
      const started = performance.now();
      const manifest = await loadModule(moduleId);
      const printer = new WatchPrinter(manifest, (line) => say(line));
      // A requirement named on the command line pins the first module's watch to it.
      const requirement = options.requirement && first ? resolveRequirement(manifest, options.requirement) : undefined;
      first = false;
      const current: ModuleWatch = await ModuleWatch.start({
        moduleId,
        target: options.target,
        ...(requirement ? { requirement } : {}),
        onEvent: (event) => {
          printer.event(event);
          afterEvent(event, current, printer, () => {
            const next = nextModuleIn(options.target, current.manifest.id);
            if (next) advance?.(next);
            else say(paint('dim', '  no module after this one in the graded tree: the watch goes on with this one (q quits)'));
          });
        },
      });
      watch = current;
      say(paint('dim', `ready in ${((performance.now() - started) / 1000).toFixed(1)} s · ${KEYS}`));
      current.watchFiles();
      void current.runNow('first run');
      const outcome = await Promise.race([finished.then((code) => ({ code })), next.then((id) => ({ id }))]);
      await current.close();
      watch = undefined;
      if ('code' in outcome) return outcome.code;
      moduleId = outcome.id;
    }
    return 0;
  } finally {
    stopInput();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await watch?.close();
    for (const line of await reapOrphans()) say(paint('dim', `after the run: ${line}`));
  }

  function afterEvent(event: WatchEvent, current: ModuleWatch, printer: WatchPrinter, moveOn: () => void): void {
    // The learner's tree is type-checked after each save's functional run: type errors are often the cause.
    if (event.kind === 'functional' && typeCheckable(options.target, current.moduleRoot)) {
      void typeCheckModule(current.moduleRoot, current.manifest.id).then((result) => printer.typeErrors(result));
    }
    if (event.kind !== 'passed') return;
    if (options.target === 'exercises') {
      writeScorecardFile(lastResultFile(current.manifest.id), event.card);
    }
    moveOn();
  }
}

/** The module after this one, when the graded tree holds it. */
function nextModuleIn(target: string, moduleId: string): string | undefined {
  const ids = listModuleIds();
  const next = ids[ids.indexOf(moduleId) + 1];
  if (!next) return undefined;
  try {
    resolveTargetRoot(target, next);
    return next;
  } catch {
    return undefined;
  }
}

/**
 * Single keys on a terminal; on a pipe (a script, the project's tests), one key per line. Input
 * that ends changes nothing: the watch goes on until q, Ctrl-C or SIGTERM.
 */
function listenForKeys(onKey: (key: string) => void): () => void {
  if (process.stdin.isTTY) {
    emitKeypressEvents(process.stdin);
    process.stdin.setRawMode(true);
    const listener = (text: string, key: { ctrl?: boolean; name?: string } | undefined): void => {
      if (key?.ctrl && key.name === 'c') process.kill(process.pid, 'SIGINT');
      else onKey((text ?? '').toLowerCase());
    };
    process.stdin.on('keypress', listener);
    return () => {
      process.stdin.off('keypress', listener);
      process.stdin.setRawMode(false);
      process.stdin.pause();
    };
  }
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => onKey(line.trim().toLowerCase()));
  return () => lines.close();
}
