/**
 * `POST /auth/register` → 201 `{ id, email }` (409 if the email is taken, in any case);
 * `POST /auth/login` → 200 `{ token, tokenType: "Bearer", expiresIn }` (401, the same for an
 * unknown email and a wrong password). The token's `sub` is the user id.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Pool } from 'pg';
import { notImplemented } from '#not-implemented';
import { loginSchema, registerSchema, type Credentials } from './schemas.ts';

export interface AuthRoutesOptions {
  pool: Pool;
  tokenTtlSeconds: number;
}

export const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, { pool, tokenTtlSeconds }) => {
  app.post<{ Body: Credentials }>('/register', { schema: registerSchema }, async (request, reply) => {
    // TODO(auth-accounts): hash the password, insert the user, 201 { id, email }; 409 problem if taken.
    throw notImplemented('01-rest-api', 'auth-accounts', 'POST /auth/register');
  });

  app.post<{ Body: Credentials }>('/login', { schema: loginSchema }, async (request, reply) => {
    // TODO(auth-accounts): check the password, sign { sub: user.id } with app.jwt.sign; 401 problem otherwise.
    throw notImplemented('01-rest-api', 'auth-accounts', 'POST /auth/login');
  });
};
