/**
 * The learner's watch loop (`wb watch`), measured as a learner lives it: a save in the module's
 * folder, then the time until its first result (one requirement's tests) and until the whole
 * module's functional tests have run, with servers and vitest warm. Beside it, in the same run, a
 * bare `vitest run` of one trivial test: the floor that a new process per save would pay.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Scorecard } from '../harness/grading/scorecard.ts';
import { measuredUnderLoad } from '../harness/manifest.ts';
import { loadModule } from '../harness/modules.ts';
import { ModuleWatch, type WatchEvent } from '../harness/learner/watch/module-watch.ts';
import { projectRoot, stateDir } from '../harness/paths.ts';

type Summary = (label: string, values: number[], unit: string, digits?: number) => void;

interface SaveTiming {
  /** From the save to the result on screen. */
  readonly seconds: number;
  /** What the tests that ran took themselves, by vitest's count. */
  readonly testSeconds: number;
}

/** From a save to the first event of `kind` in the cycle it started, N times. */
async function saveToEvent(watch: { next: (kind: WatchEvent['kind']) => Promise<WatchEvent> }, file: string, kind: 'focus' | 'functional', saves: number, requirement?: string): Promise<SaveTiming[]> {
  const timings: SaveTiming[] = [];
  for (let i = 0; i < saves; i++) {
    const event = watch.next(kind);
    // Each save waits for the cycle before it to end, as a learner reading the result would.
    const settled = watch.next(requirement ? 'focus' : 'functional');
    // A change the tests cannot see, so every save runs the same tests.
    appendFileSync(file, `\n// bench save ${i}\n`);
    const result = (await event) as Extract<WatchEvent, { secondsSinceSave: number; card: Scorecard }>;
    await settled;
    const ran = result.card.requirements.filter((entry) => !requirement || entry.id === requirement).flatMap((entry) => entry.tests).filter((test) => test.state !== 'skipped');
    timings.push({ seconds: result.secondsSinceSave, testSeconds: ran.reduce((sum, test) => sum + test.durationMs, 0) / 1000 });
  }
  return timings;
}

function report(summary: Summary, label: string, timings: readonly SaveTiming[]): void {
  summary(`${label}: save → result`, timings.map((timing) => timing.seconds), 's', 2);
  summary(`${label}: the tests' own time`, timings.map((timing) => timing.testSeconds), 's', 2);
  summary(`${label}: the loop's own time (the rest)`, timings.map((timing) => timing.seconds - timing.testSeconds), 's', 2);
}

async function watched(moduleId: string, target: string, requirement?: string) {
  const waiting: { kind: WatchEvent['kind']; resolve: (event: WatchEvent) => void }[] = [];
  const session = await ModuleWatch.start({
    moduleId,
    target,
    autoLoad: false,
    ...(requirement ? { requirement } : {}),
    onEvent: (event) => {
      for (const entry of waiting.filter((w) => w.kind === event.kind)) {
        waiting.splice(waiting.indexOf(entry), 1);
        entry.resolve(event);
      }
    },
  });
  const next = (kind: WatchEvent['kind']): Promise<WatchEvent> => new Promise((resolve) => waiting.push({ kind, resolve }));
  const firstRun = next(requirement ? 'focus' : 'functional');
  session.watchFiles();
  void session.runNow('first run');
  await firstRun;
  return { session, next };
}

function bareVitestRun(scratch: string): number {
  const dir = path.join(scratch, 'trivial');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'trivial.test.ts'), "import { expect, test } from 'vitest';\ntest('one', () => expect(1 + 1).toBe(2));\n");
  writeFileSync(path.join(dir, 'vitest.config.ts'), "export default { test: { include: ['trivial.test.ts'] } };\n");
  const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  const started = performance.now();
  const result = spawnSync(process.execPath, [vitest, 'run', '--root', dir], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vitest run of one trivial test failed:\n${result.stdout}${result.stderr}`);
  return (performance.now() - started) / 1000;
}

export async function watchLatency(moduleIds: readonly string[], runs: number, summary: Summary): Promise<void> {
  mkdirSync(stateDir, { recursive: true });
  const scratch = mkdtempSync(path.join(stateDir, 'bench-watch-'));
  try {
    summary('bare `vitest run` of one trivial test', Array.from({ length: runs }, () => bareVitestRun(scratch)), 's', 2);
    for (const moduleId of moduleIds) {
      const manifest = await loadModule(moduleId);
      const root = path.join(scratch, moduleId);
      cpSync(path.join(projectRoot, 'solutions', moduleId), path.join(root, moduleId), { recursive: true, filter: (source) => path.basename(source) !== 'mutants.ts' });
      const saved = path.join(root, moduleId, 'index.ts');
      const whole = await watched(moduleId, root);
      let quickest: string;
      try {
        report(summary, `wb watch ${moduleId} (whole module, no load)`, await saveToEvent(whole, saved, 'functional', runs));
        // The filtered figure uses the requirement whose tests are quickest: what is left is the loop's.
        const functional = whole.session.card().requirements.filter((entry) => !measuredUnderLoad(manifest, entry.id));
        const cost = (entry: (typeof functional)[number]): number => entry.tests.reduce((sum, test) => sum + test.durationMs, 0);
        quickest = functional.reduce((best, entry) => (cost(entry) < cost(best) ? entry : best)).id;
      } finally {
        await whole.session.close();
      }
      const one = await watched(moduleId, root, quickest);
      try {
        report(summary, `wb watch ${moduleId} ${quickest}`, await saveToEvent(one, saved, 'focus', runs, quickest));
      } finally {
        await one.session.close();
      }
      // Where a learner starts: the stub, whose every test fails at once as not implemented.
      const stubRoot = path.join(scratch, `${moduleId}-stub`);
      cpSync(path.join(projectRoot, 'exercises', moduleId), path.join(stubRoot, moduleId), { recursive: true });
      const stub = await watched(moduleId, stubRoot);
      try {
        // The first result of a save is the first requirement not passed, run alone before the rest.
        summary(`wb watch ${moduleId} on the stub: save → first result`, (await saveToEvent(stub, path.join(stubRoot, moduleId, 'index.ts'), 'focus', runs)).map((timing) => timing.seconds), 's', 2);
        report(summary, `wb watch ${moduleId} on the stub (whole module)`, await saveToEvent(stub, path.join(stubRoot, moduleId, 'index.ts'), 'functional', runs));
      } finally {
        await stub.session.close();
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
