import fc from 'fast-check';

/**
 * Text a real HTTP client can put in a header value: tab, visible ASCII, space and obs-text
 * (0x80-0xFF, which Node reads as latin1). No CR, LF or NUL, which no parser lets through, and no
 * leading or trailing whitespace, which HTTP parsers strip but inject() would deliver.
 */
const headerChar = fc.oneof(
  { arbitrary: fc.integer({ min: 0x21, max: 0x7e }), weight: 10 },
  { arbitrary: fc.constantFrom(0x20, 0x09), weight: 1 },
  { arbitrary: fc.integer({ min: 0x80, max: 0xff }), weight: 2 },
).map((code) => String.fromCharCode(code));

export function headerText(constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  return fc.string({ unit: headerChar, ...constraints }).filter((text) => text === text.trim());
}
