import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { authRoutes } from '../../../solutions/01-rest-api/auth/routes.ts';
import { healthRoutes } from '../../../solutions/01-rest-api/health.ts';
import { taskRoutes } from '../../../solutions/01-rest-api/tasks/routes.ts';
import { createValidatorCompiler } from '../../../solutions/01-rest-api/validation.ts';

// Registering routes never touches the pool; only handling a request would, and this app handles none.
const NO_POOL = new Proxy({} as Pool, {
  get(_target, property) {
    throw new Error(`The documented app has no database (pool.${String(property)} was used).`);
  },
});

/**
 * The reference's routes, registered as its `buildApp` registers them, on a Fastify with
 * @fastify/swagger in front: swagger collects routes through an `onRoute` hook, so it must be
 * registered before them, and `buildApp` offers no way in before its routes. Needs no database.
 * The API fuzz compares this app's route table with the real app's, so the two cannot drift apart.
 */
export async function buildDocumentedApp(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  // The reference's own compiler, so `ready()` compiles the schemas exactly as the real app does.
  app.setValidatorCompiler(createValidatorCompiler());
  await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: '', version: '' } } });
  await app.register(healthRoutes, { pool: NO_POOL });
  await app.register(authRoutes, { prefix: '/auth', pool: NO_POOL, tokenTtlSeconds: 3600 });
  await app.register(taskRoutes, { prefix: '/tasks', pool: NO_POOL });
  await app.ready();
  return app;
}
