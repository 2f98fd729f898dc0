import type fc from 'fast-check';

/**
 * The values of one part of a request, two ways: `valid` (well-formed, as a correct client sends
 * it, though it may still name a missing task or a stale version) and `any` (hostile ones too).
 * A request mostly varies one part at a time, so the deep paths (a 412, a replay, a page of a
 * filtered list) come up often, instead of being drowned by rejections of some other part.
 */
export interface Choices<T> {
  valid: fc.Arbitrary<T>;
  any: fc.Arbitrary<T>;
}
