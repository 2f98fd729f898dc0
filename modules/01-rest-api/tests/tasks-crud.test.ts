import { describe, test } from 'vitest';
import { useAppUnderTest } from './support/app-under-test.ts';
import { check, expectProblem, expectStatus } from './support/expectations.ts';
import { createTask, UUID, type Task } from './support/tasks.ts';
import { newTask, registerUser } from './support/users.ts';

const appUnderTest = useAppUnderTest();

describe('create, read, update, delete', () => {
  test('[tasks-create] creates a task with 201, a Location header and an ETag', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const body = newTask({ description: 'Two litres, semi-skimmed', status: 'in_progress', dueAt: '2030-01-02T03:04:05.000Z' });
    const created = await api.post<Task>('/tasks', body, { token: user.token });
    expectStatus(created, 201);
    const task = created.body;
    check(UUID.test(String(task.id)), `Expected \`id\` to be a UUID, got ${JSON.stringify(task.id)}.`, created);
    check(task.title === body.title && task.description === body.description && task.status === 'in_progress', 'Expected the task to echo title, description and status as sent.', created);
    check(task.dueAt !== null && Date.parse(task.dueAt) === Date.parse('2030-01-02T03:04:05.000Z'), 'Expected `dueAt` to be the same instant as sent (an ISO 8601 string).', created);
    check(task.version === 1, `Expected a new task to have \`version\` 1, got ${JSON.stringify(task.version)}.`, created);
    check(!Number.isNaN(Date.parse(task.createdAt)) && !Number.isNaN(Date.parse(task.updatedAt)), 'Expected `createdAt` and `updatedAt` as ISO 8601 timestamps.', created);
    check(created.header('location') === `/tasks/${task.id}`, `Expected header Location: /tasks/${task.id}, got ${JSON.stringify(created.header('location'))}.`, created);
    check(created.header('etag') === '"1"', `Expected header ETag: "1" (the version, quoted), got ${JSON.stringify(created.header('etag'))}.`, created);
  });

  test('[tasks-create] fills in the defaults: empty description, status todo, no due date', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const created = await api.post<Task>('/tasks', { title: 'Only a title' }, { token: user.token });
    expectStatus(created, 201);
    check(created.body.description === '' && created.body.status === 'todo' && created.body.dueAt === null, 'Expected defaults description "", status "todo", dueAt null.', created);
  });

  test('[tasks-read] reads back exactly the task that was created, with its ETag', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token, { description: 'read me' });
    const read = await api.get<Task>(`/tasks/${task.id}`, { token: user.token });
    expectStatus(read, 200);
    check(JSON.stringify(sortKeys(read.body)) === JSON.stringify(sortKeys(task)), `Expected GET to return the task as created: ${JSON.stringify(task)}.`, read);
    check(read.header('etag') === `"${task.version}"`, `Expected header ETag: "${task.version}".`, read);
  });

  test('[tasks-update] changes only the fields sent, bumps the version and moves updatedAt', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token, { description: 'keep me', dueAt: '2031-05-06T07:08:09.000Z' });
    const patched = await api.patch<Task>(`/tasks/${task.id}`, { status: 'done' }, { token: user.token });
    expectStatus(patched, 200);
    const after = patched.body;
    check(after.status === 'done', 'Expected status to be "done" after PATCH { status: "done" }.', patched);
    check(after.title === task.title && after.description === task.description && after.dueAt !== null && Date.parse(after.dueAt) === Date.parse(task.dueAt ?? ''), 'Expected the fields not sent to stay as they were.', patched);
    check(after.version === task.version + 1, `Expected version ${task.version + 1} after one update, got ${after.version}.`, patched);
    check(Date.parse(after.updatedAt) >= Date.parse(task.updatedAt) && after.createdAt === task.createdAt, 'Expected updatedAt not to move back and createdAt not to change.', patched);
    check(patched.header('etag') === `"${after.version}"`, `Expected the new ETag "${after.version}".`, patched);
    const read = await api.get<Task>(`/tasks/${task.id}`, { token: user.token });
    check(read.body?.status === 'done' && read.body.version === after.version, 'Expected a later GET to show the update.', read);
  });

  test('[tasks-update] clears the due date with null', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token, { dueAt: '2032-01-01T00:00:00.000Z' });
    const patched = await api.patch<Task>(`/tasks/${task.id}`, { dueAt: null }, { token: user.token });
    expectStatus(patched, 200);
    check(patched.body.dueAt === null, 'Expected dueAt to be null after PATCH { dueAt: null }.', patched);
  });

  test('[tasks-delete] deletes with 204 and no body; the task is gone afterwards', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token);
    const deleted = await api.delete(`/tasks/${task.id}`, { token: user.token });
    expectStatus(deleted, 204);
    check(deleted.text === '', 'Expected an empty body with 204 No Content.', deleted);
    expectProblem(await api.get(`/tasks/${task.id}`, { token: user.token }), 404, 'from GET of a deleted task');
    expectProblem(await api.delete(`/tasks/${task.id}`, { token: user.token }), 404, 'from a second DELETE of the same task');
  });
});

function sortKeys(value: object): object {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}
