import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildDocumentedApp } from '../../modules/01-rest-api/openapi/documented-app.ts';
import { generateOpenApiDocument, OPENAPI_FILE, serializeDocument } from '../../modules/01-rest-api/openapi/generate-document.ts';
import { createTestDatabase } from '../../harness/testing/test-database.ts';
import { buildApp } from '../../solutions/01-rest-api/index.ts';

describe('modules/01-rest-api/openapi.json', () => {
  test('is what `npm run openapi` writes from the reference', async () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    const generated = serializeDocument(await generateOpenApiDocument());
    expect(committed, 'openapi.json is out of date with the reference or openapi/*.ts: run `npm run openapi` and commit it').toBe(generated);
  });

  test("documents exactly the reference app's routes", async () => {
    // The generator registers the reference's route plugins itself (buildApp has no way to put
    // @fastify/swagger before them); this keeps that wiring equal to buildApp's.
    await using database = await createTestDatabase();
    const real = await buildApp({ databaseUrl: database.url, jwtSecret: 'openapi-route-check' });
    const documented = await buildDocumentedApp();
    try {
      await real.ready();
      expect(documented.printRoutes({ commonPrefix: false })).toBe(real.printRoutes({ commonPrefix: false }));
    } finally {
      await Promise.all([real.close(), documented.close()]);
    }
  });
});
