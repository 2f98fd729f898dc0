/**
 * `POST /tasks` with `Idempotency-Key`: keys are per user. The first request creates the task and
 * stores the answer with the key, in one transaction; a repeat with the same body replays that
 * answer (201, same body, `Idempotent-Replayed: true`); a different body is a 422. Concurrent
 * duplicates must create exactly one task.
 */
import type { Pool } from 'pg';
import { notImplemented } from '#not-implemented';
import type { Task, TaskFields } from './schemas.ts';

export interface CreateResult {
  status: number;
  task: Task;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

/** A stable hash of the request body (same fields in any order → same fingerprint). */
export function fingerprint(body: unknown): string {
  // TODO(idempotency-key): sha256 of a canonical JSON (sorted keys) of the body.
  throw notImplemented('01-rest-api', 'idempotency-key', 'fingerprint()');
}

export async function createTaskOnce(pool: Pool, userId: string, key: string, fields: TaskFields): Promise<CreateResult> {
  // TODO(idempotency-key): claim the key and create the task in one transaction; replay or 422 if the key exists.
  throw notImplemented('01-rest-api', 'idempotency-key', 'createTaskOnce()');
}
