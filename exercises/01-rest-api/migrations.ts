/**
 * The schema, created from code on every start: tables `users` and `tasks` (names are fixed by
 * the spec) plus whatever you need for idempotency keys. Must be re-runnable, and safe when two
 * apps start on the same database at the same moment.
 */
import type { Pool } from 'pg';
import { notImplemented } from '#not-implemented';

export async function migrate(pool: Pool): Promise<void> {
  // TODO(schema): CREATE TABLE IF NOT EXISTS users, tasks, idempotency keys (+ indexes), under an advisory lock.
  throw notImplemented('01-rest-api', 'schema', 'migrate()');
}
