import { describe, expect, test } from 'vitest';
import type { OperationTarget } from '../manifest.ts';
import type { Calibration } from './calibrate.ts';
import { driveOperations } from './drive-operations.ts';
import { evaluateTarget, formatTargetResult } from './evaluate-target.ts';

const target: OperationTarget = { kind: 'operation', requirement: 'fast', operation: 'a lookup', count: 200, concurrency: 8, p99Ms: 50, minOperationsPerSecond: 100, baseline: 'http' };
const calibration = (factor: number): Calibration => ({ baseline: 'http', description: 'a bare Fastify route', bareRequestsPerSecond: 10_000, bareP99Ms: 2, referenceRequestsPerSecond: 10_000, referenceP99Ms: 2, factor });

describe('driveOperations', () => {
  test('runs the count given after the warm-up, never more in flight than the concurrency, and times each one', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    const report = await driveOperations({
      count: 50,
      concurrency: 4,
      warmup: 10,
      operation: async (index) => {
        seen.push(index);
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
      },
    });
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(most).toBe(4);
    expect(report.requests).toBe(50);
    expect(report.p50Ms).toBeGreaterThanOrEqual(4);
    // 50 operations of 5 ms, 4 at a time: at least 13 rounds.
    expect(report.elapsedSeconds).toBeGreaterThanOrEqual(0.06);
    expect(report.requestsPerSecond).toBeCloseTo(50 / report.elapsedSeconds, 5);
  });

  test('counts a throwing operation as failed, and a failed operation misses the target whatever the machine', async () => {
    const failing = await driveOperations({
      count: 20,
      concurrency: 2,
      operation: async (index) => {
        if (index % 5 === 0) throw new Error('lost');
      },
    });
    expect(failing.non2xx).toBe(4);
    const result = evaluateTarget(target, failing, calibration(9));
    expect(result.status).toBe('missed');
    expect(formatTargetResult(result)).toContain('4 of 20 operations failed');
  });

  test('is graded in operations/s, with the bounds scaled by the machine factor', async () => {
    const report = await driveOperations({ count: 200, concurrency: 8, operation: async () => {} });
    const met = evaluateTarget(target, report, calibration(1));
    expect(met).toMatchObject({ kind: 'operation', status: 'met', connections: 8 });
    expect(formatTargetResult(met)).toMatch(/ops\/s \(target >= 100 \/1\.00\)/);
    const slow = evaluateTarget({ ...target, minOperationsPerSecond: 1e9 }, report, calibration(2));
    expect(slow.status).toBe('missed');
    expect(slow.minRequestsPerSecond).toBe(5e8);
    expect(slow.misses.join()).toMatch(/ops\/s is under the 500000000 ops\/s floor/);
  });
});
