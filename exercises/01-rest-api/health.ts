/**
 * `GET /health`, no token: run a query; 200 `{ status: "ok" }`, or a 503 problem when the
 * database does not answer.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Pool } from 'pg';
import { notImplemented } from '#not-implemented';

export interface HealthRoutesOptions {
  pool: Pool;
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { pool }) => {
  app.get('/health', async () => {
    // TODO(health): SELECT 1 through the pool; 503 problem if it fails.
    throw notImplemented('01-rest-api', 'health', 'GET /health');
  });
};
