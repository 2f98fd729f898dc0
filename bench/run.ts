/**
 * The harness's own speed (`npm run bench`): what it adds to the learner's loop, and the
 * calibration figure that anchors every latency target. Prints min / median / max of N runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NativePostgreSqlServer } from '../harness/deps/postgres/native-postgres.ts';
import { projectRoot } from '../harness/paths.ts';
import { measureBaseline } from '../harness/load/calibrate.ts';
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
      const result = await measureBaseline(baseline, { postgresUri: postgres.info.uri });
      rps.push(result.bareRequestsPerSecond);
      p99.push(result.bareP99Ms);
    }
    const reference = referenceMachine.baselines[baseline];
    summary(`calibration '${baseline}' throughput`, rps, `req/s  (reference ${reference.requestsPerSecond})`);
    summary(`calibration '${baseline}' p99`, p99, `ms  (reference ${reference.p99Ms})`, 2);
  }
}

function wbTestLoop(): void {
  // The learner's loop: one requirement's tests, servers started by the run itself.
  const seconds: number[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), 'wb-bench-'));
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), 'test', '01-rest-api', '--target', 'solutions', '-t', '\\[health\\]', '--json', path.join(scratch, 'card.json')], {
      cwd: projectRoot,
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`wb test failed:\n${result.stdout}${result.stderr}`);
    seconds.push((performance.now() - started) / 1000);
  }
  rmSync(scratch, { recursive: true, force: true });
  summary('`wb test 01-rest-api -t [health]` end to end', seconds, 's', 2);
}

console.log(`workbench bench · Node ${process.versions.node} · ${runs} runs each\n`);
await postgresStarts();
await calibration();
wbTestLoop();
