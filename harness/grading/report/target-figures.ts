import { throughputFloor } from '../../load/evaluate-target.ts';
import type { MeasuredTarget } from '../../testing/measurements.ts';

/** One measured figure beside the bound it is graded against. */
export interface Figure {
  /** `p99`, `throughput`, or a counter's measure. */
  readonly label: string;
  readonly value: number;
  readonly bound: number;
  /** `max`: the value must stay at or under the bound; `min`: at or over it. */
  readonly sense: 'max' | 'min';
  readonly unit: string;
  readonly ok: boolean;
}

/** A target as a mentor's formats show it: its name, figures, and the machine factor applied. */
export interface TargetFigures {
  readonly requirement: string;
  readonly name: string;
  readonly kind: MeasuredTarget['kind'];
  readonly status: MeasuredTarget['status'];
  readonly figures: readonly Figure[];
  /** The factor the bounds were scaled by (timed targets only). */
  readonly factor?: number;
  /** Why it missed or was not measured, when it did not pass. */
  readonly misses: readonly string[];
}

export function targetFigures(target: MeasuredTarget): TargetFigures {
  if (target.kind === 'counter') {
    const figures: Figure[] = [];
    if (target.target.max !== undefined) figures.push({ label: target.measure, value: target.value, bound: target.target.max, sense: 'max', unit: '', ok: target.value <= target.target.max });
    if (target.target.min !== undefined) figures.push({ label: target.measure, value: target.value, bound: target.target.min, sense: 'min', unit: '', ok: target.value >= target.target.min });
    return { requirement: target.requirement, name: target.measure, kind: target.kind, status: target.status, figures, misses: target.ok ? [] : [`${target.measure} was ${formatNumber(target.value)}`] };
  }
  const unit = throughputFloor(target.target).unit;
  return {
    requirement: target.requirement,
    name: target.operation,
    kind: target.kind,
    status: target.status,
    figures: [
      { label: 'p99', value: target.report.p99Ms, bound: target.p99LimitMs, sense: 'max', unit: 'ms', ok: target.report.p99Ms <= target.p99LimitMs },
      { label: 'throughput', value: target.report.requestsPerSecond, bound: target.minRequestsPerSecond, sense: 'min', unit, ok: target.report.requestsPerSecond >= target.minRequestsPerSecond },
    ],
    factor: target.appliedFactor,
    misses: target.misses,
  };
}

/** `1,234`, `12.5`, `0.333`: integers grouped, fractions to three significant digits. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

/** `p99 1.83 ms (at most 8.3 ms)` */
export function formatFigure(figure: Figure): string {
  const unit = figure.unit ? ` ${figure.unit}` : '';
  return `${figure.label === 'p99' || figure.label === 'throughput' ? `${figure.label} ` : ''}${formatNumber(figure.value)}${unit} (${figure.sense === 'max' ? 'at most' : 'at least'} ${formatNumber(figure.bound)}${unit})`;
}
