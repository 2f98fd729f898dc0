import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { PostgresInfo } from '../deps/types.ts';
import { postgresUri } from '../deps/types.ts';
import '../vitest/provided-context.ts';

export interface TestDatabase extends AsyncDisposable {
  readonly name: string;
  /** Connection URI for this database; hand it to the app under test. */
  readonly url: string;
  /** A pool for the test's own queries (inspecting rows, holding locks). */
  readonly pool: pg.Pool;
  drop(): Promise<void>;
}

export function postgresInfo(): PostgresInfo {
  const info = inject('wbDeps').postgres;
  if (!info) throw new Error('This module declares no postgres dependency in module.ts, so the harness did not start one.');
  return info;
}

/**
 * A fresh, empty database on the run's shared server. The name carries this worker's pid so a
 * later run can drop what a killed run left (see dropStaleTestDatabases).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const info = postgresInfo();
  const name = `wb_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(info, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = postgresUri({ ...info, database: name });
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  const drop = async (): Promise<void> => {
    await pool.end().catch(() => {});
    await withAdmin(info, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  return { name, url, pool, drop, [Symbol.asyncDispose]: drop };
}

export async function withAdmin<T>(info: PostgresInfo, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: info.uri });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}
