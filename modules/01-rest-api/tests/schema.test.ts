import { describe, test } from 'vitest';
import { createTestDatabase } from '../../../harness/testing/test-database.ts';
import { startAppUnderTest } from './support/app-under-test.ts';
import { check, expectStatus } from './support/expectations.ts';
import { createTask } from './support/tasks.ts';
import { registerUser } from './support/users.ts';

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
});
