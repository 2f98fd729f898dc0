import Fastify, { type FastifyInstance } from 'fastify';
import { Coherence } from './coherence.ts';
import { LocalTier } from './local-tier.ts';
import { ProductCache } from './product-cache.ts';
import { sendProblem } from './problem.ts';
import { connectRedis, connectWithin } from './redis-connection.ts';
import { RedisHealth } from './redis-health.ts';
import { productRoutes } from './routes.ts';
import { defineScripts } from './scripts.ts';
import { StatsCounter } from './stats.ts';
import type { CatalogOptions } from './types.ts';

export type { CatalogOptions, Product, ProductSource, CacheStats } from './types.ts';

/** Builds one instance of the catalogue service (not yet listening). See SPEC.md#the-service. */
export async function buildApp(options: CatalogOptions): Promise<FastifyInstance> {
  // Ids are up to 200 characters, URL-encoded in the path: Fastify's default limit is 100.
  // A body of the wrong type is a 400, not quietly converted (Fastify's Ajv coerces by default):
  // "5" is not a price, nor 5 a name.
  const app = Fastify({
    logger: false,
    routerOptions: { maxParamLength: 2000 },
    ajv: { customOptions: { coerceTypes: false } },
  });
  const redis = defineScripts(connectRedis(options.redisUrl, options.redisTimeoutMs));
  const subscriber = connectRedis(options.redisUrl, options.redisTimeoutMs);
  const local = new LocalTier(options.local);
  // Invalidations published while Redis was away were missed: start the local tier afresh.
  const health = new RedisHealth(redis, Math.max(50, options.redisTimeoutMs), () => local.clear());
  const stats = new StatsCounter();
  const space = { keyPrefix: options.keyPrefix, schemaVersion: options.schemaVersion };
  const coherence = new Coherence(space, subscriber, health);
  const cache = new ProductCache(options, space, health, local, stats);

  await Promise.all([connectWithin(redis, 1000), connectWithin(subscriber, 1000)]);
  await coherence.listen(local);

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    return sendProblem(reply, status, status === 400 ? 'Invalid request' : 'Something went wrong', status < 500 ? error.message : undefined);
  });
  await productRoutes(app, { source: options.source, cache, coherence, health, stats, local });

  app.addHook('onClose', async () => {
    health.close();
    redis.disconnect();
    subscriber.disconnect();
  });
  return app;
}
