import { describe, expect, test } from 'vitest';
import { percentile } from './percentiles.ts';

describe('percentile (nearest rank)', () => {
  const hundred = Float64Array.from({ length: 100 }, (_, index) => index + 1);

  test('picks the value at the rank, not an average', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([0.25, 0.5, 0.75, 3.5], 90)).toBe(3.5);
  });

  test('keeps sub-millisecond precision that autocannon rounds away', () => {
    expect(percentile([0.12, 0.31, 0.47], 50)).toBe(0.31);
  });

  test('is 0 for no samples', () => {
    expect(percentile([], 99)).toBe(0);
  });
});
