import fc from 'fast-check';
import { listOperations, type OpenApiDocument, type Operation, type Parameter } from '../../../modules/01-rest-api/openapi/document-types.ts';
import { authPlan } from './auth-plans.ts';
import { bodyPlan } from './body-plans.ts';
import { contentTypePlan, idempotencyPlan, ifMatchPlan } from './header-plans.ts';
import { idPlan } from './path-plans.ts';
import { queryPlans } from './query-plans.ts';
import type { OperationName, RequestPlan } from './request-plan.ts';
import { varyParts } from './vary-parts.ts';

function parameter(operation: Operation, location: Parameter['in'], name: string): Parameter {
  const found = operation.parameters?.find((candidate) => candidate.in === location && candidate.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new Error(`plan-arbitrary: the document has no ${location} parameter ${name}`);
  return found;
}

function bodySchema(operation: Operation) {
  const schema = operation.requestBody?.content['application/json']?.schema;
  if (!schema) throw new Error('plan-arbitrary: the document has no JSON request body here');
  return schema;
}

const unknownRoute = fc.record({
  operation: fc.constant('unknown route' as const),
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
  path: fc.constantFrom('/no-such-route', '/TASKS', '/task', '/tasks/00000000-0000-0000-0000-000000000000/extra', '/auth', '/auth/logout', '/health/db', '/.env'),
  auth: authPlan.any,
});

/**
 * Generated requests for every operation in the document, weighted towards /tasks: the auth
 * operations hash a password (scrypt, tens of milliseconds) and would eat the time budget.
 */
export function requestPlan(document: OpenApiDocument): fc.Arbitrary<RequestPlan> {
  const operations = new Map(listOperations(document).map(({ path, method, operation }) => [`${method.toUpperCase()} ${path}`, operation]));
  const get = (name: OperationName): Operation => {
    const operation = operations.get(name);
    if (!operation) throw new Error(`plan-arbitrary: the document has no operation ${name}`);
    return operation;
  };
  const taskId = idPlan(parameter(get('GET /tasks/{id}'), 'path', 'id').schema);
  const byOperation: Record<OperationName, { weight: number; arbitrary: fc.Arbitrary<RequestPlan> }> = {
    'GET /health': { weight: 1, arbitrary: fc.constant({ operation: 'GET /health' as const }) },
    'POST /auth/register': {
      weight: 1,
      arbitrary: varyParts({ body: bodyPlan(bodySchema(get('POST /auth/register')), { ownCredentials: true }), contentType: contentTypePlan }).map((parts) => ({ operation: 'POST /auth/register' as const, ...parts })),
    },
    'POST /auth/login': {
      weight: 1,
      arbitrary: varyParts({ body: bodyPlan(bodySchema(get('POST /auth/login')), { ownCredentials: true }), contentType: contentTypePlan }).map((parts) => ({ operation: 'POST /auth/login' as const, ...parts })),
    },
    'POST /tasks': {
      weight: 6,
      arbitrary: varyParts({
        auth: authPlan,
        body: bodyPlan(bodySchema(get('POST /tasks'))),
        contentType: contentTypePlan,
        idempotency: idempotencyPlan(parameter(get('POST /tasks'), 'header', 'Idempotency-Key')),
      }).map((parts) => ({ operation: 'POST /tasks' as const, ...parts })),
    },
    'GET /tasks': {
      weight: 6,
      arbitrary: varyParts({ auth: authPlan, query: queryPlans((get('GET /tasks').parameters ?? []).filter((p) => p.in === 'query')) }).map((parts) => ({ operation: 'GET /tasks' as const, ...parts })),
    },
    'GET /tasks/{id}': { weight: 4, arbitrary: varyParts({ auth: authPlan, id: taskId }).map((parts) => ({ operation: 'GET /tasks/{id}' as const, ...parts })) },
    'PATCH /tasks/{id}': {
      weight: 6,
      arbitrary: varyParts({ auth: authPlan, id: taskId, body: bodyPlan(bodySchema(get('PATCH /tasks/{id}'))), contentType: contentTypePlan, ifMatch: ifMatchPlan }).map((parts) => ({
        operation: 'PATCH /tasks/{id}' as const,
        ...parts,
      })),
    },
    'DELETE /tasks/{id}': { weight: 3, arbitrary: varyParts({ auth: authPlan, id: taskId, ifMatch: ifMatchPlan }).map((parts) => ({ operation: 'DELETE /tasks/{id}' as const, ...parts })) },
  };
  const undocumented = [...operations.keys()].filter((name) => !(name in byOperation));
  if (undocumented.length > 0) throw new Error(`plan-arbitrary: no generator for ${undocumented.join(', ')}; add one`);
  return fc.oneof(...Object.values(byOperation), { weight: 1, arbitrary: unknownRoute });
}
