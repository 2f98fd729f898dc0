import type { FastifyPluginAsync } from 'fastify';
import type { Pool } from 'pg';
import { HttpProblem } from '../problem.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { loginSchema, registerSchema, type Credentials } from './schemas.ts';
import { findUserByEmail, insertUser } from './users.ts';

export interface AuthRoutesOptions {
  pool: Pool;
  tokenTtlSeconds: number;
}

export const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, { pool, tokenTtlSeconds }) => {
  // Hashed once, used when the email is unknown so that answer takes as long as a wrong password.
  const decoyHash = hashPassword('decoy password, never matches');

  app.post<{ Body: Credentials }>('/register', { schema: registerSchema }, async (request, reply) => {
    const { email, password } = request.body;
    const user = await insertUser(pool, email, await hashPassword(password));
    if (!user) throw new HttpProblem(409, 'An account with this email already exists.');
    return reply.code(201).send(user);
  });

  app.post<{ Body: Credentials }>('/login', { schema: loginSchema }, async (request) => {
    const { email, password } = request.body;
    const user = await findUserByEmail(pool, email);
    const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
    if (!user || !valid) throw new HttpProblem(401, 'Wrong email or password.');
    return { token: app.jwt.sign({ sub: user.id }), tokenType: 'Bearer', expiresIn: tokenTtlSeconds };
  });
};
