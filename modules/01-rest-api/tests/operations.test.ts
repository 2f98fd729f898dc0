import pg from 'pg';
import { describe, test, vi } from 'vitest';
import { postgresInfo, withAdmin } from '../../../harness/testing/test-database.ts';
import { startAppUnderTest } from './support/app-under-test.ts';
import { toApiResponse } from '../../../harness/testing/api-client.ts';
import { check, expectProblem, expectStatus, fail } from '../../../harness/testing/expectations.ts';
import { createTask } from './support/tasks.ts';
import { registerUser } from './support/users.ts';

async function connectionsTo(database: string): Promise<number> {
  return withAdmin(postgresInfo(), async (client) => {
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'", [database]);
    return rows[0]?.n ?? 0;
  });
}

describe('health', () => {
  test('[health] answers 200 { status: "ok" } without a token while the database answers', async () => {
    const sut = await startAppUnderTest();
    try {
      const health = await sut.api.get('/health');
      expectStatus(health, 200);
      check(health.body?.status === 'ok', `Expected { "status": "ok" }, got ${health.text.slice(0, 120)}.`, health);
    } finally {
      await sut.stop();
    }
  });

  test('[health] answers a 503 problem once its database is gone', async () => {
    const sut = await startAppUnderTest();
    try {
      await withAdmin(postgresInfo(), (client) => client.query(`DROP DATABASE ${sut.db.name} WITH (FORCE)`));
      expectProblem(await sut.api.get('/health'), 503, 'from GET /health after the database was dropped');
    } finally {
      await sut.app.close().catch(() => {});
    }
  });
});

describe('graceful shutdown', () => {
  test('[graceful-shutdown] close() lets an in-flight request finish, then closes the pool', async () => {
    const sut = await startAppUnderTest();
    const { app, api, db } = sut;
    const blocker = new pg.Client({ connectionString: db.url });
    let closing: Promise<unknown> | undefined;
    try {
      const user = await registerUser(api);
      const task = await createTask(api, user.token);
      // A second task, one version ahead: its in-flight PATCH with a stale If-Match must still get
      // its 412, which an app that ends the pool before the requests finish cannot look up.
      const stale = await createTask(api, user.token);
      expectStatus(await api.patch(`/tasks/${stale.id}`, { title: 'moved on' }, { token: user.token }), 200, 'from PATCH of the second task');
      // A health probe first: any pool or client it used must be ended by close() too.
      expectStatus(await api.get('/health'), 200, 'from GET /health before the shutdown');
      const url = await app.listen({ host: '127.0.0.1', port: 0 });

      // SHARE mode lets reads through but makes any UPDATE of tasks wait: the PATCH below is in
      // flight, inside the app, until the grader commits.
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE tasks IN SHARE MODE');
      // Settled into a value at once, so a failure is this test's message and never a rejection
      // left unhandled (an app that destroys sockets on close makes this fetch reject).
      const send = (id: string, headers: Record<string, string> = {}) =>
        fetch(`${url}/tasks/${id}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ title: 'finished during shutdown' }),
        }).then(
          async (response) => ({ response, text: await response.text() }),
          (error: unknown) => ({ error }),
        );
      const inFlight = send(task.id);
      const staleInFlight = send(stale.id, { 'if-match': '"1"' });
      await vi.waitFor(
        async () => {
          const waiting = await db.pool.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
          check((waiting.rowCount ?? 0) >= 2, `Expected both PATCHes to reach the database and wait on the lock the grader holds on tasks; ${waiting.rowCount ?? 0} did.`);
        },
        { timeout: 5000, interval: 20 },
      );
      await db.pool.end();

      closing = app.close().then(
        () => 'closed' as const,
        (error: unknown) => ({ error }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      await blocker.query('COMMIT');
      const answer = async (pending: typeof inFlight, id: string, requestHeaders: Record<string, string> = {}) => {
        const answered = await pending;
        if ('error' in answered) {
          const cause = answered.error instanceof Error ? `${answered.error.message}${answered.error.cause instanceof Error ? ` (${answered.error.cause.message})` : ''}` : String(answered.error);
          fail(`Expected the PATCH that was in flight when close() was called to be answered, but its connection failed: ${cause}. close() must let requests already in flight finish; destroying open sockets (forceCloseConnections) cuts them off.`);
        }
        return toApiResponse({ method: 'PATCH', url: `/tasks/${id}`, requestBody: { title: 'finished during shutdown' }, requestHeaders, status: answered.response.status, headers: Object.fromEntries(answered.response.headers), text: answered.text });
      };
      const finished = await answer(inFlight, task.id);
      expectStatus(finished, 200, 'for the PATCH that was in flight when close() was called');
      check(finished.header('connection')?.toLowerCase() === 'close', `Expected the response sent after close() began to carry Connection: close, got ${JSON.stringify(finished.header('connection'))}. A short keepAliveTimeout only makes the wait shorter: the client still thinks it may reuse the connection.`, finished);
      const refused = await answer(staleInFlight, stale.id, { 'if-match': '"1"' });
      check(
        refused.status === 412,
        `Expected 412 for the PATCH with a stale If-Match that was in flight when close() was called, got ${refused.status}. An in-flight request may still need the database after close() begins: end the pool in onClose, after the server has closed, not in preClose.`,
        refused,
      );
      const closed = await Promise.race([closing, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000))]);
      check(
        closed !== 'timeout',
        'Expected app.close() to resolve within 5 s once the in-flight request was answered; it did not. The grader used a keep-alive connection: a response sent after close() began must tell the client to hang up (Connection: close), or the server waits for keepAliveTimeout.',
      );
      await blocker.end();
      await vi.waitFor(
        async () => {
          const open = await connectionsTo(db.name);
          check(open === 0, `Expected no database connections from the app once close() resolved, found ${open}: end the pg pool in an onClose hook.`);
        },
        { timeout: 2000, interval: 50 },
      );
    } finally {
      await blocker.end().catch(() => {});
      // A close() stuck on a keep-alive connection must not hide this test's own failure message
      // behind a test timeout: give it 2 s, then drop the database out from under it. The first
      // close() is awaited here too, so it can never reject unheard.
      const stopped = await Promise.race([Promise.all([closing, sut.stop()]).then(() => true, () => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 2000))]);
      if (!stopped) await sut.db.drop().catch(() => {});
    }
  });
});
