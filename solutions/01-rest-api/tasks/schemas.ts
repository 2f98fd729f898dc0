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

// PostgreSQL text cannot hold U+0000; refuse it up front instead of failing in the INSERT.
const NO_NUL = '^[^\\u0000]*$';

const fields = {
  title: { type: 'string', minLength: 1, maxLength: 200, pattern: NO_NUL },
  description: { type: 'string', maxLength: 2000, pattern: NO_NUL },
  status: { type: 'string', enum: TASK_STATUSES },
  dueAt: { type: ['string', 'null'], format: 'date-time' },
} as const;

const task = {
  type: 'object',
  required: ['id', 'title', 'description', 'status', 'dueAt', 'version', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    status: { type: 'string' },
    dueAt: { type: ['string', 'null'] },
    version: { type: 'integer' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

const params = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

export const createTaskSchema = {
  headers: {
    type: 'object',
    properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255 } },
  },
  body: {
    type: 'object',
    required: ['title'],
    additionalProperties: false,
    properties: {
      ...fields,
      description: { ...fields.description, default: '' },
      status: { ...fields.status, default: 'todo' },
      dueAt: { ...fields.dueAt, default: null },
    },
  },
  response: { 201: task },
} as const;

export const getTaskSchema = { params, response: { 200: task } } as const;

export const updateTaskSchema = {
  params,
  body: { type: 'object', minProperties: 1, additionalProperties: false, properties: fields },
  response: { 200: task },
} as const;

export const deleteTaskSchema = { params } as const;

export const listTasksSchema = {
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      cursor: { type: 'string', minLength: 1, maxLength: 200 },
      status: fields.status,
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['items', 'nextCursor'],
      properties: { items: { type: 'array', items: task }, nextCursor: { type: ['string', 'null'] } },
    },
  },
} as const;
