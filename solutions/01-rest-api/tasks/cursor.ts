/**
 * Where a page ended: the last task's sort key. `createdAt` is microseconds since the epoch, as a
 * decimal string: PostgreSQL keeps microseconds and a JavaScript Date only milliseconds, and a
 * rounded key would repeat or skip tasks created within the same millisecond.
 */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const POSITION = /^(\d{1,16}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Opaque to clients: base64url of `<microseconds>:<uuid>`. */
export function encodeCursor({ createdAt, id }: CursorPosition): string {
  return Buffer.from(`${createdAt}:${id}`).toString('base64url');
}

/** null for anything `encodeCursor` could not have produced. */
export function decodeCursor(cursor: string): CursorPosition | null {
  // Buffer's decoder skips characters outside the alphabet, so check the alphabet first.
  if (!BASE64URL.test(cursor)) return null;
  const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  return match ? { createdAt: match[1]!, id: match[2]! } : null;
}
