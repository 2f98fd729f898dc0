import pg from 'pg';

/** The server's version once it answers a query, or undefined while it does not. */
export async function pingPostgres(uri: string, timeoutMs = 1000): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: uri, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0]?.server_version ?? '?'}`;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}
