/**
 * The harness's own speed (`npm run bench`): what it adds to the learner's loop, and the
 * calibration figure that anchors every latency target. Prints min / median / max of N runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { providerOf } from '../harness/deps/providers.ts';
import { startDependency } from '../harness/deps/start-dependency.ts';
import type { DependencyInfos } from '../harness/deps/types.ts';
import type { Baseline, DependencyKind } from '../harness/manifest.ts';
import { dependencyKinds, listModuleIds, loadModule } from '../harness/modules.ts';
import { modulesWithServers, quickFilter } from '../test/support/module-runs.ts';
import type { Scorecard } from '../harness/grading/scorecard.ts';
import { projectRoot } from '../harness/paths.ts';
import { calibrateMachine } from '../harness/load/calibrate.ts';
import { throughputFloor, type TargetResult } from '../harness/load/evaluate-target.ts';
import { referenceMachine } from '../harness/load/reference-machine.ts';
import { watchLatency } from './watch-latency.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);

function summary(label: string, values: number[], unit: string, digits = 0): void {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (i: number): string => sorted[i]!.toFixed(digits);
  console.log(`${label.padEnd(46)} ${pick(0)} / ${pick(Math.floor(sorted.length / 2))} / ${pick(sorted.length - 1)} ${unit}  (min / median / max of ${sorted.length})`);
}

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

/** Every kind some module uses, natively: the first start in a fresh runtime dir, then warm ones, and stops. */
async function serverStarts(): Promise<void> {
  for (const kind of await dependencyKinds()) {
    if (providerOf(kind).nativeMissing()) continue;
    const cold: number[] = [];
    const warm: number[] = [];
    const stop: number[] = [];
    for (let i = 0; i < runs; i++) {
      // A fresh runtime dir has no template: PostgreSQL's first start pays for initdb.
      const runtime = mkdtempSync(path.join('/dev/shm', 'wb-bench-'));
      process.env.WB_RUNTIME_DIR = runtime;
      const [coldMs, first] = await time(() => startDependency(kind, { backend: 'native' }));
      cold.push(coldMs);
      await first.stop();
      const [warmMs, second] = await time(() => startDependency(kind, { backend: 'native' }));
      warm.push(warmMs);
      const [stopMs] = await time(() => second.stop());
      stop.push(stopMs);
      delete process.env.WB_RUNTIME_DIR;
      rmSync(runtime, { recursive: true, force: true });
    }
    summary(`native ${kind}, first start in a fresh runtime dir`, cold, 'ms');
    summary(`native ${kind}, start`, warm, 'ms');
    summary(`native ${kind}, stop`, stop, 'ms');
  }
}

