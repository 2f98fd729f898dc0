import { randomBytes } from 'node:crypto';
import type { ApiClient } from '../../../../harness/testing/api-client.ts';
import { check, expectStatus } from '../../../../harness/testing/expectations.ts';

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly token: string;
}

/** Random per run, so nothing about a user can be hard-coded. */
export function randomEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.test`;
}

export async function registerUser(api: ApiClient, label = 'user'): Promise<TestUser> {
  const email = randomEmail(label);
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const registered = await api.post('/auth/register', { email, password });
  expectStatus(registered, 201, 'from POST /auth/register for a new email');
  const login = await api.post('/auth/login', { email, password });
  expectStatus(login, 200, 'from POST /auth/login with the password just registered');
  check(typeof login.body?.token === 'string', `Expected POST /auth/login to return { token: string, … }, got token ${JSON.stringify(login.body?.token)}.`, login);
  return { id: String(registered.body?.id), email, password, token: login.body.token as string };
}

/** A task body with a random title, so tests can tell tasks apart. */
export function newTask(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: `Task ${randomBytes(4).toString('hex')}`, ...overrides };
}
