import { describe, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../harness/testing/test-database.ts';
import { startAppUnderTest } from './support/app-under-test.ts';
import { check, expectStatus } from '../../../harness/testing/expectations.ts';
import { createTask } from './support/tasks.ts';
import { registerUser } from './support/users.ts';

/**
 * Starts `count` apps on `db` at the same moment, notes how many of users and tasks each saw
 * the moment its own ready() resolved, then closes them.
 */
async function startTogether(db: TestDatabase, count: number): Promise<{ failures: Error[]; tablesAtReady: number[] }> {
  const tablesAtReady: number[] = [];
  const startOne = async () => {
    const sut = await startAppUnderTest({}, db);
    const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('users', 'tasks')");
    tablesAtReady.push(rows[0]?.n ?? 0);
    return sut;
  };
  const started = await Promise.allSettled(Array.from({ length: count }, startOne));
  await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.app.close() : undefined)));
  const failures = started.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
  return { failures, tablesAtReady };
}

describe('schema', () => {
  test('[schema] creates the users and tasks tables before ready() resolves', async () => {
    const sut = await startAppUnderTest();
    try {
      const { rows } = await sut.db.pool.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('users', 'tasks')",
      );
      const found = rows.map((row) => row.table_name).sort();
      check(found.join() === 'tasks,users', `Expected tables users and tasks in an empty database once app.ready() resolved, found ${JSON.stringify(found)}.`);
    } finally {
      await sut.stop();
    }
  });

  test("[schema] a second app on the same database starts and sees the first app's data", async () => {
    await using db = await createTestDatabase();
    const first = await startAppUnderTest({}, db);
    const user = await registerUser(first.api);
    const task = await createTask(first.api, user.token);
    await first.stop();

    const second = await startAppUnderTest({ jwtSecret: first.options.jwtSecret }, db);
    try {
      const login = await second.api.post('/auth/login', { email: user.email, password: user.password });
      expectStatus(login, 200, 'from the second app for a user registered through the first');
      const read = await second.api.get(`/tasks/${task.id}`, { token: login.body.token });
      expectStatus(read, 200, "from the second app for the first app's task");
      check(read.body?.title === task.title, `Expected the second app to read the same task, titled ${JSON.stringify(task.title)}, got ${JSON.stringify(read.body?.title)}.`, read);
    } finally {
      await second.stop();
    }
  });

  test('[schema] apps started at the same moment on one empty database all start', async () => {
    // A rollout starts several replicas at once: "IF NOT EXISTS" alone lets two of them both see
    // a table missing and collide creating it. Three databases, four apps on each.
    for (let round = 1; round <= 3; round++) {
      await using db = await createTestDatabase();
      // Each app's tables must exist the moment its own ready() resolves, not once another has migrated.
      const { failures, tablesAtReady } = await startTogether(db, 4);
      const reason = failures[0];
      if (reason?.name === 'NotImplementedError') throw reason;
      check(
        !reason,
        `Expected 4 apps started together on one empty database to all start (round ${round}); ${failures.length} did not: ${reason?.message.split('\n')[0]} Two migrations running at once both see a table missing and collide creating it: serialise them (a transaction-scoped advisory lock).`,
      );
      check(tablesAtReady.every((count) => count === 2), `Expected users and tasks to exist as soon as each app's ready() resolved (round ${round}); right after ready() the apps saw ${JSON.stringify(tablesAtReady)} of the 2 tables. An app that skips migrating while another holds the lock is ready too early: wait for the lock instead.`);
    }
  });

  test('[schema] an app that starts while another is still migrating is ready only once the tables exist', async () => {
    await using db = await createTestDatabase();
    // Every DDL statement in this database takes 100 ms, so one app's migration is still under
    // way (its tables not yet committed) when the other app starting beside it reaches its own.
    await db.pool.query(`
      CREATE FUNCTION wb_slow_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.1); END $$;
      CREATE EVENT TRIGGER wb_slow_ddl ON ddl_command_start EXECUTE FUNCTION wb_slow_ddl();
    `);
    const { failures, tablesAtReady } = await startTogether(db, 2);
    if (failures[0]) throw failures[0];
    check(
      tablesAtReady.every((count) => count === 2),
      `Expected users and tasks to exist as soon as each of two apps started together had its ready() resolved, while DDL is slow; right after ready() they saw ${JSON.stringify(tablesAtReady)} of the 2 tables. An app that finds another migrating and skips its own migration is ready before the tables exist: wait for the other's lock (pg_advisory_xact_lock, not pg_try_advisory_xact_lock), then run the migration.`,
    );
  });
});
