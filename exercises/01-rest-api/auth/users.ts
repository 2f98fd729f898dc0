/**
 * SQL for the `users` table. Emails are unique case-insensitively. Parameterised queries only.
 */
import type { Db } from '../db.ts';
import { notImplemented } from '#not-implemented';

export interface User {
  id: string;
  email: string;
  passwordHash: string;
}

/** Returns null when the email is taken (compared case-insensitively). */
export async function insertUser(db: Db, email: string, passwordHash: string): Promise<Omit<User, 'passwordHash'> | null> {
  // TODO(auth-accounts): INSERT ... RETURNING id, email; a unique violation (23505) means the email is taken.
  throw notImplemented('01-rest-api', 'auth-accounts', 'insertUser()');
}

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  // TODO(auth-accounts): look the user up by email, ignoring case.
  throw notImplemented('01-rest-api', 'auth-accounts', 'findUserByEmail()');
}
