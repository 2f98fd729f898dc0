import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { withTransaction } from '../db.ts';
import { HttpProblem } from '../problem.ts';
import { insertTask, rethrowUnknownOwner } from './repository.ts';
import type { Task, TaskFields } from './schemas.ts';

export interface CreateResult {
  status: number;
  task: Task;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function fingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * Creates a task at most once per (user, key). The key row is claimed first, inside the same
 * transaction as the task: a concurrent request with the same key blocks on that row's unique
 * index until the first one commits, then finds the finished answer and replays it. So nobody
 * ever observes a half-done key (no 409 needed), and a rollback releases the key for a retry.
 */
export async function createTaskOnce(pool: Pool, userId: string, key: string, fields: TaskFields): Promise<CreateResult> {
  const requestFingerprint = fingerprint(fields);
  return withTransaction(pool, async (client) => {
    const claimed = await client
      .query(
        `INSERT INTO idempotency_keys (user_id, key, fingerprint) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, key) DO NOTHING`,
        [userId, key, requestFingerprint],
      )
      .catch(rethrowUnknownOwner);
    if (claimed.rowCount === 0) {
      const { rows } = await client.query<{ fingerprint: string; response_status: number; response_body: Task }>(
        'SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
        [userId, key],
      );
      const stored = rows[0];
      if (!stored) throw new Error('idempotency key vanished after a conflict');
      if (stored.fingerprint !== requestFingerprint) {
        throw new HttpProblem(422, 'This Idempotency-Key was already used with a different request body.');
      }
      return { status: stored.response_status, task: stored.response_body, replayed: true };
    }
    const task = await insertTask(client, userId, fields);
    await client.query(
      'UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2',
      [userId, key, 201, JSON.stringify(task)],
    );
    return { status: 201, task, replayed: false };
  });
}
