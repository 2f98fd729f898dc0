/**
 * Writes openapi.json beside this file: `npm run openapi`. Run it after changing a route schema
 * of the reference or the rules in openapi/; test/course/openapi.test.ts fails until you do.
 */
import { writeFileSync } from 'node:fs';
import { generateOpenApiDocument, OPENAPI_FILE, serializeDocument } from './openapi/generate-document.ts';

writeFileSync(OPENAPI_FILE, serializeDocument(await generateOpenApiDocument()));
console.log(`wrote ${OPENAPI_FILE}`);
