/**
 * The task shapes (given) and the JSON schemas that validate requests and serialise responses
 * (yours). Create: title 1..200 chars (required), description ≤ 2000 chars (default ""), status
 * todo | in_progress | done (default todo), dueAt date-time or null (default null), nothing else.
 * Update: any non-empty subset of those. `:id` is a UUID. List: limit 1..100 (default 20),
 * cursor, status.
 */
import type { FastifySchema } from 'fastify';

export const TASK_STATUSES = ['todo', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface Task {
  id: string;
  title: string;
  description: string;
  status: TaskStatus;
  dueAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type TaskFields = Pick<Task, 'title' | 'description' | 'status' | 'dueAt'>;
export type TaskChanges = Partial<TaskFields>;
export interface TaskParams {
  id: string;
}
export interface ListTasksQuery {
  limit: number;
  cursor?: string;
  status?: TaskStatus;
}

// TODO(validation): headers (Idempotency-Key 1..255 chars), body with defaults, 201 response schema.
export const createTaskSchema: FastifySchema = {};

// TODO(validation): params (id: uuid) and a 200 response schema.
export const getTaskSchema: FastifySchema = {};

// TODO(validation): params, a non-empty body with only known properties, 200 response schema.
export const updateTaskSchema: FastifySchema = {};

// TODO(validation): params.
export const deleteTaskSchema: FastifySchema = {};

// TODO(validation): querystring limit (1..100, default 20), cursor, status; 200 response schema.
export const listTasksSchema: FastifySchema = {};
