import type { Db } from '../db.ts';

export interface User {
  id: string;
  email: string;
  passwordHash: string;
}

const UNIQUE_VIOLATION = '23505';

/** Returns null when the email is taken (compared case-insensitively, see the unique index). */
export async function insertUser(db: Db, email: string, passwordHash: string): Promise<Omit<User, 'passwordHash'> | null> {
  try {
    const { rows } = await db.query<{ id: string; email: string }>(
      'INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id, email',
      [email, passwordHash],
    );
    return rows[0] ?? null;
  } catch (err) {
    if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) return null;
    throw err;
  }
}

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const { rows } = await db.query<User>(
    'SELECT id, email, password_hash AS "passwordHash" FROM users WHERE lower(email) = lower($1)',
    [email],
  );
  return rows[0] ?? null;
}
