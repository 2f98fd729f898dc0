import { randomUUID } from 'node:crypto';
import { describe, test } from 'vitest';
import { useAppUnderTest } from './support/app-under-test.ts';
import { check, expectFieldError, expectProblem } from '../../../harness/testing/expectations.ts';
import { sendRawRequest } from './support/raw-http.ts';
import { createTask } from './support/tasks.ts';
import { registerUser, type TestUser } from './support/users.ts';

const appUnderTest = useAppUnderTest();
let owner: TestUser | undefined;

/** One user for the whole file: validation needs no isolation between tests. */
async function session() {
  const sut = await appUnderTest();
  owner ??= await registerUser(sut.api);
  return { api: sut.api, token: owner.token };
}

describe('validation', () => {
  test('[validation] rejects a task without a title, naming the field', async () => {
    const { api, token } = await session();
    expectFieldError(await api.post('/tasks', { description: 'no title' }, { token }), 'title');
  });

  test('[validation] rejects an empty title and a 201-character title', async () => {
    const { api, token } = await session();
    expectFieldError(await api.post('/tasks', { title: '' }, { token }), 'title');
    expectFieldError(await api.post('/tasks', { title: 'x'.repeat(201) }, { token }), 'title');
  });

  test('[validation] rejects wrong types and values field by field, all errors at once', async () => {
    const { api, token } = await session();
    expectFieldError(await api.post('/tasks', { title: 42 }, { token }), 'title');
    expectFieldError(await api.post('/tasks', { title: 'ok', status: 'finished' }, { token }), 'status');
    expectFieldError(await api.post('/tasks', { title: 'ok', dueAt: 'tomorrow' }, { token }), 'dueAt');
    expectFieldError(await api.post('/tasks', { title: 'ok', dueAt: '9999-12-31T23:59:59-00:01' }, { token }), 'dueAt');
    expectFieldError(await api.post('/tasks', { title: 'ok', description: 'd'.repeat(2001) }, { token }), 'description');
    const both = await api.post('/tasks', { title: 42, status: 'finished' }, { token });
    expectFieldError(both, 'title');
    expectFieldError(both, 'status');
    // All at once in a query string too.
    const query = await api.get('/tasks?limit=0&status=finished', { token });
    expectFieldError(query, 'limit');
    expectFieldError(query, 'status');
  });

  test('[validation] rejects an unknown property instead of dropping it', async () => {
    const { api, token } = await session();
    expectFieldError(await api.post('/tasks', { title: 'ok', priority: 'high' }, { token }), 'priority');
    expectFieldError(await api.post('/auth/register', { email: `extra-${randomUUID()}@example.test`, password: 'long enough password', isAdmin: true }), 'isAdmin');
    expectFieldError(await api.post('/auth/login', { email: `extra-${randomUUID()}@example.test`, password: 'long enough password', remember: true }), 'remember');
  });

  test('[validation] rejects malformed JSON with a 400 problem', async () => {
    const { api, token } = await session();
    expectProblem(await api.post('/tasks', undefined, { token, rawBody: '{"title": "unterminated' }), 400, 'for a body that is not valid JSON');
  });

  test('[validation] rejects an empty PATCH and an unknown property in a PATCH', async () => {
    const { api, token } = await session();
    const task = await createTask(api, token);
    expectProblem(await api.patch(`/tasks/${task.id}`, {}, { token }), 400, 'for PATCH with an empty object');
    expectFieldError(await api.patch(`/tasks/${task.id}`, { owner: 'someone-else' }, { token }), 'owner');
    // The same bounds as on create.
    expectFieldError(await api.patch(`/tasks/${task.id}`, { title: 'x'.repeat(201) }, { token }), 'title');
    expectFieldError(await api.patch(`/tasks/${task.id}`, { title: '' }, { token }), 'title');
    expectFieldError(await api.patch(`/tasks/${task.id}`, { description: 'd'.repeat(2001) }, { token }), 'description');
    expectFieldError(await api.patch(`/tasks/${task.id}`, { status: 'finished' }, { token }), 'status');
    // null clears dueAt only: the other fields are strings.
    expectFieldError(await api.patch(`/tasks/${task.id}`, { description: null }, { token }), 'description');
    expectFieldError(await api.patch(`/tasks/${task.id}`, { title: null }, { token }), 'title');
  });

  test('[validation] rejects text PostgreSQL cannot store as sent: a NUL character or a lone UTF-16 surrogate', async () => {
    const { api, token } = await session();
    expectFieldError(await api.post('/tasks', { title: 'before\u0000after' }, { token }), 'title');
    expectFieldError(await api.post('/tasks', { title: 'ok', description: 'half a pair \ud83d' }, { token }), 'description');
    const pair = await api.post('/tasks', { title: 'a whole pair \ud83d\ude00' }, { token });
    check(pair.status === 201 && pair.body?.title === 'a whole pair \ud83d\ude00', `Expected a title with a complete surrogate pair (an emoji) to be stored as sent, got ${pair.status} with title ${JSON.stringify(pair.body?.title)}.`, pair);
    // The same rules hold on update.
    expectFieldError(await api.patch(`/tasks/${pair.body.id}`, { title: 'before\u0000after' }, { token }), 'title');
    expectFieldError(await api.patch(`/tasks/${pair.body.id}`, { description: '\udc00 half a pair' }, { token }), 'description');
  });

  test('[validation] rejects an id that is not a UUID, naming the field id', async () => {
    const { api, token } = await session();
    const uuid = randomUUID();
    for (const id of ['not-a-uuid', `urn:uuid:${uuid}`, `${uuid}0`, uuid.slice(1)]) {
      expectFieldError(await api.get(`/tasks/${encodeURIComponent(id)}`, { token }), 'id');
      expectFieldError(await api.delete(`/tasks/${encodeURIComponent(id)}`, { token }), 'id');
    }
    expectProblem(await api.get(`/tasks/${'x'.repeat(101)}`, { token }), 414, 'for an id over 100 characters (Fastify refuses it before validation)');
  });
});

