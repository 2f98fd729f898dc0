/**
 * The opaque `nextCursor`: it encodes where a page ended (the last task's created_at and id) so
 * the next query can continue after it. A cursor this app could not have issued is a 400.
 */
import { notImplemented } from '#not-implemented';

/** The last task's sort key. Keep created_at at the database's full precision. */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  // TODO(list-pagination): serialise the position, e.g. as base64url.
  throw notImplemented('01-rest-api', 'list-pagination', 'encodeCursor()');
}

/** null for anything `encodeCursor` could not have produced. */
export function decodeCursor(cursor: string): CursorPosition | null {
  // TODO(list-pagination): parse and validate strictly; garbage gives null.
  throw notImplemented('01-rest-api', 'list-pagination', 'decodeCursor()');
}
