import { fileURLToPath } from 'node:url';
import type { OpenApiDocument } from './document-types.ts';
import { buildDocumentedApp } from './documented-app.ts';
import { addSpecRules } from './spec-additions.ts';

/** Where the document is committed: modules/01-rest-api/openapi.json. */
export const OPENAPI_FILE = fileURLToPath(new URL('../openapi.json', import.meta.url));

/** The OpenAPI document of module 01, as OPENAPI_FILE should hold it. */
export async function generateOpenApiDocument(): Promise<OpenApiDocument> {
  const app = await buildDocumentedApp();
  try {
    return addSpecRules(app.swagger() as unknown as OpenApiDocument);
  } finally {
    await app.close();
  }
}

/** The file's exact text, so the check against the committed file is a plain string comparison. */
export function serializeDocument(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
