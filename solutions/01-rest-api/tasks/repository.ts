import { invalidToken } from '../auth/authenticate.ts';
import type { Db } from '../db.ts';
import type { CursorPosition } from './cursor.ts';
import type { Task, TaskChanges, TaskFields, TaskStatus } from './schemas.ts';

interface TaskRow {
  id: string;
  title: string;
  description: string;
  status: TaskStatus;
  due_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The outcome of a conditional write. */
export type WriteResult<T> = { ok: true; value: T } | { ok: false; reason: 'not-found' | 'version-mismatch' };

const COLUMNS = 'id, title, description, status, due_at, version, created_at, updated_at';

// Column names come from this fixed map, never from the request: only values are parameters.
const CHANGEABLE = { title: 'title', description: 'description', status: 'status', dueAt: 'due_at' } as const;

function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    dueAt: row.due_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * A correctly signed token can name a user who does not exist (an account deleted after the
 * token was issued, or a token someone signed by hand): writing a row owned by them violates the
 * foreign key. That is the token's fault, so it is a 401, not a 500.
 */
export function rethrowUnknownOwner(err: unknown): never {
  if ((err as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) throw invalidToken('The token names no registered user.');
  throw err;
}

// Handing pg a Date (not the client's string) lets JavaScript do the parsing: PostgreSQL rejects
// RFC 3339 values such as year 0000 or a -23:59 offset that ajv-formats and Date accept.
const toTimestamp = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

export async function insertTask(db: Db, ownerId: string, fields: TaskFields): Promise<Task> {
  const { rows } = await db
    .query<TaskRow>(
      `INSERT INTO tasks (owner_id, title, description, status, due_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [ownerId, fields.title, fields.description, fields.status, toTimestamp(fields.dueAt)],
    )
    .catch(rethrowUnknownOwner);
  return toTask(rows[0]!);
}

export async function findTask(db: Db, ownerId: string, id: string): Promise<Task | null> {
  // A named statement is parsed and planned once per connection: this is the hottest query.
  const { rows } = await db.query<TaskRow>({
    name: 'tasks-find',
    text: `SELECT ${COLUMNS} FROM tasks WHERE id = $1 AND owner_id = $2`,
    values: [id, ownerId],
  });
  return rows[0] ? toTask(rows[0]) : null;
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
  const values: unknown[] = [ownerId];
  const where = ['owner_id = $1'];
  if (status) {
    values.push(status);
    where.push(`status = $${values.length}`);
  }
  if (after) {
    values.push(after.createdAt, after.id);
    // Keyset: continue strictly after the last row seen. Rows inserted meanwhile can't shift it.
    where.push(
      `(created_at, id) > (timestamptz 'epoch' + $${values.length - 1}::bigint * interval '1 microsecond', $${values.length}::uuid)`,
    );
  }
  values.push(limit + 1); // one extra row tells whether another page exists
  const { rows } = await db.query<TaskRow & { created_us: string }>({
    name: `tasks-list${status ? '-status' : ''}${after ? '-after' : ''}`,
    text: `SELECT ${COLUMNS}, (extract(epoch FROM created_at) * 1000000)::bigint AS created_us
           FROM tasks WHERE ${where.join(' AND ')}
           ORDER BY created_at, id LIMIT $${values.length}`,
    values,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    tasks: page.map(toTask),
    next: rows.length > limit && last ? { createdAt: last.created_us, id: last.id } : null,
  };
}

/**
 * Applies `changes` if the task exists, belongs to `ownerId` and (when `expectedVersion` is given)
 * is still at that version. Check and write are one statement, so concurrent writers serialise
 * on the row lock and every loser sees the winner's new version.
 */
export async function updateTask(
  db: Db,
  ownerId: string,
  id: string,
  changes: TaskChanges,
  expectedVersion: number | null,
): Promise<WriteResult<Task>> {
  const values: unknown[] = [id, ownerId, expectedVersion];
  const assignments = ['version = version + 1', 'updated_at = clock_timestamp()'];
  for (const [key, column] of Object.entries(CHANGEABLE) as [keyof TaskChanges, string][]) {
    if (changes[key] === undefined) continue;
    values.push(key === 'dueAt' ? toTimestamp(changes.dueAt ?? null) : changes[key]);
    assignments.push(`${column} = $${values.length}`);
  }
  const { rows } = await db.query<TaskRow>(
    `UPDATE tasks SET ${assignments.join(', ')}
     WHERE id = $1 AND owner_id = $2 AND ($3::int IS NULL OR version = $3)
     RETURNING ${COLUMNS}`,
    values,
  );
  if (rows[0]) return { ok: true, value: toTask(rows[0]) };
  return { ok: false, reason: await whyNotWritten(db, ownerId, id) };
}

export async function deleteTask(
  db: Db,
  ownerId: string,
  id: string,
  expectedVersion: number | null,
): Promise<WriteResult<undefined>> {
  const { rowCount } = await db.query(
    'DELETE FROM tasks WHERE id = $1 AND owner_id = $2 AND ($3::int IS NULL OR version = $3)',
    [id, ownerId, expectedVersion],
  );
  if (rowCount) return { ok: true, value: undefined };
  return { ok: false, reason: await whyNotWritten(db, ownerId, id) };
}

// Only runs after a write matched nothing, so the common path stays a single statement.
async function whyNotWritten(db: Db, ownerId: string, id: string): Promise<'not-found' | 'version-mismatch'> {
  const { rowCount } = await db.query('SELECT 1 FROM tasks WHERE id = $1 AND owner_id = $2', [id, ownerId]);
  return rowCount ? 'version-mismatch' : 'not-found';
}
