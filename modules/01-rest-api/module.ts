import { defineModule } from '../../harness/manifest.ts';

export default defineModule({
  id: '01-rest-api',
  title: 'REST API: a task manager on Fastify and PostgreSQL',
  summary: 'CRUD, validation, problem details, cursor pagination, optimistic concurrency, idempotency keys, JWT auth and ownership, graceful shutdown, and latency under load.',
  dependencies: ['postgres'],
  requirements: [
    { id: 'schema', title: 'Creates its schema on start, re-runnably', points: 5 },
    { id: 'auth-accounts', title: 'Register and log in with salted, slow password hashes', points: 4 },
    { id: 'auth-tokens', title: 'JWT bearer tokens; 401 for missing, tampered or expired ones', points: 4 },
    { id: 'tasks-create', title: 'POST /tasks creates a task', points: 8 },
    { id: 'tasks-read', title: 'GET /tasks/:id reads a task', points: 5 },
    { id: 'tasks-update', title: 'PATCH /tasks/:id updates given fields', points: 6 },
    { id: 'tasks-delete', title: 'DELETE /tasks/:id deletes a task', points: 4 },
    { id: 'validation', title: 'JSON-schema validation: 400 with field-level errors', points: 8 },
    { id: 'problem-details', title: 'Every error is application/problem+json; unknown ids are 404', points: 5 },
    { id: 'list-pagination', title: 'Cursor pagination in stable order with a page-size cap', points: 8 },
    { id: 'list-filter', title: 'Filter the list by status', points: 3 },
    { id: 'optimistic-concurrency', title: 'ETag and If-Match: 412 on a stale version, no lost update', points: 8 },
    { id: 'idempotency-key', title: 'Idempotency-Key on POST: a retry never duplicates', points: 8 },
    { id: 'ownership', title: "Another user's task is 404", points: 5 },
    { id: 'hostile-input', title: 'SQL injection is stored or rejected, never executed', points: 5 },
    { id: 'body-limit', title: 'Bodies over 64 KiB are refused with 413', points: 2 },
    { id: 'health', title: 'GET /health checks the database', points: 3 },
    { id: 'graceful-shutdown', title: 'close() finishes in-flight requests, then closes the pool', points: 4 },
    { id: 'perf-read', title: 'GET /tasks/:id under load meets its targets', points: 3 },
    { id: 'perf-list', title: 'A list page under load meets its targets', points: 2 },
  ],
  targets: [
    { requirement: 'perf-read', operation: 'GET /tasks/:id', connections: 10, durationSeconds: 3, p99Ms: 20, minRequestsPerSecond: 1800, baseline: 'http+postgres' },
    { requirement: 'perf-list', operation: 'GET /tasks?limit=20', connections: 10, durationSeconds: 3, p99Ms: 25, minRequestsPerSecond: 1000, baseline: 'http+postgres' },
  ],
});
