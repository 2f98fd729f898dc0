/**
 * JSON schemas for /auth: `{ email, password }`, email a string in email format of at most 254
 * chars, password 8..128 chars, nothing else.
 */
import type { FastifySchema } from 'fastify';

export interface Credentials {
  email: string;
  password: string;
}

// TODO(validation): body schema for registration, and a 201 response schema { id, email }.
export const registerSchema: FastifySchema = {};

// TODO(validation): body schema for login, and a 200 response schema { token, tokenType, expiresIn }.
export const loginSchema: FastifySchema = {};
