/**
 * The pg pool (given) and a transaction helper (yours).
 */
import { Pool, type PoolClient } from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { notImplemented } from '#not-implemented';

/** Anything that runs a query: the pool, or one client inside a transaction. */
export type Db = Pool | PoolClient;

export function createPool(databaseUrl: string, log: FastifyBaseLogger): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 10,
    // Fail fast (and let /health answer 503) instead of queueing forever behind a dead server.
    connectionTimeoutMillis: 5_000,
  });
  // An idle client whose connection dies (server restart, DROP DATABASE) reports it on the pool;
  // an 'error' event nobody listens to would crash the process.
  pool.on('error', (err) => log.warn({ err }, 'idle database client failed'));
  return pool;
}

/** Runs `work` on one client between BEGIN and COMMIT; any error rolls back and is rethrown. */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  // TODO(idempotency-key): take a client from the pool, BEGIN, run work, COMMIT (ROLLBACK on error), always release.
  throw notImplemented('01-rest-api', 'idempotency-key', 'withTransaction()');
}
