import { HttpProblem } from '../problem.ts';

const MAX_VERSION = 2 ** 31 - 1; // the column is a PostgreSQL integer

/** `"<version>"`, the strong ETag this API sends. */
export function etag(version: number): string {
  return `"${version}"`;
}

/**
 * The version an `If-Match` header requires, or null when there is no condition (header absent,
 * or `*`: "any current version"). A value that cannot be one of our ETags (weak, unquoted, a list)
 * can never match, so it is a 412 straight away.
 */
export function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '*') return null;
  // An entity tag is compared as text: `"02"` is not `"2"`, so no leading zeros.
  const match = /^"(0|[1-9]\d{0,9})"$/.exec(header.trim());
  const version = Number(match?.[1]);
  if (!match || version > MAX_VERSION) {
    throw new HttpProblem(412, 'If-Match does not name the current version of this task.');
  }
  return version;
}
