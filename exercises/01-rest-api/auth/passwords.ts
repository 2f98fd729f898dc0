/**
 * Password storage: salted and slowly hashed (node:crypto's scrypt with a random salt per user),
 * compared in constant time. The plaintext, or any unsalted digest of it, never reaches the table.
 */
import { notImplemented } from '#not-implemented';

/** Returns a self-describing string to store, e.g. algorithm, parameters, salt and hash. */
export async function hashPassword(password: string): Promise<string> {
  // TODO(auth-accounts): scrypt the password with a fresh random salt; encode salt and hash in the result.
  throw notImplemented('01-rest-api', 'auth-accounts', 'hashPassword()');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  // TODO(auth-accounts): re-derive with the stored salt and compare with crypto.timingSafeEqual.
  throw notImplemented('01-rest-api', 'auth-accounts', 'verifyPassword()');
}
