/**
 * Versions as HTTP validators: `ETag: "<version>"` on every task response, and `If-Match` on
 * PATCH and DELETE: when present and not the current version → 412 problem.
 */
import { notImplemented } from '#not-implemented';

/** `"<version>"`, a strong ETag. */
export function etag(version: number): string {
  // TODO(tasks-read): quote the version.
  throw notImplemented('01-rest-api', 'tasks-read', 'etag()');
}

/** The version an If-Match header requires, or null when there is none. Unparseable → 412. */
export function parseIfMatch(header: string | undefined): number | null {
  // TODO(optimistic-concurrency): accept exactly "<digits>"; throw a 412 problem for anything else.
  throw notImplemented('01-rest-api', 'optimistic-concurrency', 'parseIfMatch()');
}
