import pg from 'pg';
import type { DependencyProvider } from '../provider.ts';
import { startContainerPostgres } from './container-postgres.ts';
import { describePostgresBinaries, embeddedPostgresPackage, findPostgresBinaries, postgresInstallHint, postgresPackages } from './find-postgres.ts';
import { startNativePostgres } from './native-postgres.ts';
import { pingPostgres } from './ping-postgres.ts';
import { dropStaleTestDatabases } from './stale-databases.ts';

export const postgresProvider: DependencyProvider<'postgres'> = {
  kind: 'postgres',
  packages: postgresPackages,
  nativeMissing: () => (findPostgresBinaries() ? undefined : { missing: `no PostgreSQL: neither ${embeddedPostgresPackage()} (which \`npm ci\` installs where it exists) nor \`initdb\` on PATH or under /usr/lib/postgresql`, install: postgresInstallHint() }),
  nativeFound: () => {
    const found = findPostgresBinaries();
    return found ? describePostgresBinaries(found) : 'not found';
  },
  start: ({ backend, persistent }) => (backend === 'native' ? startNativePostgres(persistent) : startContainerPostgres(persistent)),
  ping: (info, timeoutMs) => pingPostgres(info.uri, timeoutMs),
  sweepStale: async (info) => void (await dropStaleTestDatabases(info)),
  baseline: {
    description: 'a Fastify route with one PostgreSQL round trip',
    open: (info) => {
      const pool = new pg.Pool({ connectionString: info.uri, max: 10 });
      pool.on('error', () => {});
      return {
        roundTrip: async (n) => (await pool.query({ name: 'wb-calibrate', text: 'SELECT $1::int AS n', values: [n] })).rows[0],
        close: () => pool.end(),
      };
    },
  },
  warmUp: async () => {
    const started = performance.now();
    const server = await startNativePostgres(false);
    await server.stop();
    return `PostgreSQL starts and answers (${Math.round(performance.now() - started)} ms, template cached for the next runs)`;
  },
};
