import { describe, test } from 'vitest';
import { startAppUnderTest, useAppUnderTest } from './support/app-under-test.ts';
import { check, expectFieldError, expectStatus } from '../../../harness/testing/expectations.ts';
import { createTasks, getPage, pageThrough, type Task } from './support/tasks.ts';
import { registerUser } from './support/users.ts';

const appUnderTest = useAppUnderTest();
const ids = (tasks: Task[]): string[] => tasks.map((task) => task.id);

/** Where a listing departs from the expected order, in words: positions, not 36-character ids. */
function orderReport(expected: string[], listed: string[]): string {
  const position = (id: string): string => (expected.includes(id) ? `#${expected.indexOf(id) + 1}` : 'an unexpected task');
  const missing = expected.filter((id) => !listed.includes(id)).map(position);
  const twice = listed.filter((id, index) => listed.indexOf(id) !== index).map(position);
  const order = listed.filter((id) => expected.includes(id)).map((id) => expected.indexOf(id) + 1);
  return `got ${listed.length} tasks (expected ${expected.length}) in the order ${JSON.stringify(order)}${missing.length ? `, missing ${missing.join(', ')}` : ''}${twice.length ? `, repeated ${twice.join(', ')}` : ''}${listed.some((id) => !expected.includes(id)) ? ', with tasks that should not be there' : ''}`;
}

describe('pagination', () => {
  test('[list-pagination] pages through 25 tasks 10 at a time, in creation order, ending with a null cursor', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const created = await createTasks(api, user.token, 25);
    const pages = await pageThrough(api, user.token, 'limit=10');
    const sizes = pages.map((page) => page.body.items.length);
    check(sizes.join() === '10,10,5', `Expected pages of 10, 10 and 5 items, got ${JSON.stringify(sizes)}.`, pages.at(-1));
    const listed = pages.flatMap((page) => ids(page.body.items));
    check(listed.join() === ids(created).join(), `Expected all 25 tasks exactly once, oldest first (creation order); ${orderReport(ids(created), listed)}.`, pages[0]);
  });

  test('[list-pagination] a list that fills its last page exactly ends there, with a null cursor', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const created = await createTasks(api, user.token, 20);
    const pages = await pageThrough(api, user.token, 'limit=10');
    const sizes = pages.map((page) => page.body.items.length);
    check(sizes.join() === '10,10', `Expected exactly two pages of 10 for 20 tasks, the second with nextCursor null, got pages of ${JSON.stringify(sizes)}.`, pages.at(-1));
    check(pages.flatMap((page) => ids(page.body.items)).join() === ids(created).join(), `Expected the 20 tasks in creation order; ${orderReport(ids(created), pages.flatMap((page) => ids(page.body.items)))}.`, pages.at(-1));
  });

  test('[list-pagination] tasks deleted while paging, the last one seen included, neither break nor repeat the pages', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const created = await createTasks(api, user.token, 15);
    const deletedAhead: string[] = [];
    const pages = await pageThrough(api, user.token, 'limit=5', async (pageIndex, page) => {
      if (pageIndex > 1) return;
      // The task the cursor points at (the last one listed) disappears, and so does one the
      // next page would have shown.
      const lastSeen = page.body.items.at(-1)?.id ?? '';
      const upcoming = created[(pageIndex + 1) * 5 + 1]!.id;
      for (const id of [lastSeen, upcoming]) expectStatus(await api.delete(`/tasks/${id}`, { token: user.token }), 204, 'from DELETE between pages');
      deletedAhead.push(upcoming);
    });
    const listed = pages.flatMap((page) => ids(page.body.items));
    const expected = ids(created).filter((id) => !deletedAhead.includes(id));
    check(listed.join() === expected.join(), `Expected each task exactly once, in creation order, except the ones deleted before their page came, although the task each cursor pointed at was deleted; ${orderReport(expected, listed)}.`, pages.at(-1));
  });

  test('[list-pagination] tasks created at the same instant come in id order, none repeated or skipped', async () => {
    // Ties are rare through the API, so the grader makes them: on a database of this test's own,
    // every time the tasks table holds is set to one instant (a due date left empty stays empty).
    const sut = await startAppUnderTest();
    try {
      const [user, other] = [await registerUser(sut.api), await registerUser(sut.api, 'other')];
      const created: Task[] = [];
      // Another user's tasks share the instant: a tie must never let their rows into this list.
      for (let index = 0; index < 12; index++) {
        created.push(...(await createTasks(sut.api, user.token, 1)));
        await createTasks(sut.api, other.token, 1, () => ({ status: 'done' }));
      }
      const { rows } = await sut.db.pool.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'tasks' AND data_type IN ('timestamp with time zone', 'timestamp without time zone')",
      );
      check(rows.length > 0, 'Expected table tasks to keep its times (creation at least) in timestamp or timestamptz columns; it has none, so the grader cannot make two tasks equally old.');
      const assignments = rows.map(({ column_name: name }) => `"${name}" = CASE WHEN "${name}" IS NULL THEN NULL ELSE timestamptz '2001-02-03 04:05:06.789+00' END`);
      await sut.db.pool.query(`UPDATE tasks SET ${assignments.join(', ')}`);
      const pages = await pageThrough(sut.api, user.token, 'limit=5');
      const listed = pages.flatMap((page) => ids(page.body.items));
      const expected = ids(created).sort();
      check(listed.join() === expected.join(), `Expected 12 tasks created at one instant to come exactly once each, ordered by id (the tie-break), in pages of 5; ${orderReport(expected, listed)}.`, pages.at(-1));
    } finally {
      await sut.stop();
    }
  });

  test('[list-pagination] tasks created while paging neither repeat nor push others out', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const before = await createTasks(api, user.token, 12);
    const during: Task[] = [];
    const pages = await pageThrough(api, user.token, 'limit=5', async () => {
      if (during.length < 3) during.push(...(await createTasks(api, user.token, 1)));
    });
    const listed = pages.flatMap((page) => ids(page.body.items));
    const repeated = listed.filter((id, index) => listed.indexOf(id) !== index);
    check(repeated.length === 0, `Expected no task twice while new tasks were created between pages; repeated: ${JSON.stringify(repeated)}.`, pages.at(-1));
    check(listed.slice(0, 12).join() === ids(before).join(), `Expected the 12 tasks that existed first, in order, before the ones created while paging (keyset pagination, not OFFSET); ${orderReport(ids(before), listed.slice(0, 12))}.`, pages.at(-1));
    const missing = ids(during).filter((id) => !listed.includes(id));
    check(missing.length === 0, `Expected the ${during.length} tasks created while paging to show up at the end; ${missing.length} never did.`, pages.at(-1));
  });

  test('[list-pagination] serves 20 items per page by default', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    await createTasks(api, user.token, 21);
    const page = await getPage(api, user.token, '');
    check(page.body.items.length === 20 && page.body.nextCursor !== null, `Expected 20 items and a next cursor by default, got ${page.body.items.length} items and cursor ${JSON.stringify(page.body.nextCursor)}.`, page);
  });

  test('[list-pagination] rejects limit 0, 101 and abc, naming the field limit', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    for (const limit of ['0', '101', 'abc']) expectFieldError(await api.get(`/tasks?limit=${limit}`, { token: user.token }), 'limit');
  });

  test('[list-pagination] accepts only plain decimal limits: Infinity, 1e1, 0x10, +5, 5.0 and -1 are 400s', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    for (const limit of ['Infinity', '-Infinity', '1e400', '1e1', '0x10', '0b11', '+5', '5.0', '-1', '2.5']) {
      expectFieldError(await api.get(`/tasks?limit=${encodeURIComponent(limit)}`, { token: user.token }), 'limit');
    }
    await createTasks(api, user.token, 3);
    const boundary = await getPage(api, user.token, 'limit=100');
    check(boundary.body.items.length === 3, `Expected limit=100 (the largest allowed) to list the user's 3 tasks, got ${boundary.body.items.length}.`, boundary);
    const one = await getPage(api, user.token, 'limit=1');
    check(one.body.items.length === 1 && one.body.nextCursor !== null, `Expected limit=1 to answer 1 task and a next cursor, got ${one.body.items.length} and ${JSON.stringify(one.body.nextCursor)}.`, one);
  });

  test('[list-pagination] rejects a cursor that decodes to no position, naming the field cursor', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    for (const cursor of ['not-a-cursor', '%%%']) {
      expectFieldError(await api.get(`/tasks?cursor=${encodeURIComponent(cursor)}`, { token: user.token }), 'cursor');
    }
    // Well-formed base64url around a position no row can have: never a 500 from a cast in SQL.
    const forged = [`99999999999999999999:${crypto.randomUUID()}`, `123:${'-'.repeat(36)}`, `-1:${crypto.randomUUID()}`, `1.5:${crypto.randomUUID()}`, '{"createdAt":"99999-01-01","id":"x"}'];
    for (const text of forged) {
      const response = await api.get(`/tasks?cursor=${Buffer.from(text).toString('base64url')}`, { token: user.token });
      check(response.status === 400 || response.status === 200, `Expected 400 (or 200, if your cursors could hold it) for a cursor encoding ${JSON.stringify(text)}, got ${response.status}.`, response);
    }
  });
});

