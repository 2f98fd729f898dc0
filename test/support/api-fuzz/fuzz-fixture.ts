import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { OpenApiDocument } from '../../../modules/01-rest-api/openapi/document-types.ts';
import { OPENAPI_FILE } from '../../../modules/01-rest-api/openapi/generate-document.ts';
import { createTestDatabase, type TestDatabase } from '../../../harness/testing/test-database.ts';
import { buildApp } from '../../../solutions/01-rest-api/index.ts';
import { ApiModel, type Task } from './api-model.ts';
import { documentShapes } from './document-shapes.ts';
import type { ResolveContext } from './resolve-request.ts';
import type { ShapeCheck } from './document-shapes.ts';

export interface FuzzFixture extends AsyncDisposable {
  app: FastifyInstance;
  document: OpenApiDocument;
  context: ResolveContext & { shapes: { task: ShapeCheck; problem: ShapeCheck } };
  /** Keeps a few live tasks around, so "the n-th live task" always names one. */
  topUp(): Promise<void>;
}

const JWT_SECRET = 'fuzz-secret-0123456789abcdef';
const TOKEN_TTL_SECONDS = 3600;

async function register(app: FastifyInstance, email: string, password: string): Promise<{ id: string; token: string }> {
  const registered = await app.inject({ method: 'POST', url: '/auth/register', payload: { email, password } });
  if (registered.statusCode !== 201) throw new Error(`fuzz fixture: register answered ${registered.statusCode} ${registered.body}`);
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } });
  if (login.statusCode !== 200) throw new Error(`fuzz fixture: login answered ${login.statusCode} ${login.body}`);
  return { id: registered.json<{ id: string }>().id, token: login.json<{ token: string }>().token };
}

async function createTask(app: FastifyInstance, token: string, title: string): Promise<Task> {
  const created = await app.inject({ method: 'POST', url: '/tasks', headers: { authorization: `Bearer ${token}` }, payload: { title } });
  if (created.statusCode !== 201) throw new Error(`fuzz fixture: POST /tasks answered ${created.statusCode} ${created.body}`);
  return created.json<Task>();
}

/**
 * The reference (or another `buildApp` of the same signature) on a fresh database, the committed
 * document, a fuzz user with tasks, and another user's task.
 */
export async function startFuzzFixture(build: typeof buildApp = buildApp): Promise<FuzzFixture> {
  const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenApiDocument;
  const database: TestDatabase = await createTestDatabase();
  const app = await build({ databaseUrl: database.url, jwtSecret: JWT_SECRET, tokenTtlSeconds: TOKEN_TTL_SECONDS });
  try {
    await app.ready();
    const password = 'fuzz password 1';
    const email = 'fuzz.user@example.io';
    const user = await register(app, email, password);
    const other = await register(app, 'someone.else@example.io', password);
    const model = new ApiModel({ ...user, email, password }, (await createTask(app, other.token, 'not yours')).id);
    model.addAccount('someone.else@example.io', password);
    const topUp = async () => {
      while (model.live.size < 3) model.remember(await createTask(app, user.token, `task ${model.live.size + model.deleted.length}`));
    };
    await topUp();
    return {
      app,
      document,
      context: { model, jwtSecret: JWT_SECRET, tokenTtlSeconds: TOKEN_TTL_SECONDS, shapes: documentShapes(document) },
      topUp,
      async [Symbol.asyncDispose]() {
        await app.close();
        await database.drop();
      },
    };
  } catch (error) {
    await app.close();
    await database.drop();
    throw error;
  }
}
