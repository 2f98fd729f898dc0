import pg from 'pg';
import { isProcessAlive } from '../process/process-state.ts';
import type { PostgresInfo } from '../types.ts';

/**
 * Test databases are named `wb_t_<worker pid>_<random>`; a run killed before its afterAll hooks
 * leaves them on a server that `wb deps up` keeps. Drop those whose worker is gone.
 */
export async function dropStaleTestDatabases(info: PostgresInfo): Promise<number> {
  const client = new pg.Client({ connectionString: info.uri });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'wb\\_t\\_%'");
    let dropped = 0;
    for (const { datname } of rows) {
      const pid = Number(/^wb_t_(\d+)_/.exec(datname)?.[1]);
      if (Number.isFinite(pid) && !isProcessAlive(pid)) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
        dropped++;
      }
    }
    return dropped;
  } finally {
    await client.end().catch(() => {});
  }
}