describe('filter', () => {
  test('[list-filter] status=done returns only done tasks, in creation order, page by page', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const statuses = ['todo', 'done', 'in_progress'] as const;
    const created = await createTasks(api, user.token, 9, (index) => ({ status: statuses[index % 3] }));
    const pages = await pageThrough(api, user.token, 'status=done&limit=2');
    const listed = pages.flatMap((page) => page.body.items);
    const expected = created.filter((task) => task.status === 'done');
    const statusesSeen = listed.map((task) => task.status);
    check(statusesSeen.every((status) => status === 'done'), `Expected only tasks with status "done", got statuses ${JSON.stringify(statusesSeen)}.`, pages[0]);
    for (const status of ['todo', 'in_progress'] as const) {
      const filtered = (await pageThrough(api, user.token, `status=${status}&limit=5`)).flatMap((page) => ids(page.body.items));
      const wanted = ids(created.filter((task) => task.status === status));
      check(filtered.join() === wanted.join(), `Expected ?status=${status} to list the ${wanted.length} ${status} tasks in creation order; ${orderReport(wanted, filtered)}.`);
    }
    const sizes = pages.map((page) => page.body.items.length);
    check(ids(listed).join() === ids(expected).join(), `Expected the ${expected.length} done tasks in creation order across pages of 2, got ${listed.length} tasks in pages of ${JSON.stringify(sizes)}; ${orderReport(ids(expected), ids(listed))}.`, pages.at(-1));
    // limit counts matching tasks: filtering a fetched page afterwards leaves it short.
    check(sizes.join() === '2,1', `Expected pages of 2 and 1 done tasks (limit applies to the filtered list), got pages of ${JSON.stringify(sizes)}.`, pages[0]);
  });

  test('[list-filter] rejects an unknown status, naming the field status', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    expectFieldError(await api.get('/tasks?status=finished', { token: user.token }), 'status');
  });
});
