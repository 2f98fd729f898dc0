/**
 * Guards every /tasks route: a valid HS256 JWT in `Authorization: Bearer <token>`, else a 401
 * problem with header `WWW-Authenticate: Bearer` (missing, malformed, tampered, `alg: none`,
 * wrong signature, expired: all the same 401).
 */
import type { FastifyRequest } from 'fastify';
import { notImplemented } from '#not-implemented';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string };
    user: { sub: string; iat: number; exp: number };
  }
}

/** onRequest hook; afterwards `request.user.sub` is the caller's user id. */
export async function authenticate(request: FastifyRequest): Promise<void> {
  // TODO(auth-tokens): request.jwtVerify(); turn any failure into a 401 with WWW-Authenticate: Bearer.
  // A good signature is not enough: a token without `exp`, or whose `sub` is not a UUID, is a 401 too.
  throw notImplemented('01-rest-api', 'auth-tokens', 'authenticate()');
}
