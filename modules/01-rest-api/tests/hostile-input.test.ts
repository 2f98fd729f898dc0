import { describe, test } from 'vitest';
import { useAppUnderTest } from './support/app-under-test.ts';
import { check, expectStatus } from '../../../harness/testing/expectations.ts';
import { createTask, type Task } from './support/tasks.ts';
import { registerUser } from './support/users.ts';

const appUnderTest = useAppUnderTest();

/** Strings that break string-built SQL; none contains NUL, which PostgreSQL text cannot hold. */
const INJECTIONS = [
  "'; DROP TABLE tasks; --",
  "' OR '1'='1",
  '"; DELETE FROM users; --',
  "Robert'); DROP TABLE users;--",
  '$1 $2 \\x27 \\\\ \\',
  "1; SELECT pg_sleep(5); --",
  "ünïcødé ✓ '' \"\" `` 𝄞",
];

async function tablesIntact(db: { pool: { query: (sql: string) => Promise<{ rows: Array<{ n: string }> }> } }): Promise<void> {
  const { rows } = await db.pool.query("SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('users', 'tasks')");
  check(rows[0]?.n === '2', `Expected tables users and tasks to still exist after the hostile requests; ${rows[0]?.n ?? 0} of the 2 remain.`);
}

describe('hostile input', () => {
  test('[hostile-input] injection strings in title and description are stored verbatim and read back equal', async () => {
    const { api, db } = await appUnderTest();
    const user = await registerUser(api);
    for (const text of INJECTIONS) {
      const created = await api.post<Task>('/tasks', { title: text, description: text }, { token: user.token });
      expectStatus(created, 201, 'for a title and description holding SQL');
      const read = await api.get<Task>(`/tasks/${created.body.id}`, { token: user.token });
      check(read.body?.title === text && read.body.description === text, `Expected title and description back exactly as sent, ${JSON.stringify(text)}, got ${JSON.stringify({ title: read.body?.title, description: read.body?.description })}.`, read);
      const patched = await api.patch<Task>(`/tasks/${created.body.id}`, { title: `${text} (edited)` }, { token: user.token });
      expectStatus(patched, 200, 'for a PATCH holding SQL');
      check(patched.body?.title === `${text} (edited)`, `Expected the PATCHed title back exactly as sent, ${JSON.stringify(`${text} (edited)`)}, got ${JSON.stringify(patched.body?.title)}.`, patched);
    }
    await tablesIntact(db);
  });

  test('[hostile-input] injection strings in query parameters are rejected with 400, never run', async () => {
    const { api, db } = await appUnderTest();
    const user = await registerUser(api);
    await createTask(api, user.token);
    for (const text of INJECTIONS) {
      for (const name of ['status', 'cursor', 'limit']) {
        const response = await api.get(`/tasks?${name}=${encodeURIComponent(text)}`, { token: user.token });
        expectStatus(response, 400, `for ${name}=${JSON.stringify(text)}`);
      }
      const byId = await api.get(`/tasks/${encodeURIComponent(text)}`, { token: user.token });
      check(byId.status === 400 || byId.status === 404, `Expected 400 or 404 for GET /tasks/<SQL>, got ${byId.status}.`, byId);
    }
    await tablesIntact(db);
  });

  test('[hostile-input] injection in the Idempotency-Key header and the login email is harmless', async () => {
    const { api, db } = await appUnderTest();
    const user = await registerUser(api);
    for (const key of INJECTIONS.slice(0, 5)) {
      const body = { title: `keyed ${key.length}` };
      const first = await api.post<Task>('/tasks', body, { token: user.token, headers: { 'idempotency-key': key } });
      expectStatus(first, 201, `for Idempotency-Key ${JSON.stringify(key)}`);
      const replay = await api.post<Task>('/tasks', body, { token: user.token, headers: { 'idempotency-key': key } });
      check(replay.status === 201 && replay.body?.id === first.body.id, `Expected the replay of a hostile key to answer 201 with the same task ${first.body.id}, got ${replay.status} with id ${JSON.stringify(replay.body?.id)}.`, replay);
    }
    for (const email of INJECTIONS) {
      const login = await api.post('/auth/login', { email, password: 'whatever-it-is' });
      check(login.status === 400 || login.status === 401, `Expected 400 or 401 for a login with email ${JSON.stringify(email)}, got ${login.status}.`, login);
    }
    // A valid email may hold a quote: it must reach the database as a value, not as SQL.
    const quoted = `o'reilly+${crypto.randomUUID().slice(0, 8)}@example.test`;
    expectStatus(await api.post('/auth/register', { email: quoted, password: 'correct horse battery' }), 201, `from POST /auth/register with the valid email ${quoted}`);
    expectStatus(await api.post('/auth/login', { email: quoted, password: 'correct horse battery' }), 200, `from POST /auth/login with the valid email ${quoted}`);
    const unknown = await api.post('/auth/login', { email: `o'nobody-${crypto.randomUUID().slice(0, 8)}@example.test`, password: 'correct horse battery' });
    check(unknown.status === 401, `Expected 401 for a login with an unregistered email holding a quote, got ${unknown.status}.`, unknown);
    await tablesIntact(db);
  });
});
