import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'vitest';
import { useAppUnderTest } from './support/app-under-test.ts';
import { check, expectProblem, expectStatus } from '../../../harness/testing/expectations.ts';
import { createTask, UUID, type Task } from './support/tasks.ts';
import { newTask, registerUser } from './support/users.ts';

const appUnderTest = useAppUnderTest();

describe('create, read, update, delete', () => {
  test('[tasks-create] creates a task with 201, a Location header and an ETag', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    // Whitespace and line breaks are part of the text: stored and echoed exactly, never trimmed.
    const body = newTask({ description: '  Two litres,\n\tsemi-skimmed  ', status: 'in_progress', dueAt: '2030-01-02T03:04:05.000Z' });
    body.title = `  ${String(body.title)}  `;
    const created = await api.post<Task>('/tasks', body, { token: user.token });
    expectStatus(created, 201);
    const task = created.body;
    check(UUID.test(String(task.id)), `Expected \`id\` to be a UUID, got ${JSON.stringify(task.id)}.`, created);
    const echoed = { title: task.title, description: task.description, status: task.status };
    check(echoed.title === body.title && echoed.description === body.description && echoed.status === 'in_progress', `Expected the task to echo ${JSON.stringify({ title: body.title, description: body.description, status: body.status })}, got ${JSON.stringify(echoed)}.`, created);
    check(typeof task.dueAt === 'string' && Date.parse(task.dueAt) === Date.parse('2030-01-02T03:04:05.000Z'), `Expected \`dueAt\` to be the instant sent (2030-01-02T03:04:05.000Z) as an ISO 8601 string, got ${JSON.stringify(task.dueAt)}.`, created);
    check(task.version === 1, `Expected a new task to have \`version\` 1, got ${JSON.stringify(task.version)}.`, created);
    check(isTimestamp(task.createdAt) && isTimestamp(task.updatedAt), `Expected \`createdAt\` and \`updatedAt\` as ISO 8601 timestamps, got ${JSON.stringify({ createdAt: task.createdAt, updatedAt: task.updatedAt })}.`, created);
    check(created.header('location') === `/tasks/${task.id}`, `Expected header Location: /tasks/${task.id}, got ${JSON.stringify(created.header('location'))}.`, created);
    check(created.header('etag') === '"1"', `Expected header ETag: "1" (the version, quoted), got ${JSON.stringify(created.header('etag'))}.`, created);
    const keys = Object.keys(task).sort();
    check(keys.join() === TASK_KEYS.join(), `Expected exactly the task's fields ${JSON.stringify(TASK_KEYS)} (the owner is not part of it), got ${JSON.stringify(keys)}.`, created);
  });

  test('[tasks-create] keeps the instant of any RFC 3339 dueAt: far offsets and the first and last years', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    for (const dueAt of ['2030-06-15T12:00:00-23:59', '2030-06-15T12:00:00+23:59', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z']) {
      const created = await api.post<Task>('/tasks', newTask({ dueAt }), { token: user.token });
      expectStatus(created, 201, `for dueAt ${dueAt}`);
      check(typeof created.body.dueAt === 'string' && Date.parse(created.body.dueAt) === Date.parse(dueAt), `Expected dueAt to be the instant of ${dueAt}, got ${JSON.stringify(created.body.dueAt)}.`, created);
    }
  });

  test('[tasks-create] answers Location and ETag with an Idempotency-Key too, first time and on replay', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const body = newTask();
    const headers = { 'idempotency-key': `headers-${crypto.randomUUID()}` };
    for (const attempt of ['first request', 'replay']) {
      const created = await api.post<Task>('/tasks', body, { token: user.token, headers });
      expectStatus(created, 201, `for the ${attempt} with an Idempotency-Key`);
      const got = { location: created.header('location'), etag: created.header('etag') };
      check(got.location === `/tasks/${created.body.id}` && got.etag === '"1"', `Expected Location: /tasks/${created.body.id} and ETag: "1" on the ${attempt}, got ${JSON.stringify(got)}.`, created);
    }
  });

  test('[tasks-create] takes any title of 1 to 200 characters, spaces only included, at /tasks/ too, with its Location', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const blank = await api.post<Task>('/tasks', { title: '   ' }, { token: user.token });
    expectStatus(blank, 201, 'for a title of three spaces (1..200 characters, nothing more is asked)');
    check(blank.body.title === '   ', `Expected the title back as sent, "   ", got ${JSON.stringify(blank.body.title)}.`, blank);
    const slash = await api.post<Task>('/tasks/', newTask(), { token: user.token });
    expectStatus(slash, 201, 'for POST /tasks/ (with a trailing slash)');
    check(slash.header('location') === `/tasks/${slash.body.id}`, `Expected header Location: /tasks/${slash.body.id}, got ${JSON.stringify(slash.header('location'))}.`, slash);
  });

  test('[tasks-create] fills in the defaults: empty description, status todo, no due date', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const created = await api.post<Task>('/tasks', { title: 'Only a title' }, { token: user.token });
    expectStatus(created, 201);
    const defaults = { description: created.body.description, status: created.body.status, dueAt: created.body.dueAt };
    check(isDeepStrictEqual(defaults, { description: '', status: 'todo', dueAt: null }), `Expected the defaults {"description":"","status":"todo","dueAt":null}, got ${JSON.stringify(defaults)}.`, created);
  });

  test('[tasks-read] reads back exactly the task that was created, with its ETag', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    // An offset the app must not echo as sent: GET and POST answer the same stored instant.
    const task = await createTask(api, user.token, { description: 'read me', dueAt: '2030-05-01T11:00:00+02:00' });
    const read = await api.get<Task>(`/tasks/${task.id}`, { token: user.token });
    expectStatus(read, 200);
    check(isDeepStrictEqual(read.body, task), `Expected GET to return the task exactly as POST created it: ${JSON.stringify(task)}; these fields differ: ${JSON.stringify(differences(task, read.body))}.`, read);
    check(read.header('etag') === `"${task.version}"`, `Expected header ETag: "${task.version}", got ${JSON.stringify(read.header('etag'))}.`, read);
    const keys = Object.keys(read.body ?? {}).sort();
    check(keys.join() === TASK_KEYS.join(), `Expected exactly the task's fields ${JSON.stringify(TASK_KEYS)} (the owner is not part of it), got ${JSON.stringify(keys)}.`, read);
    // A UUID is the same id in either case.
    const upper = await api.get<Task>(`/tasks/${task.id.toUpperCase()}`, { token: user.token });
    check(upper.status === 200 && upper.body?.id === task.id, `Expected GET /tasks/<the id in upper case> to answer 200 with the task (UUIDs are case-insensitive), got ${upper.status}.`, upper);
  });

  test('[tasks-update] changes only the fields sent, bumps the version and moves updatedAt', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token, { description: 'keep me', dueAt: '2031-05-06T07:08:09.000Z' });
    const patched = await api.patch<Task>(`/tasks/${task.id}`, { status: 'done' }, { token: user.token });
    expectStatus(patched, 200);
    const after = patched.body;
    check(after.status === 'done', `Expected status "done" after PATCH { status: "done" }, got ${JSON.stringify(after.status)}.`, patched);
    const kept = { title: after.title, description: after.description, dueAt: after.dueAt };
    const sameInstant = typeof after.dueAt === 'string' && Date.parse(after.dueAt) === Date.parse(task.dueAt ?? '');
    check(after.title === task.title && after.description === task.description && sameInstant, `Expected the fields not sent to stay ${JSON.stringify({ title: task.title, description: task.description, dueAt: task.dueAt })}, got ${JSON.stringify(kept)}.`, patched);
    check(after.version === task.version + 1, `Expected version ${task.version + 1} after one update, got ${JSON.stringify(after.version)}.`, patched);
    check(after.createdAt === task.createdAt, `Expected createdAt to stay ${task.createdAt}, got ${JSON.stringify(after.createdAt)}.`, patched);
    check(patched.header('etag') === `"${after.version}"`, `Expected the new ETag "${after.version}", got ${JSON.stringify(patched.header('etag'))}.`, patched);
    const read = await api.get<Task>(`/tasks/${task.id}`, { token: user.token });
    check(read.body?.status === 'done' && read.body.version === after.version, `Expected a later GET to show status "done" at version ${after.version}, got status ${JSON.stringify(read.body?.status)} at version ${JSON.stringify(read.body?.version)}.`, read);
  });

  test('[tasks-update] moves updatedAt forward on every update, never back', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token);
    let previous = task;
    for (const title of ['first edit', 'second edit', 'third edit']) {
      // The clock must move between writes, so that "changed" is observable even for timestamps
      // kept to the millisecond.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const patched = await api.patch<Task>(`/tasks/${task.id}`, { title }, { token: user.token });
      expectStatus(patched, 200);
      check(isTimestamp(patched.body.updatedAt) && Date.parse(patched.body.updatedAt) > Date.parse(previous.updatedAt), `Expected updatedAt to move forward past ${previous.updatedAt} on an update, got ${JSON.stringify(patched.body.updatedAt)}.`, patched);
      const read = await api.get<Task>(`/tasks/${task.id}`, { token: user.token });
      check(read.body?.updatedAt === patched.body.updatedAt, `Expected GET to show the updatedAt the PATCH answered (${patched.body.updatedAt}), got ${JSON.stringify(read.body?.updatedAt)}.`, read);
      previous = patched.body;
    }
  });

  test('[tasks-update] clears the due date with null', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token, { dueAt: '2032-01-01T00:00:00.000Z' });
    const patched = await api.patch<Task>(`/tasks/${task.id}`, { dueAt: null }, { token: user.token });
    expectStatus(patched, 200);
    check(patched.body.dueAt === null, `Expected dueAt null after PATCH { dueAt: null }, got ${JSON.stringify(patched.body.dueAt)}.`, patched);
    const read = await api.get<Task>(`/tasks/${task.id}`, { token: user.token });
    check(read.body?.dueAt === null && read.body.title === task.title, `Expected a later GET to show dueAt null and the title unchanged, got ${JSON.stringify({ dueAt: read.body?.dueAt, title: read.body?.title })}.`, read);
  });

  test('[tasks-update] applies every value it is given: an empty description, and any RFC 3339 dueAt', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token, { description: 'to be emptied' });
    const emptied = await api.patch<Task>(`/tasks/${task.id}`, { description: '' }, { token: user.token });
    expectStatus(emptied, 200);
    check(emptied.body.description === '', `Expected description "" after PATCH { description: "" }, got ${JSON.stringify(emptied.body.description)}.`, emptied);
    for (const dueAt of ['2030-06-15T12:00:00-23:59', '0000-01-01T00:00:00Z']) {
      const patched = await api.patch<Task>(`/tasks/${task.id}`, { dueAt }, { token: user.token });
      expectStatus(patched, 200, `for PATCH { dueAt: ${JSON.stringify(dueAt)} }`);
      check(typeof patched.body.dueAt === 'string' && Date.parse(patched.body.dueAt) === Date.parse(dueAt), `Expected dueAt to be the instant of ${dueAt}, got ${JSON.stringify(patched.body.dueAt)}.`, patched);
    }
  });

  test('[tasks-delete] deletes with 204 and no body; the task is gone afterwards', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token);
    const deleted = await api.delete(`/tasks/${task.id}`, { token: user.token });
    expectStatus(deleted, 204);
    check(deleted.text === '', `Expected an empty body with 204 No Content, got ${JSON.stringify(deleted.text.slice(0, 80))}.`, deleted);
    expectProblem(await api.get(`/tasks/${task.id}`, { token: user.token }), 404, 'from GET of a deleted task');
    expectProblem(await api.delete(`/tasks/${task.id}`, { token: user.token }), 404, 'from a second DELETE of the same task');
  });
});

/** The fields of a task, and no others: SPEC.md "A task". */
const TASK_KEYS = ['createdAt', 'description', 'dueAt', 'id', 'status', 'title', 'updatedAt', 'version'];

const isTimestamp = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** The fields whose values differ, as { field: [expected, got] }. */
function differences(expected: object, got: unknown): Record<string, [unknown, unknown]> {
  const actual = (got ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return Object.fromEntries([...keys].filter((key) => !isDeepStrictEqual((expected as Record<string, unknown>)[key], actual[key])).map((key) => [key, [(expected as Record<string, unknown>)[key], actual[key]]]));
}
