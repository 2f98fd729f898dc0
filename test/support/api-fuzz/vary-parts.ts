import fc from 'fast-check';
import type { Choices } from './choices.ts';

/**
 * A record of request parts where, most of the time, exactly one part is drawn from its `any`
 * values and the others from their `valid` ones; sometimes all are valid, sometimes none is.
 */
export function varyParts<T extends Record<string, unknown>>(parts: { [K in keyof T]: Choices<T[K]> }): fc.Arbitrary<T> {
  const names = Object.keys(parts) as (keyof T & string)[];
  const hostile = fc.oneof(
    { weight: 2, arbitrary: fc.constant<string[]>([]) },
    { weight: 6, arbitrary: fc.constantFrom(...names).map((name) => [name]) },
    { weight: 1, arbitrary: fc.constant<string[]>(names) },
  );
  return hostile.chain((chosen) => {
    const record = Object.fromEntries(names.map((name) => [name, chosen.includes(name) ? parts[name].any : parts[name].valid]));
    return fc.record(record) as unknown as fc.Arbitrary<T>;
  });
}
