/**
 * The /tasks routes. All need a token (the `authenticate` hook below) and see only the caller's
 * tasks: another user's task is a 404, never a 403.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Pool } from 'pg';
import { notImplemented } from '#not-implemented';
import { authenticate } from '../auth/authenticate.ts';
import {
  createTaskSchema,
  deleteTaskSchema,
  getTaskSchema,
  listTasksSchema,
  updateTaskSchema,
  type ListTasksQuery,
  type TaskChanges,
  type TaskFields,
  type TaskParams,
} from './schemas.ts';

export interface TaskRoutesOptions {
  pool: Pool;
}

export const taskRoutes: FastifyPluginAsync<TaskRoutesOptions> = async (app, { pool }) => {
  app.addHook('onRequest', authenticate);

  app.post<{ Body: TaskFields; Headers: { 'idempotency-key'?: string } }>(
    '/',
    { schema: createTaskSchema },
    async (request, reply) => {
      // TODO(tasks-create): insertTask (or createTaskOnce with an Idempotency-Key); 201 with Location and ETag.
      throw notImplemented('01-rest-api', 'tasks-create', 'POST /tasks');
    },
  );

  app.get<{ Querystring: ListTasksQuery }>('/', { schema: listTasksSchema }, async (request, reply) => {
    // TODO(list-pagination): decode the cursor (400, field "cursor" if garbage), listTasks, { items, nextCursor }.
    throw notImplemented('01-rest-api', 'list-pagination', 'GET /tasks');
  });

  app.get<{ Params: TaskParams }>('/:id', { schema: getTaskSchema }, async (request, reply) => {
    // TODO(tasks-read): findTask; 404 problem if missing; ETag header.
    throw notImplemented('01-rest-api', 'tasks-read', 'GET /tasks/:id');
  });

  app.patch<{ Params: TaskParams; Body: TaskChanges }>('/:id', { schema: updateTaskSchema }, async (request, reply) => {
    // TODO(tasks-update): parseIfMatch, updateTask; 404 or 412 problem when nothing was written; new ETag.
    throw notImplemented('01-rest-api', 'tasks-update', 'PATCH /tasks/:id');
  });

  app.delete<{ Params: TaskParams }>('/:id', { schema: deleteTaskSchema }, async (request, reply) => {
    // TODO(tasks-delete): parseIfMatch, deleteTask; 204 without a body, or a 404/412 problem.
    throw notImplemented('01-rest-api', 'tasks-delete', 'DELETE /tasks/:id');
  });
};
