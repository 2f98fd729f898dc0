import type { Pool } from 'pg';
import { withTransaction } from './db.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
  );
  CREATE UNIQUE INDEX IF NOT EXISTS users_email_lower_key ON users (lower(email));

  CREATE TABLE IF NOT EXISTS tasks (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       text NOT NULL,
    description text NOT NULL DEFAULT '',
    status      text NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done')),
    due_at      timestamptz,
    version     integer NOT NULL DEFAULT 1,
    -- clock_timestamp() is when the row is written; now() is when its transaction began, which
    -- can be long before (an idempotent create waits on the key first).
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
  );
  -- Keyset pagination walks these in order: one index per filter shape.
  CREATE INDEX IF NOT EXISTS tasks_owner_created_idx ON tasks (owner_id, created_at, id);
  CREATE INDEX IF NOT EXISTS tasks_owner_status_created_idx ON tasks (owner_id, status, created_at, id);

  CREATE TABLE IF NOT EXISTS idempotency_keys (
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key             text NOT NULL,
    fingerprint     text NOT NULL,
    -- NULL only inside the transaction that claimed the key; no other session ever sees that.
    response_status integer,
    response_body   jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
  );
`;

/**
 * Creates the schema if it is missing. Safe to run on every start, by several apps at once:
 * `CREATE ... IF NOT EXISTS` alone is not (two sessions can both see "missing" and one then fails
 * on a duplicate catalog row), so the statements run under a transaction-scoped advisory lock.
 */
export async function migrate(pool: Pool): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('workbench:01-rest-api:migrate'))");
    await client.query(SCHEMA);
  });
}
