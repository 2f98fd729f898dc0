import { defineMutants } from '../../harness/mutants.ts';

/** Mistakes the 01-rest-api grader must catch, each as edits to solutions/01-rest-api. */
export default defineMutants([
  {
    name: 'PATCH ignores If-Match',
    breaks: 'optimistic-concurrency',
    edits: [{ file: 'tasks/repository.ts', find: 'WHERE id = $1 AND owner_id = $2 AND ($3::int IS NULL OR version = $3)\n     RETURNING', replace: 'WHERE id = $1 AND owner_id = $2 AND ($3::int IS NULL OR $3::int IS NOT NULL)\n     RETURNING' }],
  },
  {
    name: "GET by id forgets the owner filter",
    breaks: 'ownership',
    edits: [{ file: 'tasks/repository.ts', find: 'FROM tasks WHERE id = $1 AND owner_id = $2`', replace: 'FROM tasks WHERE id = $1 AND $2::uuid IS NOT NULL`' }],
  },
  {
    name: 'the title is pasted into the SQL string',
    breaks: 'hostile-input',
    edits: [
      { file: 'tasks/repository.ts', find: 'VALUES ($1, $2, $3, $4, $5) RETURNING', replace: "VALUES ($1, '${fields.title}', $2, $3, $4) RETURNING" },
      { file: 'tasks/repository.ts', find: '[ownerId, fields.title, fields.description,', replace: '[ownerId, fields.description,' },
    ],
  },
  {
    name: 'a retry with a known key creates another task',
    breaks: 'idempotency-key',
    edits: [{ file: 'tasks/idempotency.ts', find: 'if (claimed.rowCount === 0) {', replace: 'if (claimed.rowCount === -1) {' }],
  },
  {
    name: "Fastify's default 1 MiB body limit",
    breaks: 'body-limit',
    edits: [{ file: 'app.ts', find: 'bodyLimit: 65_536', replace: 'bodyLimit: 1_048_576' }],
  },
  {
    name: 'unknown properties are silently dropped',
    breaks: 'validation',
    edits: [{ file: 'validation.ts', find: 'removeAdditional: false,', replace: "removeAdditional: 'all'," }],
  },
  {
    name: 'unknown routes answer plain JSON',
    breaks: 'problem-details',
    edits: [{ file: 'app.ts', find: 'app.setNotFoundHandler(notFoundHandler);', replace: 'void notFoundHandler;' }],
  },
  {
    name: 'health answers ok without asking the database',
    breaks: 'health',
    edits: [{ file: 'health.ts', find: "await pool.query('SELECT 1');", replace: 'void pool;' }],
  },
  {
    name: 'the pool is never closed',
    breaks: 'graceful-shutdown',
    edits: [{ file: 'shutdown.ts', find: 'await pool.end();', replace: 'void pool;' }],
  },
  {
    name: 'close() waits out keep-alive connections',
    breaks: 'graceful-shutdown',
    edits: [{ file: 'shutdown.ts', find: "if (closing) reply.header('connection', 'close');", replace: 'void closing;' }],
  },
  {
    name: 'every user gets the same salt',
    breaks: 'auth-accounts',
    edits: [{ file: 'auth/passwords.ts', find: 'const salt = randomBytes(16);', replace: 'const salt = Buffer.alloc(16);' }],
  },
  {
    name: 'expired tokens are accepted',
    breaks: 'auth-tokens',
    edits: [{ file: 'app.ts', find: "verify: { algorithms: ['HS256'] },", replace: "verify: { algorithms: ['HS256'], ignoreExpiration: true } as never," }],
  },
  {
    name: 'every query opens a new database connection',
    breaks: 'perf-read',
    edits: [{ file: 'db.ts', find: '    max: 10,\n', replace: '    max: 10,\n    maxUses: 1,\n' }],
  },
  {
    name: 'the list is ordered by id, not by creation',
    breaks: 'list-pagination',
    edits: [{ file: 'tasks/repository.ts', find: 'ORDER BY created_at, id LIMIT', replace: 'ORDER BY id LIMIT' }],
  },
  // Defects of the reference itself, found by an outside fuzz: each fix has a test, and each
  // revert must fail it.
  {
    name: "limit coerced by Ajv's defaults: Infinity, 1e1 and 0x10 pass, and Infinity reaches PostgreSQL",
    breaks: 'list-pagination',
    edits: [{ file: 'tasks/schemas.ts', find: "limit: { default: 20, allOf: [{ type: 'string', pattern: '^[0-9]{1,3}$' }, { type: 'integer', minimum: 1, maximum: 100 }] },", replace: "limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 }," }],
  },
  {
    name: 'a signed token is trusted whatever its claims: no exp, or a sub that is not a UUID (a 500)',
    breaks: 'auth-tokens',
    edits: [{ file: 'auth/authenticate.ts', find: "if (typeof sub !== 'string' || !UUID.test(sub) || typeof exp !== 'number') throw invalidToken();", replace: 'void sub, exp, UUID;' }],
  },
  {
    name: 'a token for a user who does not exist creates a task: the foreign-key violation becomes a 500',
    breaks: 'auth-tokens',
    edits: [{ file: 'tasks/repository.ts', find: '    .catch(rethrowUnknownOwner);\n  return toTask(rows[0]!);', replace: '  ;\n  return toTask(rows[0]!);' }],
  },
  {
    name: 'errors raised before routing (a URL Fastify cannot decode) answer plain JSON',
    breaks: 'problem-details',
    edits: [{ file: 'app.ts', find: '    frameworkErrors: problemErrorHandler,\n', replace: '' }],
  },
  {
    name: "the HTTP parser's 431 and 400 answer Fastify's plain JSON",
    breaks: 'problem-details',
    edits: [{ file: 'app.ts', find: '    clientErrorHandler: clientErrorProblem,\n', replace: '' }],
  },
  {
    name: 'a lone UTF-16 surrogate is accepted and stored as U+FFFD, so the text does not read back as sent',
    breaks: 'validation',
    edits: [{ file: 'tasks/schemas.ts', find: "const STORABLE_TEXT = '^[^\\\\u0000\\\\ud800-\\\\udfff]*$';", replace: "const STORABLE_TEXT = '^[^\\\\u0000]*$';" }],
  },
  // Found by blind rounds: mistakes written from SPEC.md and the stub alone.
  {
    name: "no 'error' listener on the pool: a dropped database crashes the process with an unhandled error",
    breaks: 'health',
    edits: [{ file: 'db.ts', find: "  pool.on('error', (err) => log.warn({ err }, 'idle database client failed'));\n", replace: '  void log;\n' }],
  },
  {
    name: 'forceCloseConnections to beat the keep-alive trap, which also cuts off the in-flight request',
    breaks: 'graceful-shutdown',
    edits: [{ file: 'app.ts', find: '    bodyLimit: 65_536,\n', replace: '    bodyLimit: 65_536,\n    forceCloseConnections: true,\n' }],
  },
  {
    name: 'PATCH bumps the version but never touches updated_at',
    breaks: 'tasks-update',
    edits: [
      { file: 'tasks/repository.ts', find: "const assignments = ['version = version + 1', 'updated_at = clock_timestamp()'];", replace: "const assignments = ['version = version + 1'];" },
    ],
  },
  {
    name: 'If-Match checked with a SELECT first, then an unconditional UPDATE (read-then-write race)',
    breaks: 'optimistic-concurrency',
    edits: [
      { file: 'tasks/repository.ts', find: 'const values: unknown[] = [id, ownerId, expectedVersion];', replace: "if (expectedVersion !== null) {\n    const current = await db.query<{ version: number }>('SELECT version FROM tasks WHERE id = $1 AND owner_id = $2', [id, ownerId]);\n    if (!current.rows[0]) return { ok: false, reason: 'not-found' };\n    if (current.rows[0].version !== expectedVersion) return { ok: false, reason: 'version-mismatch' };\n  }\n  const values: unknown[] = [id, ownerId];" },
      { file: 'tasks/repository.ts', find: "WHERE id = $1 AND owner_id = $2 AND ($3::int IS NULL OR version = $3)\n     RETURNING", replace: "WHERE id = $1 AND owner_id = $2\n     RETURNING" },
    ],
  },
  {
    name: 'a conditional write that matched nothing is assumed stale: 412 instead of 404 for a missing task when If-Match is sent',
    breaks: 'optimistic-concurrency',
    edits: [
      { file: 'tasks/repository.ts', find: "if (rows[0]) return { ok: true, value: toTask(rows[0]) };\n  return { ok: false, reason: await whyNotWritten(db, ownerId, id) };", replace: "if (rows[0]) return { ok: true, value: toTask(rows[0]) };\n  if (expectedVersion !== null) return { ok: false, reason: 'version-mismatch' };\n  return { ok: false, reason: await whyNotWritten(db, ownerId, id) };" },
      { file: 'tasks/repository.ts', find: "if (rowCount) return { ok: true, value: undefined };\n  return { ok: false, reason: await whyNotWritten(db, ownerId, id) };", replace: "if (rowCount) return { ok: true, value: undefined };\n  if (expectedVersion !== null) return { ok: false, reason: 'version-mismatch' };\n  return { ok: false, reason: await whyNotWritten(db, ownerId, id) };" },
    ],
  },
  {
    name: 'fetches exactly `limit` rows and sets nextCursor whenever the page is full, so an exact multiple ends with a cursor to an empty page',
    breaks: 'list-pagination',
    edits: [
      { file: 'tasks/repository.ts', find: 'values.push(limit + 1); // one extra row tells whether another page exists', replace: 'values.push(limit);' },
      { file: 'tasks/repository.ts', find: 'next: rows.length > limit && last ?', replace: 'next: rows.length === limit && last ?' },
    ],
  },
  {
    name: 'the opaque cursor encodes a row offset and the query uses OFFSET',
    breaks: 'list-pagination',
    edits: [
      { file: 'tasks/repository.ts', find: "  if (after) {\n    values.push(after.createdAt, after.id);\n    // Keyset: continue strictly after the last row seen. Rows inserted meanwhile can't shift it.\n    where.push(\n      `(created_at, id) > (timestamptz 'epoch' + $${values.length - 1}::bigint * interval '1 microsecond', $${values.length}::uuid)`,\n    );\n  }", replace: '  const offset = after ? Number(after.createdAt) : 0;' },
      { file: 'tasks/repository.ts', find: 'values.push(limit + 1); // one extra row tells whether another page exists', replace: 'values.push(limit + 1, offset);' },
      { file: 'tasks/repository.ts', find: 'ORDER BY created_at, id LIMIT $${values.length}`', replace: 'ORDER BY created_at, id LIMIT $${values.length - 1} OFFSET $${values.length}`' },
      { file: 'tasks/repository.ts', find: '{ createdAt: last.created_us, id: last.id }', replace: '{ createdAt: String(offset + limit), id: last.id }' },
    ],
  },
  {
    name: 'replay re-reads the task by id instead of returning the stored response (differs after a PATCH, 404 after a DELETE)',
    breaks: 'idempotency-key',
    edits: [
      { file: 'tasks/idempotency.ts', find: "import { HttpProblem } from '../problem.ts';", replace: "import { HttpProblem } from '../problem.ts';\nimport { findTask } from './repository.ts';" },
      { file: 'tasks/idempotency.ts', find: 'return { status: stored.response_status, task: stored.response_body, replayed: true };', replace: "const current = await findTask(client, userId, stored.response_body.id);\n      if (!current) throw new HttpProblem(404, 'No such task.');\n      return { status: stored.response_status, task: current, replayed: true };" },
    ],
  },
  {
    name: "GET /tasks/:id re-checks that the token's user still exists, inside a transaction (BEGIN, 2 SELECTs, COMMIT per read)",
    breaks: 'perf-read',
    edits: [
      { file: 'tasks/routes.ts', find: "import { HttpProblem } from '../problem.ts';", replace: "import { HttpProblem } from '../problem.ts';\nimport { withTransaction } from '../db.ts';" },
      { file: 'tasks/routes.ts', find: 'const task = await findTask(pool, request.user.sub, request.params.id);', replace: "const task = await withTransaction(pool, async (client) => {\n      const user = await client.query('SELECT id FROM users WHERE id = $1', [request.user.sub]);\n      if (!user.rowCount) throw new HttpProblem(401, 'A valid bearer token is required.', { headers: { 'www-authenticate': 'Bearer' } });\n      return findTask(client, request.user.sub, request.params.id);\n    });" },
    ],
  },
  {
    name: 'N+1: the list query selects only ids, then each task is loaded with findTask one by one',
    breaks: 'perf-list',
    edits: [
      { file: 'tasks/repository.ts', find: 'text: `SELECT ${COLUMNS}, (extract(epoch FROM created_at) * 1000000)::bigint AS created_us', replace: 'text: `SELECT id, (extract(epoch FROM created_at) * 1000000)::bigint AS created_us' },
      { file: 'tasks/repository.ts', find: '  const page = rows.slice(0, limit);', replace: "  const page = rows.slice(0, limit);\n  const tasks: Task[] = [];\n  for (const row of page) {\n    const task = await findTask(db, ownerId, row.id);\n    if (task) tasks.push(task);\n  }" },
      { file: 'tasks/repository.ts', find: 'tasks: page.map(toTask),', replace: 'tasks,' },
    ],
  },
]);
