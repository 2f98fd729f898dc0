import type { FastifyInstance } from 'fastify';
import type { Coherence } from './coherence.ts';
import type { ProductCache } from './product-cache.ts';
import { sendProblem } from './problem.ts';
import type { RedisHealth } from './redis-health.ts';
import type { StatsCounter } from './stats.ts';
import type { LocalTier } from './local-tier.ts';
import type { Product, ProductSource } from './types.ts';

export interface RouteDeps {
  readonly source: ProductSource;
  readonly cache: ProductCache;
  readonly coherence: Coherence;
  readonly health: RedisHealth;
  readonly stats: StatsCounter;
  readonly local: LocalTier;
}

type ProductBody = Omit<Product, 'id'>;

const productBody = {
  type: 'object',
  required: ['name', 'priceCents', 'tags', 'attributes'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    priceCents: { type: 'integer', minimum: 0 },
    tags: { type: 'array', items: { type: 'string' } },
    attributes: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
} as const;

const idParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['id'] } as const;

export async function productRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get<{ Params: { id: string } }>('/products/:id', { schema: { params: idParams } }, async (request, reply) => {
    const json = await deps.cache.read(request.params.id);
    if (json === 'null') return sendProblem(reply, 404, 'Product not found', `There is no product '${request.params.id}'.`);
    return reply.type('application/json').send(json);
  });

  app.put<{ Params: { id: string }; Body: ProductBody }>('/products/:id', { schema: { params: idParams, body: productBody } }, async (request) => {
    const { name, priceCents, tags, attributes } = request.body;
    const stored = await deps.source.put({ id: request.params.id, name, priceCents, tags, attributes });
    await deps.cache.written(request.params.id, (id) => deps.coherence.publish(id));
    return stored;
  });

  app.delete<{ Params: { id: string } }>('/products/:id', { schema: { params: idParams } }, async (request, reply) => {
    const existed = await deps.source.delete(request.params.id);
    await deps.cache.written(request.params.id, (id) => deps.coherence.publish(id));
    if (!existed) return sendProblem(reply, 404, 'Product not found', `There is no product '${request.params.id}'.`);
    return reply.code(204).send();
  });

  app.get('/health', async () => ((await deps.health.check()) ? { status: 'ok', redis: 'up' } : { status: 'degraded', redis: 'down' }));

  app.get('/stats', async () => deps.stats.snapshot(deps.local.evictions));
}
