import { Pool, type PoolClient } from 'pg';
import type { FastifyBaseLogger } from 'fastify';

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
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true; // the connection itself failed: don't hand it back to the pool
    }
    throw err;
  } finally {
    client.release(broken);
  }
}
