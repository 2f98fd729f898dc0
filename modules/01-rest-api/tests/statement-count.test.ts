import { describe, test } from 'vitest';
import { counterTarget, gradeCounter } from '../../../harness/testing/counters.ts';
import { check, expectStatus } from '../../../harness/testing/expectations.ts';
import type { StatementCounter } from '../../../harness/testing/statement-counter.ts';
import manifest from '../module.ts';
import { useAppUnderTest } from './support/app-under-test.ts';
import { createTasks, getPage } from './support/tasks.ts';
import { registerUser } from './support/users.ts';

// Counted through a proxy between the app's pool and PostgreSQL: a count is exact on any machine,
// where a latency bound has to allow for the machine. The load itself runs in performance.test.ts,
// on an app connected straight to the server.
const appUnderTest = useAppUnderTest({}, { countStatements: true });

// The reference runs one statement per request; a second is allowed for a check of your own.
const READ_STATEMENTS = counterTarget(manifest, 'SQL statements per GET /tasks/:id');
const LIST_STATEMENTS = counterTarget(manifest, 'SQL statements per list page');
// The reference reads limit + 1 rows for a page of 20.
const ROWS_PER_PAGE = counterTarget(manifest, 'rows read from PostgreSQL per page of 20');
const REQUESTS = 20;

/** Statements run and rows PostgreSQL sent back, per request, averaged over REQUESTS requests. */
async function perRequest(statements: StatementCounter, send: (index: number) => Promise<void>): Promise<{ statements: number; rows: number }> {
  statements.reset();
  for (let index = 0; index < REQUESTS; index++) await send(index);
  const { statements: total, rows } = statements.read();
  return { statements: total / REQUESTS, rows: rows / REQUESTS };
}

const advice = 'Each statement is a round trip every request waits for: no transaction around a read, no query per row (N+1), no lookup a JOIN or the WHERE clause could do.';

describe('statements per request', () => {
  test(`[perf-read] GET /tasks/:id runs at most ${READ_STATEMENTS.max} SQL statements`, async ({ task }) => {
    const { api, statements } = await appUnderTest();
    const user = await registerUser(api);
    const tasks = await createTasks(api, user.token, REQUESTS);
    const measured = await perRequest(statements!, async (index) => {
      expectStatus(await api.get(`/tasks/${tasks[index]!.id}`, { token: user.token }), 200, 'from GET /tasks/:id');
    });
    gradeCounter(task, READ_STATEMENTS, measured.statements, `averaged over ${REQUESTS} requests. ${advice}`);
  });

  test(`[perf-list] a list page runs at most ${LIST_STATEMENTS.max} SQL statements and reads at most ${ROWS_PER_PAGE.max} rows`, async ({ task }) => {
    const { api, statements } = await appUnderTest();
    const user = await registerUser(api);
    await createTasks(api, user.token, 60);
    const first = await getPage(api, user.token, 'limit=20');
    const next = `limit=20&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`;
    const measured = await perRequest(statements!, async (index) => {
      const page = await getPage(api, user.token, index % 2 === 0 ? 'limit=20' : next);
      check(page.body.items.length === 20, `Expected a page of 20 tasks, got ${page.body.items.length}.`, page);
    });
    gradeCounter(task, LIST_STATEMENTS, measured.statements, `averaged over ${REQUESTS} pages of 20. ${advice}`);
    gradeCounter(task, ROWS_PER_PAGE, measured.rows, `per page of 20 of a user's 60 tasks. Let SQL's LIMIT stop the query: rows read and thrown away still cost the database and the app.`);
  });
});