describe('problem details', () => {
  test('[problem-details] a well-formed id that names no task is a 404 problem for GET, PATCH and DELETE', async () => {
    const { api, token } = await session();
    const id = randomUUID();
    expectProblem(await api.get(`/tasks/${id}`, { token }), 404, 'from GET of an id that names no task');
    expectProblem(await api.patch(`/tasks/${id}`, { title: 'x' }, { token }), 404, 'from PATCH of an id that names no task');
    expectProblem(await api.delete(`/tasks/${id}`, { token }), 404, 'from DELETE of an id that names no task');
  });

  test('[problem-details] a body in a media type the API does not read is a 415 problem', async () => {
    const { api, token } = await session();
    expectProblem(await api.post('/tasks', undefined, { token, rawBody: '<task><title>xml</title></task>', headers: { 'content-type': 'application/xml' } }), 415, 'for POST /tasks with Content-Type: application/xml');
  });

  test('[problem-details] an unknown route is a 404 problem too', async () => {
    const { api } = await session();
    expectProblem(await api.get('/no-such-route'), 404, 'for a route the API does not have');
  });

  test('[problem-details] a URL that is not valid percent-encoding is a 400 problem, although no route was matched', async () => {
    const { api, token } = await session();
    expectProblem(await api.get('/tasks/%ff', { token }), 400, 'for GET /tasks/%ff (Fastify refuses it before routing)');
  });

  test('[problem-details] requests refused by the HTTP parser are problems too: 431 for huge headers, 400 for a control character', async () => {
    const { app } = await appUnderTest();
    const origin = app.server.listening ? `http://127.0.0.1:${(app.server.address() as { port: number }).port}` : await app.listen({ host: '127.0.0.1', port: 0 });
    const huge = await sendRawRequest(origin, `GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20 * 1024)}\r\n\r\n`, 'GET /health with a 20 KiB header (over HTTP)');
    expectProblem(huge, 431, 'for a request whose headers are over 16 KiB');
    const control = await sendRawRequest(origin, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Note: a\x01b\r\n\r\n', 'GET /health with a control character in a header (over HTTP)');
    expectProblem(control, 400, 'for a request with a control character in a header');
  });

  test('[problem-details] a validation error is a problem with type, title, status and errors', async () => {
    const { api, token } = await session();
    const response = await api.post('/tasks', { title: '' }, { token });
    expectFieldError(response, 'title');
    const entry = (response.body.errors as Array<{ message?: unknown }>)[0];
    check(typeof entry?.message === 'string' && entry.message.length > 0, `Expected each errors[] entry to carry a non-empty message for a human, got ${JSON.stringify(entry)}.`, response);
  });
});

describe('body limit', () => {
  test('[body-limit] refuses a body over 64 KiB with a 413 problem', async () => {
    const { api, token } = await session();
    const huge = JSON.stringify({ title: 'big', description: 'x'.repeat(70 * 1024) });
    expectProblem(await api.post('/tasks', undefined, { token, rawBody: huge }), 413, 'for a 70 KiB body');
  });

  test('[body-limit] still reads a body just under the limit (and validates it)', async () => {
    const { api, token } = await session();
    const large = JSON.stringify({ title: 'big', description: 'x'.repeat(60 * 1024) });
    expectFieldError(await api.post('/tasks', undefined, { token, rawBody: large }), 'description');
  });
});
