/**
 * `await app.close()` must let in-flight requests finish, then close the pg pool, so that once
 * it resolves the app holds no database connections.
 */
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { notImplemented } from '#not-implemented';

export function gracefulShutdown(app: FastifyInstance, pool: Pool): void {
  // TODO(graceful-shutdown): add hooks so the pool ends after the server has closed (and keep-alive clients hang up).
  throw notImplemented('01-rest-api', 'graceful-shutdown', 'gracefulShutdown()');
}