/** Each baseline in its own process: 'http', 'http+<kind>' for every kind some module uses, and '<kind>' for each kind with a client baseline. */
async function calibration(): Promise<void> {
  const servers = await Promise.all((await dependencyKinds()).map((kind) => startDependency(kind, { backend: 'native' })));
  try {
    const dependencies: DependencyInfos = Object.fromEntries(servers.map((server) => [server.info.kind, server.info]));
    const kinds = servers.map((server) => server.info.kind as DependencyKind);
    const baselines: Baseline[] = ['http', ...kinds.map((kind) => `http+${kind}` as const), ...kinds.filter((kind) => providerOf(kind).clientBaseline)];
    for (const baseline of baselines) {
      const rps: number[] = [];
      const p99: number[] = [];
      for (let i = 0; i < runs; i++) {
        const result = await calibrateMachine(baseline, { dependencies });
        rps.push(result.bareRequestsPerSecond);
        p99.push(result.bareP99Ms);
      }
      summary(`calibration '${baseline}', own process, throughput`, rps, `/s  (reference ${referenceFigure(baseline, 'requestsPerSecond')})`);
      summary(`calibration '${baseline}', own process, p99`, p99, `ms  (reference ${referenceFigure(baseline, 'p99Ms')})`, 2);
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** A baseline's figure on the reference machine, or why there is none yet. */
function referenceFigure(baseline: Baseline, figure: 'requestsPerSecond' | 'p99Ms'): string {
  return String(referenceMachine.baselines[baseline]?.[figure] ?? 'none yet: set it from these runs');
}

function wbTest(moduleId: string, args: string[], scratch: string): { seconds: number; card: Scorecard } {
  const json = path.join(scratch, 'card.json');
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), 'test', moduleId, '--target', 'solutions', '--json', json, ...args], {
    cwd: projectRoot,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`wb test failed:\n${result.stdout}${result.stderr}`);
  return { seconds: (performance.now() - started) / 1000, card: JSON.parse(readFileSync(json, 'utf8')) as Scorecard };
}

/** The learner's loop on each module: one quick requirement's tests, servers started by the run itself. */
async function wbTestLoop(scratch: string): Promise<void> {
  for (const moduleId of await modulesWithServers()) {
    const filter = await quickFilter(moduleId);
    summary(`\`wb test ${moduleId} -t ${filter}\` end to end`, Array.from({ length: runs }, () => wbTest(moduleId, ['-t', filter], scratch).seconds), 's', 2);
  }
}

/**
 * Each module's reference under load, measured as a module run measures it (in a vitest worker):
 * its spread is the evidence that targets hold without flakiness, and its calibration figures are
 * where harness/load/reference-machine.ts comes from.
 */
async function referenceUnderLoad(scratch: string): Promise<void> {
  for (const moduleId of listModuleIds()) {
    const manifest = await loadModule(moduleId);
    const measured = [...new Set(manifest.targets.filter((target) => target.kind !== 'counter').map((target) => target.requirement))];
    if (measured.length === 0) continue;
    const filter = measured.map((requirement) => `\\[${requirement}\\]`).join('|');
    const results = Array.from({ length: runs }, () => wbTest(moduleId, ['-t', filter], scratch).card.targets)
      .flat()
      .filter((target): target is TargetResult => target.kind !== 'counter');
    for (const operation of new Set(results.map((r) => r.operation))) {
      const mine = results.filter((r) => r.operation === operation);
      summary(`reference ${operation} p99`, mine.map((r) => r.report.p99Ms), `ms  (limit ${mine[0]!.target.p99Ms} ms x factor)`, 2);
      const floor = throughputFloor(mine[0]!.target);
      summary(`reference ${operation} throughput`, mine.map((r) => r.report.requestsPerSecond), `${floor.unit}  (floor ${floor.perSecond} / factor)`);
      summary(`reference ${operation} p99 / its limit`, mine.map((r) => r.report.p99Ms / r.p99LimitMs), '', 2);
      console.log(`${''.padEnd(46)} ${mine.filter((r) => r.ok).length} of ${mine.length} within target${mine.some((r) => (r.attempts ?? 1) > 1) ? ' (some needed a second attempt)' : ''}`);
    }
    for (const baseline of new Set(results.map((r) => r.calibration.baseline))) {
      const calibrations = results.map((r) => r.calibration).filter((c) => c.baseline === baseline);
      summary(`in-run calibration '${baseline}' throughput`, calibrations.map((c) => c.bareRequestsPerSecond), `/s  (reference ${referenceFigure(baseline, 'requestsPerSecond')})`);
      summary(`in-run calibration '${baseline}' p99`, calibrations.map((c) => c.bareP99Ms), `ms  (reference ${referenceFigure(baseline, 'p99Ms')})`, 2);
      summary(`machine factor ('${baseline}')`, calibrations.map((c) => c.factor), '', 2);
    }
  }
}

console.log(`workbench bench · Node ${process.versions.node} · ${runs} runs each\n`);
await serverStarts();
await calibration();
const scratch = mkdtempSync(path.join(tmpdir(), 'wb-bench-'));
try {
  await wbTestLoop(scratch);
  await watchLatency(await modulesWithServers(), runs, summary);
  await referenceUnderLoad(scratch);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
