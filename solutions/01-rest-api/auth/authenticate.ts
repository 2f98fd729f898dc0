import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../problem.ts';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string };
    user: { sub: string; iat: number; exp: number };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The one 401 every authentication failure gets, with the challenge RFC 6750 asks for. */
export function invalidToken(detail = 'A valid bearer token is required.'): HttpProblem {
  return new HttpProblem(401, detail, { headers: { 'www-authenticate': 'Bearer' } });
}

/**
 * onRequest hook for protected routes. Verifying the signature and `exp` needs no database.
 * Every failure (no header, not a JWT, bad signature, `alg: none`, expired) is the same 401:
 * @fastify/jwt reports some of these as 400 or as bare errors, and the client can't act on the
 * difference anyway.
 *
 * A correct signature is not the end of it: the claims are still input. A token without `exp`
 * would never expire (@fastify/jwt accepts one), and a `sub` that is not a UUID would reach
 * PostgreSQL's uuid type and come back as a 500.
 */
export async function authenticate(request: FastifyRequest): Promise<void> {
  try {
    await request.jwtVerify();
  } catch {
    throw invalidToken();
  }
  const { sub, exp } = request.user;
  if (typeof sub !== 'string' || !UUID.test(sub) || typeof exp !== 'number') throw invalidToken();
}
