import type { CounterTarget, ModuleManifest } from '../manifest.ts';
import { check } from './expectations.ts';
import { recordTarget } from './measurements.ts';

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

/** The manifest's counter target measured as `measure`: tests find their bound by name, never copy it. */
export function counterTarget(manifest: ModuleManifest, measure: string): CounterTarget {
  const target = manifest.targets.find((entry): entry is CounterTarget => entry.kind === 'counter' && entry.measure === measure);
  if (!target) throw new Error(`modules/${manifest.id}/module.ts has no counter target measured as '${measure}'.`);
  return target;
}

/**
 * Records a counter on the test for the scorecard, then fails the test when it misses its bound,
 * with `context` saying what was counted and what a miss usually means.
 */
export function gradeCounter(task: Parameters<typeof recordTarget>[0], target: CounterTarget, value: number, context: string): CounterResult {
  const result = evaluateCounter(target, value);
  recordTarget(task, result);
  const bounds = [target.max === undefined ? '' : `at most ${target.max}`, target.min === undefined ? '' : `at least ${target.min}`].filter(Boolean).join(' and ');
  check(result.ok, `Expected ${target.measure} to be ${bounds}, measured ${Number.isInteger(value) ? value : value.toFixed(3)}: ${context}`);
  return result;
}
