import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { authenticate } from '../auth/authenticate.ts';
import { HttpProblem } from '../problem.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { createTaskOnce } from './idempotency.ts';
import { etag, parseIfMatch } from './if-match.ts';
import { deleteTask, findTask, insertTask, listTasks, updateTask, type WriteResult } from './repository.ts';
import {
  createTaskSchema,
  deleteTaskSchema,
  getTaskSchema,
  listTasksSchema,
  updateTaskSchema,
  type ListTasksQuery,
  type Task,
  type TaskChanges,
  type TaskFields,
  type TaskParams,
} from './schemas.ts';

export interface TaskRoutesOptions {
  pool: Pool;
}

// Another user's task is reported exactly like a missing one: its existence is not ours to reveal.
const notFound = () => new HttpProblem(404, 'No such task.');

function unwrap<T>(result: WriteResult<T>): T {
  if (result.ok) return result.value;
  if (result.reason === 'not-found') throw notFound();
  throw new HttpProblem(412, 'The task has changed since the version named in If-Match.');
}

function withEtag(reply: FastifyReply, task: Task): FastifyReply {
  return reply.header('etag', etag(task.version));
}

export const taskRoutes: FastifyPluginAsync<TaskRoutesOptions> = async (app, { pool }) => {
  app.addHook('onRequest', authenticate);

  app.post<{ Body: TaskFields; Headers: { 'idempotency-key'?: string } }>(
    '/',
    { schema: createTaskSchema },
    async (request, reply) => {
      const userId = request.user.sub;
      const key = request.headers['idempotency-key'];
      const { status, task, replayed } = key
        ? await createTaskOnce(pool, userId, key, request.body)
        : { status: 201, task: await insertTask(pool, userId, request.body), replayed: false };
      if (replayed) reply.header('idempotent-replayed', 'true');
      return withEtag(reply, task).code(status).header('location', `/tasks/${task.id}`).send(task);
    },
  );

  app.get<{ Querystring: ListTasksQuery }>('/', { schema: listTasksSchema }, async (request) => {
    const { limit, status, cursor } = request.query;
    const after = cursor === undefined ? null : decodeCursor(cursor);
    if (cursor !== undefined && after === null) {
      throw new HttpProblem(400, 'The request is invalid.', {
        errors: [{ field: 'cursor', message: 'must be a nextCursor returned by this API' }],
      });
    }
    const { tasks, next } = await listTasks(pool, request.user.sub, { limit, status, after });
    return { items: tasks, nextCursor: next && encodeCursor(next) };
  });

  app.get<{ Params: TaskParams }>('/:id', { schema: getTaskSchema }, async (request, reply) => {
    const task = await findTask(pool, request.user.sub, request.params.id);
    if (!task) throw notFound();
    return withEtag(reply, task).send(task);
  });

  app.patch<{ Params: TaskParams; Body: TaskChanges }>('/:id', { schema: updateTaskSchema }, async (request, reply) => {
    const expectedVersion = parseIfMatch(request.headers['if-match']);
    const result = await updateTask(pool, request.user.sub, request.params.id, request.body, expectedVersion);
    const task = unwrap(result);
    return withEtag(reply, task).send(task);
  });

  app.delete<{ Params: TaskParams }>('/:id', { schema: deleteTaskSchema }, async (request, reply) => {
    const expectedVersion = parseIfMatch(request.headers['if-match']);
    unwrap(await deleteTask(pool, request.user.sub, request.params.id, expectedVersion));
    return reply.code(204).send();
  });
};
