import type { TimedTarget } from '../manifest.ts';
import type { Calibration } from './calibrate.ts';
import { referenceMachine } from './reference-machine.ts';
import type { LoadReport } from './run-load.ts';

/**
 * `met`: within the bounds. `missed`: outside them on a machine we could price. `not-measured`:
 * outside the bounds the capped factor allows, on a machine so busy that its own baseline ran
 * more than `maxMachineFactor` times slower than the reference: neither a pass nor the code's
 * fault, and never counted as passed.
 */
export type TargetStatus = 'met' | 'missed' | 'not-measured';

/**
 * A timed run against its target, as the reporter prints it and the scorecard stores it: an HTTP
 * load run (`load`), or operations the harness drove (`operation`, where `report` counts
 * operations as requests and failed ones as non-2xx).
 */
export interface TargetResult {
  readonly kind: 'load' | 'operation';
  readonly requirement: string;
  readonly operation: string;
  /** Connections, or operations in flight. */
  readonly connections: number;
  /** For an operation target: how long its bounded run took. */
  readonly durationSeconds: number;
  readonly report: LoadReport;
  readonly calibration: Calibration;
  /** The manifest's bound scaled by the machine factor, capped at `maxMachineFactor`. */
  readonly p99LimitMs: number;
  readonly minRequestsPerSecond: number;
  /** The factor the bounds were scaled by: the measured one, or the cap when it was over. */
  readonly appliedFactor: number;
  readonly target: TimedTarget;
  readonly status: TargetStatus;
  /** `status === 'met'`. */
  readonly ok: boolean;
  /** Why it missed, one sentence per missed bound; empty when ok. */
  readonly misses: readonly string[];
  /** Which measurement this is (a missed target is measured once more). @default 1 */
  readonly attempts?: number;
}

/** The target's throughput floor on the reference machine, and its unit. */
export function throughputFloor(target: TimedTarget): { readonly perSecond: number; readonly unit: 'req/s' | 'ops/s' } {
  return target.kind === 'load' ? { perSecond: target.minRequestsPerSecond, unit: 'req/s' } : { perSecond: target.minOperationsPerSecond, unit: 'ops/s' };
}

export function evaluateTarget(target: TimedTarget, report: LoadReport, calibration: Calibration): TargetResult {
  // A factor without a ceiling grades nothing: at x34 a p99 bound of 20 ms becomes 680 ms.
  const appliedFactor = Math.min(calibration.factor, referenceMachine.maxMachineFactor);
  const p99LimitMs = target.p99Ms * appliedFactor;
  const floor = throughputFloor(target);
  const minRequestsPerSecond = floor.perSecond / appliedFactor;
  const failures: string[] = [];
  if (report.errors > 0) failures.push(`${report.errors} connection errors or timeouts`);
  if (report.non2xx > 0) failures.push(target.kind === 'load' ? `${report.non2xx} responses were not 2xx (${JSON.stringify(report.statusCounts)})` : `${report.non2xx} of ${report.requests} operations failed`);
  const slow: string[] = [];
  if (report.p99Ms > p99LimitMs) slow.push(`p99 ${report.p99Ms.toFixed(1)} ms is over the ${p99LimitMs.toFixed(1)} ms limit`);
  if (report.requestsPerSecond < minRequestsPerSecond) slow.push(`${Math.round(report.requestsPerSecond)} ${floor.unit} is under the ${Math.round(minRequestsPerSecond)} ${floor.unit} floor`);
  const misses = [...failures, ...slow];
  // Errors and non-2xx answers are the code's whatever the machine; slowness on an overloaded
  // machine is not evidence either way.
  const status: TargetStatus = misses.length === 0 ? 'met' : failures.length === 0 && calibration.factor > referenceMachine.maxMachineFactor ? 'not-measured' : 'missed';
  return {
    kind: target.kind,
    requirement: target.requirement,
    operation: target.operation,
    connections: target.kind === 'load' ? target.connections : target.concurrency,
    durationSeconds: target.kind === 'load' ? target.durationSeconds : report.elapsedSeconds,
    report,
    calibration,
    p99LimitMs,
    minRequestsPerSecond,
    appliedFactor,
    target,
    status,
    ok: status === 'met',
    misses: status === 'not-measured' ? [notMeasuredReason(calibration.factor)] : misses,
  };
}

function notMeasuredReason(factor: number): string {
  return `not measured: the machine was too busy (its baseline ran x${factor.toFixed(1)} slower than the reference machine; grading stops at x${referenceMachine.maxMachineFactor}). Close what else is running and run again`;
}

/** `GET /tasks/:id  p50 2.1 ms  p90 3.0 ms  p99 3.8 ms (target <= 20 ms x1.3)  6,210 req/s (target >= 1,800 /1.3)  ok` */
export function formatTargetResult(result: TargetResult): string {
  const factor = `x${result.appliedFactor.toFixed(2)}`;
  const rps = Math.round(result.report.requestsPerSecond).toLocaleString('en-US');
  const floor = throughputFloor(result.target);
  return [
    result.operation.padEnd(22),
    `p50 ${result.report.p50Ms.toFixed(2)} ms  p90 ${result.report.p90Ms.toFixed(2)} ms`,
    `p99 ${result.report.p99Ms.toFixed(2)} ms (target <= ${result.target.p99Ms} ms ${factor})`,
    `${rps} ${floor.unit} (target >= ${floor.perSecond.toLocaleString('en-US')} /${result.appliedFactor.toFixed(2)})`,
    result.status === 'met' ? 'ok' : result.status === 'not-measured' ? result.misses.join('; ') : `MISSED: ${result.misses.join('; ')}`,
    (result.attempts ?? 1) > 1 ? `(best of ${result.attempts} runs)` : '',
  ]
    .filter(Boolean)
    .join('  ');
}
