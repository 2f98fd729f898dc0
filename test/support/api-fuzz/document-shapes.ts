import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import type { OpenApiDocument } from '../../../modules/01-rest-api/openapi/document-types.ts';

export type ShapeCheck = (value: unknown) => string[];

/** Validators for the document's component schemas (SPEC's task and problem shapes). */
export function documentShapes(document: OpenApiDocument): { task: ShapeCheck; problem: ShapeCheck } {
  // Not strict: the document carries OpenAPI keywords around its schemas, and `examples`.
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
  formats.default(ajv);
  ajv.addSchema(document, 'openapi.json');
  const check = (name: string): ShapeCheck => {
    const validate = ajv.getSchema(`openapi.json#/components/schemas/${name}`);
    if (!validate) throw new Error(`document-shapes: the document has no schema ${name}`);
    return (value) => (validate(value) ? [] : (validate.errors ?? []).map((error) => `${name}${error.instancePath} ${error.message ?? 'is invalid'}`));
  };
  return { task: check('Task'), problem: check('Problem') };
}
