/**
 * SQL for the `tasks` table. Every query is parameterised and scoped to the owner. Dates leave
 * as ISO 8601 strings. Conditional writes (If-Match) check and write in one statement.
 */
import type { Db } from '../db.ts';
import { notImplemented } from '#not-implemented';
import type { CursorPosition } from './cursor.ts';
import type { Task, TaskChanges, TaskFields, TaskStatus } from './schemas.ts';

/** The outcome of a conditional write. */
export type WriteResult<T> = { ok: true; value: T } | { ok: false; reason: 'not-found' | 'version-mismatch' };

export async function insertTask(db: Db, ownerId: string, fields: TaskFields): Promise<Task> {
  // TODO(tasks-create): INSERT ... RETURNING the new row, as a Task.
  throw notImplemented('01-rest-api', 'tasks-create', 'insertTask()');
}

export async function findTask(db: Db, ownerId: string, id: string): Promise<Task | null> {
  // TODO(tasks-read): one SELECT by id and owner.
  throw notImplemented('01-rest-api', 'tasks-read', 'findTask()');
}

export interface ListOptions {
  limit: number;
  status?: TaskStatus | undefined;
  after?: CursorPosition | null | undefined;
}

/** One page in (created_at, id) order, and where the next page starts (null on the last page). */
export async function listTasks(
  db: Db,
  ownerId: string,
  { limit, status, after }: ListOptions,
): Promise<{ tasks: Task[]; next: CursorPosition | null }> {
  // TODO(list-pagination): keyset query: WHERE (created_at, id) > cursor ORDER BY created_at, id LIMIT limit + 1.
  throw notImplemented('01-rest-api', 'list-pagination', 'listTasks()');
}

export async function updateTask(
  db: Db,
  ownerId: string,
  id: string,
  changes: TaskChanges,
  expectedVersion: number | null,
): Promise<WriteResult<Task>> {
  // TODO(tasks-update): one UPDATE setting the given fields and version + 1, guarded by owner and expectedVersion.
  throw notImplemented('01-rest-api', 'tasks-update', 'updateTask()');
}

export async function deleteTask(
  db: Db,
  ownerId: string,
  id: string,
  expectedVersion: number | null,
): Promise<WriteResult<undefined>> {
  // TODO(tasks-delete): one DELETE guarded by owner and expectedVersion; tell "missing" from "stale version".
  throw notImplemented('01-rest-api', 'tasks-delete', 'deleteTask()');
}
