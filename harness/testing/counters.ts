import type { CounterTarget } from '../manifest.ts';

/** A counter measured against its bound, as the reporter prints it and the scorecard stores it. */
export interface CounterResult {
  readonly kind: 'counter';
  readonly requirement: string;
  readonly measure: string;
  readonly value: number;
  readonly target: CounterTarget;
  /** A count needs no machine factor: it is met or missed, never unmeasured. */
  readonly status: 'met' | 'missed';
  readonly ok: boolean;
}

export function evaluateCounter(target: CounterTarget, value: number): CounterResult {
  const ok = (target.max === undefined || value <= target.max) && (target.min === undefined || value >= target.min);
  return { kind: 'counter', requirement: target.requirement, measure: target.measure, value, target, status: ok ? 'met' : 'missed', ok };
}

/** `SQL statements per GET /tasks/:id  1.0 (at most 2)  ok` */
export function formatCounterResult(result: CounterResult): string {
  const bounds = [result.target.max === undefined ? '' : `at most ${result.target.max}`, result.target.min === undefined ? '' : `at least ${result.target.min}`].filter(Boolean).join(', ');
  const value = Number.isInteger(result.value) ? String(result.value) : result.value.toFixed(2);
  return `${result.measure.padEnd(40)} ${value} (${bounds})  ${result.ok ? 'ok' : 'MISSED'}`;
}
