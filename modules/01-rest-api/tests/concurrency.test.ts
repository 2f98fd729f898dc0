import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'vitest';
import { useAppUnderTest } from './support/app-under-test.ts';
import { check, expectProblem, expectStatus } from '../../../harness/testing/expectations.ts';
import type { ApiClient } from '../../../harness/testing/api-client.ts';
import { createTask, createTasks, pageThrough, type Task } from './support/tasks.ts';
import { newTask, registerUser } from './support/users.ts';

const appUnderTest = useAppUnderTest();
const CONCURRENT = 8;
/** Each race is run this many times: a race that a correct design never loses must be lost every run by a wrong one. */
const ROUNDS = 5;

/**
 * Fills the app's connection pool before a race: with a cold pool every request waits for a
 * connection of its own to open, one after another, and the race never happens.
 */
async function warmUp(api: ApiClient, token: string, taskId: string): Promise<void> {
  const responses = await Promise.all(Array.from({ length: 16 }, () => api.get(`/tasks/${taskId}`, { token })));
  for (const response of responses) expectStatus(response, 200, 'from GET /tasks/:id while warming up for the race');
}

describe('optimistic concurrency', () => {
  test('[optimistic-concurrency] a PATCH with the current If-Match succeeds and answers the next ETag', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token);
    const patched = await api.patch<Task>(`/tasks/${task.id}`, { title: 'renamed' }, { token: user.token, headers: { 'if-match': '"1"' } });
    expectStatus(patched, 200, 'for PATCH with If-Match: "1" on a task at version 1');
    check(patched.header('etag') === '"2"', `Expected ETag: "2" after the update, got ${JSON.stringify(patched.header('etag'))}.`, patched);
    const any = await api.patch<Task>(`/tasks/${task.id}`, { title: 'any version' }, { token: user.token, headers: { 'if-match': '*' } });
    expectStatus(any, 200, 'for PATCH with If-Match: * on an existing task');
    check(any.header('etag') === '"3"', `Expected ETag: "3" after the update with If-Match: *, got ${JSON.stringify(any.header('etag'))}.`, any);
  });

  test('[optimistic-concurrency] a PATCH with a stale If-Match is 412 and changes nothing', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token);
    expectStatus(await api.patch(`/tasks/${task.id}`, { title: 'first writer' }, { token: user.token }), 200);
    const stale = await api.patch(`/tasks/${task.id}`, { title: 'second writer' }, { token: user.token, headers: { 'if-match': '"1"' } });
    expectProblem(stale, 412, 'for PATCH with If-Match: "1" on a task now at version 2');
    // If-Match compares strong ETags: a weak or unquoted form of the current version is no match,
    // and neither is a version no task can have.
    for (const header of ['W/"2"', '2', '"4294967298"', '"99999999999999999999"', '"02"']) {
      expectProblem(await api.patch(`/tasks/${task.id}`, { title: 'second writer' }, { token: user.token, headers: { 'if-match': header } }), 412, `for PATCH with If-Match: ${header} (not the strong ETag "2")`);
    }
    const read = await api.get<Task>(`/tasks/${task.id}`, { token: user.token });
    check(read.body.title === 'first writer' && read.body.version === 2, `Expected a 412 to leave the task as it was (title "first writer", version 2), got title ${JSON.stringify(read.body.title)} at version ${read.body.version}.`, read);
  });

  test('[optimistic-concurrency] a DELETE with a stale If-Match is 412 and the task survives', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token);
    expectProblem(await api.delete(`/tasks/${task.id}`, { token: user.token, headers: { 'if-match': '"7"' } }), 412, 'for DELETE with If-Match: "7" on a task at version 1');
    expectStatus(await api.get(`/tasks/${task.id}`, { token: user.token }), 200, 'from GET after a refused DELETE');
  });

  test("[optimistic-concurrency] If-Match on a task that does not exist, or is another user's, is 404, not 412", async () => {
    const { api } = await appUnderTest();
    const [owner, other] = [await registerUser(api, 'owner'), await registerUser(api, 'other')];
    const task = await createTask(api, owner.token);
    const missing = crypto.randomUUID();
    const ifMatch = { 'if-match': '"1"' };
    expectProblem(await api.patch(`/tasks/${missing}`, { title: 'x' }, { token: owner.token, headers: ifMatch }), 404, 'for PATCH with If-Match: "1" on an id that names no task (there is no version to compare)');
    expectProblem(await api.delete(`/tasks/${missing}`, { token: owner.token, headers: { 'if-match': '"7"' } }), 404, 'for DELETE with If-Match: "7" on an id that names no task');
    expectProblem(await api.patch(`/tasks/${task.id}`, { title: 'x' }, { token: other.token, headers: { 'if-match': '"2"' } }), 404, "for PATCH with a stale If-Match on another user's task (a 412 would confirm it exists)");
    expectProblem(await api.delete(`/tasks/${task.id}`, { token: other.token, headers: ifMatch }), 404, "for DELETE with If-Match on another user's task");
    for (const target of [missing, task.id]) {
      expectProblem(await api.patch(`/tasks/${target}`, { title: 'x' }, { token: other.token, headers: { 'if-match': '*' } }), 404, 'for PATCH with If-Match: * on a task the caller cannot see');
      expectProblem(await api.delete(`/tasks/${target}`, { token: other.token, headers: { 'if-match': '*' } }), 404, 'for DELETE with If-Match: * on a task the caller cannot see');
    }
  });

  test(`[optimistic-concurrency] ${CONCURRENT} concurrent PATCHes with the same If-Match: exactly one wins, in each of ${ROUNDS} rounds`, async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const tasks = await createTasks(api, user.token, ROUNDS);
    await warmUp(api, user.token, tasks[0]!.id);
    for (const task of tasks) {
      const responses = await Promise.all(
        Array.from({ length: CONCURRENT }, (_, index) => api.patch<Task>(`/tasks/${task.id}`, { title: `writer ${index}` }, { token: user.token, headers: { 'if-match': '"1"' } })),
      );
      const statuses = responses.map((response) => response.status);
      const winners = responses.filter((response) => response.status === 200);
      check(winners.length === 1, `Expected exactly one 200 among ${CONCURRENT} concurrent PATCH /tasks/:id with If-Match: "1", got ${winners.length} (statuses ${JSON.stringify(statuses)}). Check the version and write it in one statement.`, winners[1] ?? responses[0]);
      const odd = responses.find((response) => response.status !== 200 && response.status !== 412);
      check(!odd, `Expected the losers to get 412, got statuses ${JSON.stringify(statuses)}.`, odd);
      const read = await api.get<Task>(`/tasks/${task.id}`, { token: user.token });
      check(read.body.version === 2 && read.body.title === winners[0]!.body.title, `Expected version 2 holding the winner's title ${JSON.stringify(winners[0]!.body.title)}, got version ${read.body.version} with title ${JSON.stringify(read.body.title)}.`, read);
    }
  });

  test(`[optimistic-concurrency] ${CONCURRENT} concurrent PATCHes without If-Match all succeed, one version each`, async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const task = await createTask(api, user.token);
    await warmUp(api, user.token, task.id);
    const responses = await Promise.all(Array.from({ length: CONCURRENT }, (_, index) => api.patch<Task>(`/tasks/${task.id}`, { title: `unconditional ${index}` }, { token: user.token })));
    const statuses = responses.map((response) => response.status);
    check(statuses.every((status) => status === 200), `Expected every PATCH without If-Match to succeed (the request is unconditional), got statuses ${JSON.stringify(statuses)}.`, responses.find((response) => response.status !== 200));
    const read = await api.get<Task>(`/tasks/${task.id}`, { token: user.token });
    check(read.body.version === 1 + CONCURRENT, `Expected version ${1 + CONCURRENT} after ${CONCURRENT} updates, got ${read.body.version}.`, read);
    // Each write's time belongs to the write: a later version never carries an earlier updatedAt
    // (an equal one is fine: these writes come within the same millisecond).
    const byVersion = responses.map((response) => response.body).sort((a, b) => a.version - b.version);
    const backwards = byVersion.find((task, index) => index > 0 && Date.parse(task.updatedAt) < Date.parse(byVersion[index - 1]!.updatedAt));
    check(!backwards, `Expected updatedAt never to go back as the version goes up across the ${CONCURRENT} concurrent updates, got ${JSON.stringify(byVersion.map((task) => [task.version, task.updatedAt]))}. Let the database stamp the time as it writes the row (clock_timestamp()), not the app before it asks.`);
  });

  test(`[optimistic-concurrency] concurrent PATCHes and DELETEs with the same If-Match: exactly one wins, in each of ${ROUNDS} rounds`, async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const tasks = await createTasks(api, user.token, ROUNDS);
    await warmUp(api, user.token, tasks[0]!.id);
    for (const task of tasks) {
      const options = { token: user.token, headers: { 'if-match': '"1"' } };
      const responses = await Promise.all(
        Array.from({ length: CONCURRENT }, (_, index) => (index % 2 === 0 ? api.delete(`/tasks/${task.id}`, options) : api.patch<Task>(`/tasks/${task.id}`, { title: `writer ${index}` }, options))),
      );
      const statuses = responses.map((response) => `${response.method} ${response.status}`);
      const winners = responses.filter((response) => response.status === 200 || response.status === 204);
      // After a DELETE wins the others find no task (404); after a PATCH wins they find version 2 (412).
      check(winners.length === 1, `Expected exactly one success among ${CONCURRENT} concurrent PATCHes and DELETEs with If-Match: "1", got ${winners.length} (${statuses.join(', ')}). Check the version and write in one statement, for DELETE too.`, winners[1] ?? responses[0]);
      const odd = responses.find((response) => ![200, 204, 404, 412].includes(response.status));
      check(!odd, `Expected the losers to get 412 (or 404 once the task is deleted), got ${statuses.join(', ')}.`, odd);
    }
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
    // An offset in dueAt, and the retry's keys in another order: still the same request.
    const body = newTask({ description: 'retried', dueAt: '2031-02-03T10:00:00+02:00' });
    const key = `retry-${crypto.randomUUID()}`;
    const first = await api.post<Task>('/tasks', body, { token: user.token, headers: { 'idempotency-key': key } });
    expectStatus(first, 201);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const retry = await api.post<Task>('/tasks', reordered, { token: user.token, headers: { 'idempotency-key': key } });
    expectStatus(retry, 201, 'for the retry (a replay answers what the first request answered)');
    check(isDeepStrictEqual(retry.body, first.body), `Expected the replay to answer the same JSON body as the first request, ${first.text}.`, retry);
    check(retry.header('idempotent-replayed') === 'true', `Expected header Idempotent-Replayed: true on the replay, got ${JSON.stringify(retry.header('idempotent-replayed'))}.`, retry);
    const count = await countTasks(user.token);
    check(count === 1, `Expected exactly one task after a POST and its retry, found ${count}.`);
  });

  test('[idempotency-key] a replay answers what the first request answered, even after the task was changed or deleted', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const body = newTask();
    const key = `stored-${crypto.randomUUID()}`;
    const first = await api.post<Task>('/tasks', body, { token: user.token, headers: { 'idempotency-key': key } });
    expectStatus(first, 201);
    expectStatus(await api.patch(`/tasks/${first.body.id}`, { title: 'renamed since' }, { token: user.token }), 200, 'from PATCH of the created task');
    const afterPatch = await api.post<Task>('/tasks', body, { token: user.token, headers: { 'idempotency-key': key } });
    expectStatus(afterPatch, 201, 'for the retry after the task was changed (a replay answers what the first request answered)');
    check(isDeepStrictEqual(afterPatch.body, first.body), `Expected the replay to answer the stored first response, ${first.text}, not the task as it is now.`, afterPatch);
    expectStatus(await api.delete(`/tasks/${first.body.id}`, { token: user.token }), 204, 'from DELETE of the created task');
    const afterDelete = await api.post<Task>('/tasks', body, { token: user.token, headers: { 'idempotency-key': key } });
    expectStatus(afterDelete, 201, 'for the retry after the task was deleted (the stored answer is replayed; no new task is created)');
    check(isDeepStrictEqual(afterDelete.body, first.body), `Expected the replay after the delete to answer the stored first response, ${first.text}.`, afterDelete);
    const count = await countTasks(user.token);
    check(count === 0, `Expected no task after the only one was deleted and its key replayed, found ${count}.`);
  });

  test('[idempotency-key] the same key with a different body is 422', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const key = `reuse-${crypto.randomUUID()}`;
    expectStatus(await api.post('/tasks', newTask(), { token: user.token, headers: { 'idempotency-key': key } }), 201);
    expectProblem(await api.post('/tasks', newTask(), { token: user.token, headers: { 'idempotency-key': key } }), 422, 'for a key reused with a different body');
  });

  test(`[idempotency-key] ${CONCURRENT} concurrent identical POSTs with one key create exactly one task, in each of ${ROUNDS} rounds`, async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    await warmUp(api, user.token, (await createTask(api, user.token)).id);
    for (let round = 1; round <= ROUNDS; round++) {
      const body = newTask();
      const key = `race-${crypto.randomUUID()}`;
      const responses = await Promise.all(Array.from({ length: CONCURRENT }, () => api.post<Task>('/tasks', body, { token: user.token, headers: { 'idempotency-key': key } })));
      const statuses = responses.map((response) => response.status);
      const odd = responses.find((r) => r.status !== 201 && r.status !== 409);
      check(!odd, `Expected each concurrent duplicate to get 201 (the task) or 409 (still in flight), got ${JSON.stringify(statuses)}.`, odd);
      const ids = [...new Set(responses.filter((response) => response.status === 201).map((response) => response.body.id))];
      check(ids.length === 1, `Expected every 201 to carry the same task id, got ${ids.length} different ids ${JSON.stringify(ids)}.`, responses[0]);
      const count = await countTasks(user.token);
      check(count === round + 1, `Expected exactly one new task after ${CONCURRENT} concurrent POSTs with one Idempotency-Key (round ${round}), found ${count - round} new ones.`);
    }
  });

  test('[idempotency-key] accepts keys of 1 to 255 characters and refuses a 256-character one with 400', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    for (const key of ['k', `${crypto.randomUUID()}-${'k'.repeat(218)}`]) {
      const body = newTask();
      const first = await api.post<Task>('/tasks', body, { token: user.token, headers: { 'idempotency-key': key } });
      expectStatus(first, 201, `for a ${key.length}-character Idempotency-Key`);
      const replay = await api.post<Task>('/tasks', body, { token: user.token, headers: { 'idempotency-key': key } });
      check(replay.status === 201 && replay.body?.id === first.body.id, `Expected the replay with the ${key.length}-character key to answer 201 with task ${first.body.id}, got ${replay.status} with id ${JSON.stringify(replay.body?.id)}.`, replay);
    }
    expectProblem(await api.post('/tasks', newTask(), { token: user.token, headers: { 'idempotency-key': 'k'.repeat(256) } }), 400, 'for a 256-character Idempotency-Key');
  });

  test("[idempotency-key] keys are per user: another user's same key creates their own task", async () => {
    const { api } = await appUnderTest();
    const [alice, bob] = [await registerUser(api, 'alice'), await registerUser(api, 'bob')];
    const body = newTask();
    const key = `shared-${crypto.randomUUID()}`;
    const fromAlice = await api.post<Task>('/tasks', body, { token: alice.token, headers: { 'idempotency-key': key } });
    const fromBob = await api.post<Task>('/tasks', body, { token: bob.token, headers: { 'idempotency-key': key } });
    expectStatus(fromBob, 201);
    check(fromBob.body.id !== fromAlice.body.id, `Expected Bob's POST with Alice's key to create Bob's own task, not replay Alice's; both got task ${JSON.stringify(fromAlice.body.id)}.`, fromBob);
    const bobAgain = await api.post<Task>('/tasks', body, { token: bob.token, headers: { 'idempotency-key': key } });
    check(bobAgain.status === 201 && bobAgain.body?.id === fromBob.body.id, `Expected Bob's retry to replay Bob's own task ${fromBob.body.id}, got ${bobAgain.status} with id ${JSON.stringify(bobAgain.body?.id)}${bobAgain.body?.id === fromAlice.body.id ? " (Alice's task)" : ''}.`, bobAgain);
  });

  test('[idempotency-key] keys are compared exactly: keys that differ only in case are different keys', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const key = `Case-${crypto.randomUUID()}`;
    const upper = await api.post<Task>('/tasks', newTask(), { token: user.token, headers: { 'idempotency-key': key.toUpperCase() } });
    const lower = await api.post<Task>('/tasks', newTask(), { token: user.token, headers: { 'idempotency-key': key.toLowerCase() } });
    expectStatus(upper, 201, 'for the upper-case key');
    check(lower.status === 201 && lower.body?.id !== upper.body.id, `Expected the lower-case key, another key, to create another task (201), got ${lower.status}${lower.body?.id === upper.body.id ? ' replaying the upper-case key\'s task' : ''}.`, lower);
  });

  test('[idempotency-key] POSTs without a key are never merged', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const body = newTask();
    const [a, b] = [await api.post<Task>('/tasks', body, { token: user.token }), await api.post<Task>('/tasks', body, { token: user.token })];
    check(a.status === 201 && b.status === 201 && a.body.id !== b.body.id, `Expected two POSTs with the same body and no Idempotency-Key to create two tasks, got ${a.status} and ${b.status} with ids ${JSON.stringify([a.body?.id, b.body?.id])}.`, b);
  });
});
