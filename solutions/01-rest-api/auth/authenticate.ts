import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../problem.ts';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string };
    user: { sub: string; iat: number; exp: number };
  }
}

/**
 * onRequest hook for protected routes. Verifying the signature and `exp` needs no database.
 * Every failure (no header, not a JWT, bad signature, `alg: none`, expired) is the same 401:
 * @fastify/jwt reports some of these as 400 or as bare errors, and the client can't act on the
 * difference anyway.
 */
export async function authenticate(request: FastifyRequest): Promise<void> {
  try {
    await request.jwtVerify();
  } catch {
    throw new HttpProblem(401, 'A valid bearer token is required.', { headers: { 'www-authenticate': 'Bearer' } });
  }
}
