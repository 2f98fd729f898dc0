import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll } from 'vitest';
import { buildApp, type AppOptions } from '@wb/target/01-rest-api/index.ts';
import { isNotImplementedError } from '../../../../harness/not-implemented.ts';
import { StatementCounter } from '../../../../harness/testing/statement-counter.ts';
import { createTestDatabase, postgresInfo, type TestDatabase } from '../../../../harness/testing/test-database.ts';
import { ApiClient, notImplementedForTest } from '../../../../harness/testing/api-client.ts';
import { fail } from '../../../../harness/testing/expectations.ts';
import { learnerLogger } from '../../../../harness/testing/learner-log.ts';

export interface AppUnderTest {
  readonly app: FastifyInstance;
  readonly api: ApiClient;
  readonly db: TestDatabase;
  readonly options: AppOptions;
  /** Counts the statements the app runs, when it was started with `countStatements`. */
  readonly statements?: StatementCounter;
  /** Closes the app, then drops its database. */
  stop(): Promise<void>;
}

/**
 * Builds the learner's app on a fresh database and waits for ready(). Startup errors become the
 * test's own failure: a stub's not-implemented error names the test's requirement and what
 * blocked it; anything else says the app did not start.
 */
export interface LaunchOptions {
  /**
   * Connect the app through a statement-counting proxy. Only for tests that count: the proxy
   * is a hop of its own, so load tests go straight to the server.
   */
  readonly countStatements?: boolean;
}

export async function startAppUnderTest(overrides: Partial<AppOptions> = {}, existing?: TestDatabase): Promise<AppUnderTest> {
  try {
    return await launch(overrides, {}, existing);
  } catch (error) {
    throw startupFailure(error);
  }
}

async function launch(overrides: Partial<AppOptions>, launchOptions: LaunchOptions, existing?: TestDatabase): Promise<AppUnderTest> {
  const db = existing ?? (await createTestDatabase());
  const statements = launchOptions.countStatements ? await StatementCounter.start(postgresInfo().host, postgresInfo().port) : undefined;
  const databaseUrl = statements ? statements.proxyUrl(db.url) : db.url;
  // The app's warnings and errors go to the test that caused them (load tests pass logger: false).
  const options: AppOptions = { databaseUrl, jwtSecret: randomBytes(24).toString('base64url'), tokenTtlSeconds: 3600, logger: learnerLogger, ...overrides };
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp(options);
    await app.ready();
  } catch (error) {
    await app?.close().catch(() => {});
    await statements?.close();
    if (!existing) await db.drop();
    throw error;
  }
  const started = app;
  return {
    app: started,
    api: new ApiClient(started),
    db,
    options,
    ...(statements ? { statements } : {}),
    stop: async () => {
      await started.close();
      await statements?.close();
      if (!existing) await db.drop();
    },
  };
}

function startupFailure(error: unknown): Error {
  if (isNotImplementedError(error)) return notImplementedForTest(`The app did not start: ${error.message}`);
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  try {
    fail(`Expected buildApp(options) and app.ready() to start the app, but they threw ${detail}`);
  } catch (failure) {
    (failure as Error).cause = error;
    return failure as Error;
  }
}

/**
 * One app for a whole test file, started by the first test that needs it and closed after the
 * last. Started lazily so that a startup failure fails each test with its own requirement
 * rather than failing a hook (which would skip the tests instead of failing them).
 */
export function useAppUnderTest(overrides: Partial<AppOptions> = {}, launchOptions: LaunchOptions = {}): () => Promise<AppUnderTest> {
  let started: Promise<AppUnderTest> | undefined;
  afterAll(async () => {
    const app = await started?.catch(() => undefined);
    await app?.stop();
  });
  return async () => {
    started ??= launch(overrides, launchOptions);
    try {
      return await started;
    } catch (error) {
      throw startupFailure(error);
    }
  };
}
