import { describe, test } from 'vitest';
import type { StatementCounter } from '../../../harness/testing/statement-counter.ts';
import { useAppUnderTest } from './support/app-under-test.ts';
import { check, expectStatus } from '../../../harness/testing/expectations.ts';
import { createTasks, getPage } from './support/tasks.ts';
import { registerUser } from './support/users.ts';

// Counted through a proxy between the app's pool and PostgreSQL: a count is exact on any machine,
// where a latency bound has to allow for the machine. The load itself runs in performance.test.ts,
// on an app connected straight to the server.
const appUnderTest = useAppUnderTest({}, { countStatements: true });

/** Most statements one request may run: the reference runs one; a second is allowed for a check of your own. */
const MAX_STATEMENTS = 2;
const REQUESTS = 20;
/** Rows PostgreSQL may send for one page of 20: the reference reads limit + 1. */
const MAX_ROWS_PER_PAGE = 25;

/** Statements run and rows PostgreSQL sent back, per request, averaged over REQUESTS requests. */
async function perRequest(statements: StatementCounter, send: (index: number) => Promise<void>): Promise<{ statements: number; rows: number }> {
  statements.reset();
  for (let index = 0; index < REQUESTS; index++) await send(index);
  const { statements: total, rows } = statements.read();
  return { statements: total / REQUESTS, rows: rows / REQUESTS };
}

const advice = 'Each statement is a round trip every request waits for: no transaction around a read, no query per row (N+1), no lookup a JOIN or the WHERE clause could do.';

describe('statements per request', () => {
  test(`[perf-read] GET /tasks/:id runs at most ${MAX_STATEMENTS} SQL statements`, async () => {
    const { api, statements } = await appUnderTest();
    const user = await registerUser(api);
    const tasks = await createTasks(api, user.token, REQUESTS);
    const measured = await perRequest(statements!, async (index) => {
      expectStatus(await api.get(`/tasks/${tasks[index]!.id}`, { token: user.token }), 200, 'from GET /tasks/:id');
    });
    check(measured.statements <= MAX_STATEMENTS, `Expected GET /tasks/:id to run at most ${MAX_STATEMENTS} SQL statements, measured ${measured.statements.toFixed(1)} per request over ${REQUESTS} requests. ${advice}`);
  });

  test(`[perf-list] a list page runs at most ${MAX_STATEMENTS} SQL statements and reads at most ${MAX_ROWS_PER_PAGE} rows`, async () => {
    const { api, statements } = await appUnderTest();
    const user = await registerUser(api);
    await createTasks(api, user.token, 60);
    const first = await getPage(api, user.token, 'limit=20');
    const next = `limit=20&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`;
    const measured = await perRequest(statements!, async (index) => {
      const page = await getPage(api, user.token, index % 2 === 0 ? 'limit=20' : next);
      check(page.body.items.length === 20, `Expected a page of 20 tasks, got ${page.body.items.length}.`, page);
    });
    check(measured.statements <= MAX_STATEMENTS, `Expected a list page of 20 to run at most ${MAX_STATEMENTS} SQL statements, measured ${measured.statements.toFixed(1)} per request over ${REQUESTS} requests. ${advice}`);
    check(measured.rows <= MAX_ROWS_PER_PAGE, `Expected a page of 20 (of a user's 60 tasks) to read at most ${MAX_ROWS_PER_PAGE} rows from PostgreSQL, measured ${measured.rows.toFixed(1)} per page. Let SQL's LIMIT stop the query: rows read and thrown away still cost the database and the app.`);
  });
});
