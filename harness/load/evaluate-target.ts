import type { LatencyTarget } from '../manifest.ts';
import type { Calibration } from './calibrate.ts';
import type { LoadReport } from './run-load.ts';

/** A load run against its target, as the reporter prints it and the scorecard stores it. */
export interface TargetResult {
  readonly requirement: string;
  readonly operation: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly report: LoadReport;
  readonly calibration: Calibration;
  /** The manifest's bound scaled by the machine factor. */
  readonly p99LimitMs: number;
  readonly minRequestsPerSecond: number;
  readonly target: LatencyTarget;
  readonly ok: boolean;
  /** Why it missed, one sentence per missed bound; empty when ok. */
  readonly misses: readonly string[];
  /** Which measurement this is (a missed target is measured once more). @default 1 */
  readonly attempts?: number;
}

export function evaluateTarget(target: LatencyTarget, report: LoadReport, calibration: Calibration): TargetResult {
  const p99LimitMs = target.p99Ms * calibration.factor;
  const minRequestsPerSecond = target.minRequestsPerSecond / calibration.factor;
  const misses: string[] = [];
  if (report.errors > 0) misses.push(`${report.errors} connection errors or timeouts`);
  if (report.non2xx > 0) misses.push(`${report.non2xx} responses were not 2xx (${JSON.stringify(report.statusCounts)})`);
  if (report.p99Ms > p99LimitMs) misses.push(`p99 ${report.p99Ms.toFixed(1)} ms is over the ${p99LimitMs.toFixed(1)} ms limit`);
  if (report.requestsPerSecond < minRequestsPerSecond) misses.push(`${Math.round(report.requestsPerSecond)} req/s is under the ${Math.round(minRequestsPerSecond)} req/s floor`);
  return {
    requirement: target.requirement,
    operation: target.operation,
    connections: target.connections,
    durationSeconds: target.durationSeconds,
    report,
    calibration,
    p99LimitMs,
    minRequestsPerSecond,
    target,
    ok: misses.length === 0,
    misses,
  };
}

/** `GET /tasks/:id  p50 2.1 ms  p90 3.0 ms  p99 3.8 ms (target <= 20 ms x1.3)  6,210 req/s (target >= 1,800 /1.3)  ok` */
export function formatTargetResult(result: TargetResult): string {
  const factor = `x${result.calibration.factor.toFixed(2)}`;
  const rps = Math.round(result.report.requestsPerSecond).toLocaleString('en-US');
  return [
    result.operation.padEnd(22),
    `p50 ${result.report.p50Ms.toFixed(2)} ms  p90 ${result.report.p90Ms.toFixed(2)} ms`,
    `p99 ${result.report.p99Ms.toFixed(2)} ms (target <= ${result.target.p99Ms} ms ${factor})`,
    `${rps} req/s (target >= ${result.target.minRequestsPerSecond.toLocaleString('en-US')} /${result.calibration.factor.toFixed(2)})`,
    result.ok ? 'ok' : `MISSED: ${result.misses.join('; ')}`,
    (result.attempts ?? 1) > 1 ? `(best of ${result.attempts} runs)` : '',
  ]
    .filter(Boolean)
    .join('  ');
}
