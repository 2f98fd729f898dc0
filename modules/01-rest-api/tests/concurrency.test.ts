import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'vitest';
import { useAppUnderTest } from './support/app-under-test.ts';
import { check, expectProblem, expectStatus } from './support/expectations.ts';
import { createTask, pageThrough, type Task } from './support/tasks.ts';
import { newTask, registerUser } from './support/users.ts';

const appUnderTest = useAppUnderTest();
const CONCURRENT = 8;

describe('optimistic concurrency', () => {
  test('[optimistic-concurrency] a PATCH with the current If-Match succeeds and answers the next ETag', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token);
    const patched = await api.patch<Task>(`/tasks/${task.id}`, { title: 'renamed' }, { token: user.token, headers: { 'if-match': '"1"' } });
    expectStatus(patched, 200, 'for PATCH with If-Match: "1" on a task at version 1');
    check(patched.header('etag') === '"2"', `Expected ETag: "2" after the update, got ${JSON.stringify(patched.header('etag'))}.`, patched);
  });

  test('[optimistic-concurrency] a PATCH with a stale If-Match is 412 and changes nothing', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token);
    expectStatus(await api.patch(`/tasks/${task.id}`, { title: 'first writer' }, { token: user.token }), 200);
    const stale = await api.patch(`/tasks/${task.id}`, { title: 'second writer' }, { token: user.token, headers: { 'if-match': '"1"' } });
    expectProblem(stale, 412, 'for PATCH with If-Match: "1" on a task now at version 2');
    const read = await api.get<Task>(`/tasks/${task.id}`, { token: user.token });
    check(read.body.title === 'first writer' && read.body.version === 2, 'Expected a 412 to leave the task as it was.', read);
  });

  test('[optimistic-concurrency] a DELETE with a stale If-Match is 412 and the task survives', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token);
    expectProblem(await api.delete(`/tasks/${task.id}`, { token: user.token, headers: { 'if-match': '"7"' } }), 412, 'for DELETE with If-Match: "7" on a task at version 1');
    expectStatus(await api.get(`/tasks/${task.id}`, { token: user.token }), 200, 'from GET after a refused DELETE');
  });

  test(`[optimistic-concurrency] ${CONCURRENT} concurrent PATCHes with the same If-Match: exactly one wins`, async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token);
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, index) => api.patch<Task>(`/tasks/${task.id}`, { title: `writer ${index}` }, { token: user.token, headers: { 'if-match': '"1"' } })),
    );
    const statuses = responses.map((response) => response.status);
    const winners = responses.filter((response) => response.status === 200);
    check(winners.length === 1, `Expected exactly one 200 among ${CONCURRENT} concurrent PATCH /tasks/:id with If-Match: "1", got ${winners.length} (statuses ${JSON.stringify(statuses)}). Check the version and write it in one statement.`, winners[1] ?? responses[0]);
    check(statuses.every((status) => status === 200 || status === 412), `Expected the losers to get 412, got statuses ${JSON.stringify(statuses)}.`, responses.find((r) => r.status !== 200 && r.status !== 412));
    const read = await api.get<Task>(`/tasks/${task.id}`, { token: user.token });
    check(read.body.version === 2 && read.body.title === winners[0]!.body.title, `Expected version 2 holding the winner's title, got version ${read.body.version} with title ${JSON.stringify(read.body.title)}.`, read);
  });
});

describe('idempotency keys', () => {
  async function countTasks(token: string): Promise<number> {
    const { api } = await appUnderTest();
    const pages = await pageThrough(api, token, 'limit=100');
    return pages.reduce((total, page) => total + page.body.items.length, 0);
  }

  test('[idempotency-key] a retried POST with the same key answers the same task and creates no other', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const body = newTask();
    const key = `retry-${crypto.randomUUID()}`;
    const first = await api.post<Task>('/tasks', body, { token: user.token, headers: { 'idempotency-key': key } });
    expectStatus(first, 201);
    const retry = await api.post<Task>('/tasks', body, { token: user.token, headers: { 'idempotency-key': key } });
    expectStatus(retry, 201, 'for the retry (a replay answers what the first request answered)');
    check(isDeepStrictEqual(retry.body, first.body), 'Expected the replay to answer the same JSON body as the first request (same task, same fields and values).', retry);
    check(retry.header('idempotent-replayed') === 'true', 'Expected header Idempotent-Replayed: true on the replay.', retry);
    check((await countTasks(user.token)) === 1, 'Expected exactly one task after a POST and its retry.');
  });

  test('[idempotency-key] the same key with a different body is 422', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const key = `reuse-${crypto.randomUUID()}`;
    expectStatus(await api.post('/tasks', newTask(), { token: user.token, headers: { 'idempotency-key': key } }), 201);
    expectProblem(await api.post('/tasks', newTask(), { token: user.token, headers: { 'idempotency-key': key } }), 422, 'for a key reused with a different body');
  });

  test(`[idempotency-key] ${CONCURRENT} concurrent identical POSTs with one key create exactly one task`, async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const body = newTask();
    const key = `race-${crypto.randomUUID()}`;
    const responses = await Promise.all(Array.from({ length: CONCURRENT }, () => api.post<Task>('/tasks', body, { token: user.token, headers: { 'idempotency-key': key } })));
    const statuses = responses.map((response) => response.status);
    check(statuses.every((status) => status === 201 || status === 409), `Expected each concurrent duplicate to get 201 (the task) or 409 (still in flight), got ${JSON.stringify(statuses)}.`, responses.find((r) => r.status !== 201 && r.status !== 409));
    const ids = new Set(responses.filter((response) => response.status === 201).map((response) => response.body.id));
    check(ids.size === 1, `Expected every 201 to carry the same task id, got ${ids.size} different ids.`, responses[0]);
    const count = await countTasks(user.token);
    check(count === 1, `Expected exactly one task after ${CONCURRENT} concurrent POSTs with one Idempotency-Key, found ${count}.`);
  });

  test("[idempotency-key] keys are per user: another user's same key creates their own task", async () => {
    const { api } = await appUnderTest();
    const [alice, bob] = [await registerUser(api, 'alice'), await registerUser(api, 'bob')];
    const body = newTask();
    const key = `shared-${crypto.randomUUID()}`;
    const fromAlice = await api.post<Task>('/tasks', body, { token: alice.token, headers: { 'idempotency-key': key } });
    const fromBob = await api.post<Task>('/tasks', body, { token: bob.token, headers: { 'idempotency-key': key } });
    expectStatus(fromBob, 201);
    check(fromBob.body.id !== fromAlice.body.id, "Expected Bob's POST with Alice's key to create Bob's own task, not replay Alice's.", fromBob);
  });

  test('[idempotency-key] POSTs without a key are never merged', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const body = newTask();
    const [a, b] = [await api.post<Task>('/tasks', body, { token: user.token }), await api.post<Task>('/tasks', body, { token: user.token })];
    check(a.status === 201 && b.status === 201 && a.body.id !== b.body.id, 'Expected two POSTs with the same body and no Idempotency-Key to create two tasks.', b);
  });
});
