import { describe, test } from 'vitest';
import { useAppUnderTest } from './support/app-under-test.ts';
import { check, expectFieldError } from './support/expectations.ts';
import { createTasks, getPage, pageThrough, type Task } from './support/tasks.ts';
import { registerUser } from './support/users.ts';

const appUnderTest = useAppUnderTest();
const ids = (tasks: Task[]): string[] => tasks.map((task) => task.id);

describe('pagination', () => {
  test('[list-pagination] pages through 25 tasks 10 at a time, in creation order, ending with a null cursor', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const created = await createTasks(api, user.token, 25);
    const pages = await pageThrough(api, user.token, 'limit=10');
    const sizes = pages.map((page) => page.body.items.length);
    check(sizes.join() === '10,10,5', `Expected pages of 10, 10 and 5 items, got ${JSON.stringify(sizes)}.`, pages.at(-1));
    const listed = pages.flatMap((page) => ids(page.body.items));
    check(listed.join() === ids(created).join(), 'Expected all 25 tasks exactly once, oldest first (creation order).', pages[0]);
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
    check(listed.slice(0, 12).join() === ids(before).join(), 'Expected the 12 tasks that existed first, in order, before the ones created while paging (keyset pagination, not OFFSET).', pages.at(-1));
    check(ids(during).every((id) => listed.includes(id)), 'Expected the tasks created while paging to show up at the end.', pages.at(-1));
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

  test('[list-pagination] rejects a cursor it did not issue, naming the field cursor', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    for (const cursor of ['not-a-cursor', '%%%']) {
      expectFieldError(await api.get(`/tasks?cursor=${encodeURIComponent(cursor)}`, { token: user.token }), 'cursor');
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
    check(listed.every((task) => task.status === 'done'), 'Expected only tasks with status "done".', pages[0]);
    check(ids(listed).join() === ids(expected).join(), `Expected the ${expected.length} done tasks in creation order across pages of 2.`, pages.at(-1));
  });

  test('[list-filter] rejects an unknown status, naming the field status', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    expectFieldError(await api.get('/tasks?status=finished', { token: user.token }), 'status');
  });
});
