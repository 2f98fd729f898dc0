/**
 * The harness's own speed (`npm run bench`): what it adds to the learner's loop, and the
 * calibration figure that anchors every latency target. Prints min / median / max of N runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NativePostgreSqlServer } from '../harness/deps/postgres/native-postgres.ts';
import type { Scorecard } from '../harness/grading/scorecard.ts';
import { projectRoot } from '../harness/paths.ts';
import { calibrateMachine } from '../harness/load/calibrate.ts';
import { referenceMachine } from '../harness/load/reference-machine.ts';

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

async function postgresStarts(): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  const stop: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A fresh runtime dir has no template: the first start pays for initdb.
    const runtime = mkdtempSync(path.join('/dev/shm', 'wb-bench-'));
    process.env.WB_RUNTIME_DIR = runtime;
    const [coldMs, first] = await time(() => new NativePostgreSqlServer().start());
    cold.push(coldMs);
    await first.stop();
    const [warmMs, second] = await time(() => new NativePostgreSqlServer().start());
    warm.push(warmMs);
    const [stopMs] = await time(() => second.stop());
    stop.push(stopMs);
    delete process.env.WB_RUNTIME_DIR;
    rmSync(runtime, { recursive: true, force: true });
  }
  summary('native PostgreSQL, first start (initdb)', cold, 'ms');
  summary('native PostgreSQL, start from template', warm, 'ms');
  summary('native PostgreSQL, stop', stop, 'ms');
}

async function calibration(): Promise<void> {
  await using postgres = await new NativePostgreSqlServer().start();
  for (const baseline of ['http', 'http+postgres'] as const) {
    const rps: number[] = [];
    const p99: number[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await calibrateMachine(baseline, { dependencies: { postgres: postgres.info } });
      rps.push(result.bareRequestsPerSecond);
      p99.push(result.bareP99Ms);
    }
    const reference = referenceMachine.baselines[baseline];
    summary(`calibration '${baseline}', own process, throughput`, rps, `req/s  (reference ${reference.requestsPerSecond})`);
    summary(`calibration '${baseline}', own process, p99`, p99, `ms  (reference ${reference.p99Ms})`, 2);
  }
}

function wbTest(args: string[], scratch: string): { seconds: number; card: Scorecard } {
  const json = path.join(scratch, 'card.json');
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), 'test', '01-rest-api', '--target', 'solutions', '--json', json, ...args], {
    cwd: projectRoot,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`wb test failed:\n${result.stdout}${result.stderr}`);
  return { seconds: (performance.now() - started) / 1000, card: JSON.parse(readFileSync(json, 'utf8')) as Scorecard };
}

function wbTestLoop(scratch: string): void {
  // The learner's loop: one requirement's tests, servers started by the run itself.
  summary('`wb test 01-rest-api -t [health]` end to end', Array.from({ length: runs }, () => wbTest(['-t', '\\[health\\]'], scratch).seconds), 's', 2);
}

/**
 * The reference under load, measured as a module run measures it (in a vitest worker): its
 * spread is the evidence that targets hold without flakiness, and its calibration figures are
 * where harness/load/reference-machine.ts comes from.
 */
function referenceUnderLoad(scratch: string): void {
  const results = Array.from({ length: runs }, () => wbTest(['-t', 'perf-'], scratch).card.targets)
    .flat()
    .filter((target) => target.kind === 'load');
  for (const operation of new Set(results.map((r) => r.operation))) {
    const mine = results.filter((r) => r.operation === operation);
    summary(`reference ${operation} p99`, mine.map((r) => r.report.p99Ms), `ms  (limit ${mine[0]!.target.p99Ms} ms x factor)`, 2);
    summary(`reference ${operation} throughput`, mine.map((r) => r.report.requestsPerSecond), `req/s  (floor ${mine[0]!.target.minRequestsPerSecond} / factor)`);
    summary(`reference ${operation} p99 / its limit`, mine.map((r) => r.report.p99Ms / r.p99LimitMs), '', 2);
    console.log(`${''.padEnd(46)} ${mine.filter((r) => r.ok).length} of ${mine.length} within target${mine.some((r) => (r.attempts ?? 1) > 1) ? ' (some needed a second attempt)' : ''}`);
  }
  const calibrations = results.map((r) => r.calibration);
  summary("in-run calibration 'http+postgres' throughput", calibrations.map((c) => c.bareRequestsPerSecond), `req/s  (reference ${referenceMachine.baselines['http+postgres'].requestsPerSecond})`);
  summary("in-run calibration 'http+postgres' p99", calibrations.map((c) => c.bareP99Ms), `ms  (reference ${referenceMachine.baselines['http+postgres'].p99Ms})`, 2);
  summary('machine factor', calibrations.map((c) => c.factor), '', 2);
}

console.log(`workbench bench · Node ${process.versions.node} · ${runs} runs each\n`);
await postgresStarts();
await calibration();
const scratch = mkdtempSync(path.join(tmpdir(), 'wb-bench-'));
try {
  wbTestLoop(scratch);
  referenceUnderLoad(scratch);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
