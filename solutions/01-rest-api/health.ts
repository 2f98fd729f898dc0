import type { FastifyPluginAsync } from 'fastify';
import type { Pool } from 'pg';
import { HttpProblem } from './problem.ts';

export interface HealthRoutesOptions {
  pool: Pool;
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { pool }) => {
  const schema = {
    response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string' } } } },
  } as const;

  app.get('/health', { schema }, async (request) => {
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      request.log.warn({ err }, 'health check query failed');
      throw new HttpProblem(503, 'The database is not answering.');
    }
    return { status: 'ok' };
  });
};
