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

// PostgreSQL text cannot hold U+0000, and UTF-8 cannot hold a lone UTF-16 surrogate (pg would
// store U+FFFD instead, so the text would not read back as sent): refuse both up front. Ajv
// compiles patterns with the `u` flag, so a surrogate pair is one character and passes.
const STORABLE_TEXT = '^[^\\u0000\\ud800-\\udfff]*$';

const fields = {
  title: { type: 'string', minLength: 1, maxLength: 200, pattern: STORABLE_TEXT },
  description: { type: 'string', maxLength: 2000, pattern: STORABLE_TEXT },
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
      // A query string is text, and Ajv's coercion turns 'Infinity', '1e1', '0x10' and '+5' into
      // numbers: check the digits as written first, then the range of the number they make.
      limit: { default: 20, allOf: [{ type: 'string', pattern: '^[0-9]{1,3}$' }, { type: 'integer', minimum: 1, maximum: 100 }] },
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
