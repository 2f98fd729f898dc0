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
    race: true,
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
  // Blind round 2.
  {
    name: 'register normalises the email to lower case before storing, so the 201 echoes a lower-cased email, not the one sent',
    breaks: 'auth-accounts',
    edits: [
      { file: 'auth/routes.ts', find: 'const user = await insertUser(pool, email, await hashPassword(password));', replace: "// Normalise once so \"A@x.io\" and \"a@x.io\" are the same account everywhere.\n    const user = await insertUser(pool, email.toLowerCase(), await hashPassword(password));" },
    ],
  },
  {
    name: 'passwords hashed with a per-user random salt but a fast SHA-256 instead of a slow KDF',
    breaks: 'auth-accounts',
    edits: [
      { file: 'auth/passwords.ts', find: "import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';", replace: "import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';" },
      { file: 'auth/passwords.ts', find: "function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {\n  return new Promise((resolve, reject) => {\n    scrypt(password, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));\n  });\n}", replace: "// scrypt made every register/login take ~50 ms; salted SHA-256 is unique per user and fast.\nasync function derive(password: string, salt: Buffer, _options: { N: number; r: number; p: number }): Promise<Buffer> {\n  return createHash('sha256').update(salt).update(password, 'utf8').digest();\n}" },
    ],
  },
  {
    name: 'password schema has only a minimum length; passwords over 128 characters are accepted',
    breaks: 'auth-accounts',
    edits: [
      { file: 'auth/schemas.ts', find: "password: { type: 'string', minLength: 8, maxLength: 128 },", replace: "password: { type: 'string', minLength: 8 }, // longer passphrases are only safer" },
    ],
  },
  {
    name: 'NUL / lone-surrogate pattern only on the create schema; PATCH with a NUL title reaches PostgreSQL (500)',
    breaks: 'validation',
    edits: [
      { file: 'tasks/schemas.ts', find: "title: { type: 'string', minLength: 1, maxLength: 200, pattern: STORABLE_TEXT },", replace: "title: { type: 'string', minLength: 1, maxLength: 200 }," },
      { file: 'tasks/schemas.ts', find: "description: { type: 'string', maxLength: 2000, pattern: STORABLE_TEXT },", replace: "description: { type: 'string', maxLength: 2000 }," },
      { file: 'tasks/schemas.ts', find: "description: { ...fields.description, default: '' },", replace: "title: { ...fields.title, pattern: STORABLE_TEXT },\n      description: { ...fields.description, default: '', pattern: STORABLE_TEXT }," },
    ],
  },
  {
    name: "ajv-formats' own uuid format kept: /tasks/urn:uuid:<uuid> passes validation and PostgreSQL answers 500",
    breaks: 'validation',
    edits: [
      { file: 'validation.ts', find: "  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);\n", replace: '' },
    ],
  },
  {
    name: 'create trims title and description before inserting, so leading/trailing whitespace is lost',
    breaks: 'tasks-create',
    edits: [
      { file: 'tasks/repository.ts', find: '[ownerId, fields.title, fields.description, fields.status, toTimestamp(fields.dueAt)]', replace: '[ownerId, fields.title.trim(), fields.description.trim(), fields.status, toTimestamp(fields.dueAt)]' },
    ],
  },
  {
    name: 'create response echoes the request fields (dueAt as sent, e.g. with +02:00) while GET returns the normalised ISO string',
    breaks: 'tasks-read',
    edits: [
      { file: 'tasks/repository.ts', find: 'return toTask(rows[0]!);', replace: "// The row adds id, version and timestamps; the rest is what the client sent.\n  return { ...toTask(rows[0]!), ...fields };" },
    ],
  },
  {
    name: 'sub checked with an unanchored UUID regex: "<uuid>x" or "x<uuid>" passes and PostgreSQL answers 500',
    breaks: 'auth-tokens',
    edits: [
      { file: 'auth/authenticate.ts', find: 'const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;', replace: 'const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;' },
    ],
  },
  {
    name: "Fastify's own 4xx errors all mapped to 400 except the 413 body limit, so a 415 (wrong Content-Type) becomes 400",
    breaks: 'problem-details',
    edits: [
      { file: 'problem.ts', find: "  if (statusCode >= 400 && statusCode < 500) {\n    return sendProblem(reply, problem(statusCode, message));\n  }", replace: "  // Fastify's own client errors are bad input (malformed JSON, a bad URL); only the body limit keeps its 413.\n  if (statusCode === 413) return sendProblem(reply, problem(413, message));\n  if (statusCode >= 400 && statusCode < 500) {\n    return sendProblem(reply, problem(400, message));\n  }" },
    ],
  },
  {
    name: 'pool.end() in a preClose hook: the pool is closed as soon as close() starts, before in-flight requests finish their queries',
    breaks: 'graceful-shutdown',
    edits: [
      { file: 'shutdown.ts', find: "  app.addHook('onClose', async () => {\n    await pool.end();\n  });", replace: "  // Release the database first, then let Fastify close the server.\n  app.addHook('preClose', async () => {\n    await pool.end();\n  });" },
    ],
  },
  {
    name: "login lookup interpolates the email into SQL ('format: email' was trusted): an email with an apostrophe breaks out",
    breaks: 'hostile-input',
    edits: [
      { file: 'auth/users.ts', find: "    'SELECT id, email, password_hash AS \"passwordHash\" FROM users WHERE lower(email) = lower($1)',\n    [email],", replace: "    // email already passed format: email, so it is safe to inline\n    `SELECT id, email, password_hash AS \"passwordHash\" FROM users WHERE lower(email) = lower('${email}')`," },
    ],
  },
  {
    name: 'keyset on created_at alone: no id tiebreak in ORDER BY or the cursor comparison',
    breaks: 'list-pagination',
    edits: [
      { file: 'tasks/repository.ts', find: 'values.push(after.createdAt, after.id);', replace: 'values.push(after.createdAt);' },
      { file: 'tasks/repository.ts', find: "`(created_at, id) > (timestamptz 'epoch' + $${values.length - 1}::bigint * interval '1 microsecond', $${values.length}::uuid)`", replace: "`created_at > timestamptz 'epoch' + $${values.length}::bigint * interval '1 microsecond'`" },
      { file: 'tasks/repository.ts', find: 'ORDER BY created_at, id LIMIT', replace: 'ORDER BY created_at LIMIT' },
    ],
  },
  {
    name: 'status filter applied in JavaScript after fetching the page: short/empty pages with a non-null nextCursor',
    breaks: 'list-filter',
    edits: [
      { file: 'tasks/repository.ts', find: "  if (status) {\n    values.push(status);\n    where.push(`status = $${values.length}`);\n  }\n", replace: '' },
      { file: 'tasks/repository.ts', find: 'tasks: page.map(toTask),', replace: 'tasks: page.filter((row) => !status || row.status === status).map(toTask),' },
    ],
  },
  {
    name: 'pages after the first drop the owner condition ("the cursor already points into my list")',
    breaks: 'ownership',
    edits: [
      { file: 'tasks/repository.ts', find: "const values: unknown[] = [ownerId];\n  const where = ['owner_id = $1'];", replace: "// A cursor can only come from the caller's own first page, so it already pins their list.\n  const values: unknown[] = after ? [] : [ownerId];\n  const where: string[] = after ? [] : ['owner_id = $1'];" },
    ],
  },
  {
    name: 'lenient If-Match parsing: strips W/ and quotes, so W/"1" and bare 1 match version 1',
    breaks: 'optimistic-concurrency',
    edits: [
      { file: 'tasks/if-match.ts', find: "const match = /^\"(0|[1-9]\\d{0,9})\"$/.exec(header.trim());\n  const version = Number(match?.[1]);\n  if (!match || version > MAX_VERSION) {", replace: "// Accept the ETag however the client writes it: \"3\", W/\"3\" or 3.\n  const version = Number(header.trim().replace(/^W\\//, '').replaceAll('\"', ''));\n  if (!Number.isInteger(version) || version > MAX_VERSION) {" },
    ],
  },
  {
    name: 'DELETE reads the version and compares in JavaScript, then deletes unconditionally (check-then-act race)',
    breaks: 'optimistic-concurrency',
    race: true,
    edits: [
      { file: 'tasks/repository.ts', find: "): Promise<WriteResult<undefined>> {\n", replace: "): Promise<WriteResult<undefined>> {\n  if (expectedVersion !== null) {\n    const current = await findTask(db, ownerId, id);\n    if (!current) return { ok: false, reason: 'not-found' };\n    if (current.version !== expectedVersion) return { ok: false, reason: 'version-mismatch' };\n  }\n" },
      { file: 'tasks/repository.ts', find: "'DELETE FROM tasks WHERE id = $1 AND owner_id = $2 AND ($3::int IS NULL OR version = $3)',\n    [id, ownerId, expectedVersion],", replace: "'DELETE FROM tasks WHERE id = $1 AND owner_id = $2',\n    [id, ownerId]," },
    ],
  },
  {
    name: 'idempotency fingerprint hashes JSON.stringify(body) without sorting keys: reordered identical body → 422',
    breaks: 'idempotency-key',
    edits: [
      { file: 'tasks/idempotency.ts', find: '.update(canonicalJson(body))', replace: '.update(JSON.stringify(body))' },
    ],
  },
  {
    name: "same-body check compares the retry with the stored task's fields instead of the stored request fingerprint",
    breaks: 'idempotency-key',
    edits: [
      { file: 'tasks/idempotency.ts', find: 'if (stored.fingerprint !== requestFingerprint) {', replace: "// Same request = same fields as the task we created for it.\n      const first = stored.response_body;\n      if (fingerprint({ title: first.title, description: first.description, status: first.status, dueAt: first.dueAt }) !== requestFingerprint) {" },
    ],
  },
  {
    name: 'idempotency key column is varchar(64): a valid 65..255-character key makes POST /tasks a 500',
    breaks: 'idempotency-key',
    edits: [
      { file: 'migrations.ts', find: 'key             text NOT NULL,', replace: 'key             varchar(64) NOT NULL,' },
    ],
  },
  // Blind round 3.
  {
    name: 'migrations run in a transaction but without the advisory lock: two apps starting together race on CREATE ... IF NOT EXISTS (duplicate pg_type row)',
    breaks: 'schema',
    race: true,
    edits: [
      { file: 'migrations.ts', find: "    await client.query(\"SELECT pg_advisory_xact_lock(hashtext('workbench:01-rest-api:migrate'))\");\n", replace: '' },
    ],
  },
  {
    name: 'auth credentials schema has no additionalProperties: false, so register/login accept { email, password, isAdmin: true }',
    breaks: 'validation',
    edits: [
      { file: 'auth/schemas.ts', find: "  additionalProperties: false,\n", replace: '' },
    ],
  },
  {
    name: 'login looks the email up with an exact match (email = $1): the unique index is on lower(email), but A@x.io cannot log in to the a@x.io account',
    breaks: 'auth-accounts',
    edits: [
      { file: 'auth/users.ts', find: 'WHERE lower(email) = lower($1)', replace: 'WHERE email = $1' },
    ],
  },
  {
    name: 'sub checked only with UUID.test (typed as string, so no typeof check): sub: ["<uuid>"] stringifies to a UUID, passes, and reaches PostgreSQL as an array (500)',
    breaks: 'auth-tokens',
    edits: [
      { file: 'auth/authenticate.ts', find: "if (typeof sub !== 'string' || !UUID.test(sub) || typeof exp !== 'number')", replace: "if (!UUID.test(sub) || typeof exp !== 'number')" },
    ],
  },
  {
    name: 'create passes the validated dueAt string straight to pg: RFC 3339 values PostgreSQL refuses (offset -23:59, year 0000) become a 500',
    breaks: 'tasks-create',
    edits: [
      { file: 'tasks/repository.ts', find: 'toTimestamp(fields.dueAt)', replace: 'fields.dueAt' },
    ],
  },
  {
    name: 'task JSON includes ownerId (owner_id selected and mapped, added to the response schema)',
    breaks: 'tasks-read',
    edits: [
      { file: 'tasks/schemas.ts', find: "  updatedAt: string;\n", replace: "  updatedAt: string;\n  ownerId: string;\n" },
      { file: 'tasks/schemas.ts', find: "    updatedAt: { type: 'string' },\n", replace: "    updatedAt: { type: 'string' },\n    ownerId: { type: 'string' },\n" },
      { file: 'tasks/repository.ts', find: "const COLUMNS = 'id, title, description, status, due_at, version, created_at, updated_at';", replace: "const COLUMNS = 'id, owner_id, title, description, status, due_at, version, created_at, updated_at';" },
      { file: 'tasks/repository.ts', find: "  updated_at: Date;\n", replace: "  updated_at: Date;\n  owner_id: string;\n" },
      { file: 'tasks/repository.ts', find: "    updatedAt: row.updated_at.toISOString(),\n", replace: "    updatedAt: row.updated_at.toISOString(),\n    ownerId: row.owner_id,\n" },
    ],
  },
  {
    name: 'cursor decoder accepts any run of digits (\\d+): a well-formed cursor with a 20-digit timestamp overflows ::bigint in PostgreSQL (500, not 400)',
    breaks: 'list-pagination',
    edits: [
      { file: 'tasks/cursor.ts', find: '(\\d{1,16})', replace: '(\\d+)' },
    ],
  },
  {
    name: 'idempotency replay lookup reads the stored answer by key alone (the claim is per user, the SELECT is not)',
    breaks: 'idempotency-key',
    edits: [
      { file: 'tasks/idempotency.ts', find: "'SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2',\n        [userId, key],", replace: "'SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE key = $1',\n        [key]," },
    ],
  },
  {
    name: 'cursor validated with a loose pattern (unbounded digits, 36 hex-or-hyphen chars): a crafted cursor reaches the ::uuid / ::bigint casts and answers 500',
    breaks: 'list-pagination',
    edits: [
      { file: 'tasks/cursor.ts', find: 'const POSITION = /^(\\d{1,16}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;', replace: 'const POSITION = /^(\\d+):([0-9a-f-]{36})$/;' },
    ],
  },
  {
    name: 'If-Match parsed with /^"(\\d+)"$/ and no range check: a version beyond PostgreSQL integer range answers 500 instead of 412',
    breaks: 'optimistic-concurrency',
    edits: [
      { file: 'tasks/if-match.ts', find: "const MAX_VERSION = 2 ** 31 - 1; // the column is a PostgreSQL integer\n", replace: '' },
      { file: 'tasks/if-match.ts', find: 'const match = /^"(0|[1-9]\\d{0,9})"$/.exec(header.trim());', replace: 'const match = /^"(\\d+)"$/.exec(header.trim());' },
      { file: 'tasks/if-match.ts', find: 'if (!match || version > MAX_VERSION) {', replace: 'if (!match || Number.isNaN(version)) {' },
    ],
  },
  {
    name: 'PATCH skips falsy values except null (truthiness check patched for dueAt: null): description "" never clears a description',
    breaks: 'tasks-update',
    edits: [
      { file: 'tasks/repository.ts', find: 'if (changes[key] === undefined) continue;', replace: 'if (!changes[key] && changes[key] !== null) continue;' },
    ],
  },
  {
    name: "GET /tasks/:id loads by id and checks the owner in JS; another user's task gets a 404 whose detail says it belongs to someone else",
    breaks: 'ownership',
    edits: [
      { file: 'tasks/repository.ts', find: "import { invalidToken } from '../auth/authenticate.ts';", replace: "import { invalidToken } from '../auth/authenticate.ts';\nimport { HttpProblem } from '../problem.ts';" },
      { file: 'tasks/repository.ts', find: "    text: `SELECT ${COLUMNS} FROM tasks WHERE id = $1 AND owner_id = $2`,\n    values: [id, ownerId],\n  });\n  return rows[0] ? toTask(rows[0]) : null;", replace: "    text: `SELECT ${COLUMNS}, owner_id FROM tasks WHERE id = $1`,\n    values: [id],\n  });\n  const row = rows[0] as (TaskRow & { owner_id: string }) | undefined;\n  if (!row) return null;\n  // Someone else's task: a 404 as the spec says (never 403), with a clearer explanation.\n  if (row.owner_id !== ownerId) throw new HttpProblem(404, 'This task belongs to another user.');\n  return toTask(row);" },
    ],
  },
  {
    name: 'PATCH hands dueAt to PostgreSQL as the raw string (create converts it): year 0000 or a -23:59 offset answers 500 on PATCH',
    breaks: 'tasks-update',
    edits: [
      { file: 'tasks/repository.ts', find: "values.push(key === 'dueAt' ? toTimestamp(changes.dueAt ?? null) : changes[key]);", replace: 'values.push(changes[key]);' },
    ],
  },
  {
    name: 'PATCH without If-Match compares against the version it just read: concurrent unconditional PATCHes get a spurious 412',
    breaks: 'optimistic-concurrency',
    race: true,
    edits: [
      { file: 'tasks/repository.ts', find: 'const values: unknown[] = [id, ownerId, expectedVersion];', replace: "// No If-Match: check against the version we see now, so there is a single check-and-set path.\n  const current =\n    expectedVersion ??\n    (await db.query<{ version: number }>('SELECT version FROM tasks WHERE id = $1 AND owner_id = $2', [id, ownerId]))\n      .rows[0]?.version ??\n    null;\n  const values: unknown[] = [id, ownerId, current];" },
    ],
  },
  {
    name: 'Idempotency-Key lower-cased before use (treated like a header name): keys differing only in case collide',
    breaks: 'idempotency-key',
    edits: [
      { file: 'tasks/routes.ts', find: "const key = request.headers['idempotency-key'];", replace: "const key = request.headers['idempotency-key']?.toLowerCase();" },
    ],
  },
  // Blind round 4.
  {
    name: 'email maxLength 255 (the varchar(255) habit) instead of 254: a 255-character email registers',
    breaks: 'auth-accounts',
    edits: [
      { file: 'auth/schemas.ts', find: 'maxLength: 254', replace: 'maxLength: 255' },
    ],
  },
  {
    name: 'register checks for the email with a SELECT first, then hashes and INSERTs; a concurrent duplicate hits the unique index as an unmapped 23505 (500, not 409)',
    breaks: 'auth-accounts',
    race: true,
    edits: [
      { file: 'auth/routes.ts', find: 'const user = await insertUser(pool, email, await hashPassword(password));', replace: "if (await findUserByEmail(pool, email)) throw new HttpProblem(409, 'An account with this email already exists.');\n    const user = await insertUser(pool, email, await hashPassword(password));" },
      { file: 'auth/users.ts', find: "if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) return null;\n", replace: '' },
    ],
  },
  {
    name: "token taken as authorization.split(' ')[1] without checking the scheme: 'Basic <valid jwt>' is accepted",
    breaks: 'auth-tokens',
    edits: [
      { file: 'auth/authenticate.ts', find: "    await request.jwtVerify();\n", replace: "    // \"Authorization: Bearer <token>\": the token is the second word.\n    const token = request.headers.authorization?.split(' ')[1];\n    if (!token) throw new Error('no token');\n    request.user = request.server.jwt.verify<FastifyRequest['user']>(token);\n" },
    ],
  },
  {
    name: 'POST /tasks with an Idempotency-Key returns early from its own branch, without the Location and ETag headers',
    breaks: 'tasks-create',
    edits: [
      { file: 'tasks/routes.ts', find: "      const { status, task, replayed } = key\n        ? await createTaskOnce(pool, userId, key, request.body)\n        : { status: 201, task: await insertTask(pool, userId, request.body), replayed: false };\n      if (replayed) reply.header('idempotent-replayed', 'true');\n      return withEtag(reply, task).code(status).header('location', `/tasks/${task.id}`).send(task);", replace: "      if (key) {\n        const { status, task, replayed } = await createTaskOnce(pool, userId, key, request.body);\n        if (replayed) reply.header('idempotent-replayed', 'true');\n        return reply.code(status).send(task);\n      }\n      const task = await insertTask(pool, userId, request.body);\n      return withEtag(reply, task).code(201).header('location', `/tasks/${task.id}`).send(task);" },
    ],
  },
  {
    name: 'frameworkErrors handler hard-codes 400 "bad URL": an id over 100 characters answers 400 instead of 414',
    breaks: 'validation',
    edits: [
      { file: 'app.ts', find: "import { clientErrorProblem, notFoundHandler, problemErrorHandler } from './problem.ts';", replace: "import { clientErrorProblem, HttpProblem, notFoundHandler, problemErrorHandler } from './problem.ts';" },
      { file: 'app.ts', find: 'frameworkErrors: problemErrorHandler,', replace: "frameworkErrors: (_error, request, reply) =>\n      problemErrorHandler(new HttpProblem(400, 'The URL is not valid percent-encoding.'), request, reply)," },
    ],
  },
  {
    name: 'keep-alive trap "fixed" with keepAliveTimeout: 1000 instead of Connection: close on responses sent while closing',
    breaks: 'graceful-shutdown',
    edits: [
      { file: 'app.ts', find: 'bodyLimit: 65_536,', replace: "bodyLimit: 65_536,\n    // close() waits for keep-alive sockets: let idle ones time out after 1 s, not 72 s.\n    keepAliveTimeout: 1_000," },
      { file: 'shutdown.ts', find: "  let closing = false;\n  app.addHook('preClose', async () => {\n    closing = true;\n  });\n  app.addHook('onSend', async (_request, reply) => {\n    if (closing) reply.header('connection', 'close');\n  });\n", replace: '' },
    ],
  },
  {
    name: 'keyset predicate expanded to `created_at > t OR (created_at = t AND id > i)` and AND-joined without parentheses: on tied timestamps the OR branch drops the owner (and status) condition',
    breaks: 'list-pagination',
    edits: [
      { file: 'tasks/repository.ts', find: "`(created_at, id) > (timestamptz 'epoch' + $${values.length - 1}::bigint * interval '1 microsecond', $${values.length}::uuid)`,", replace: "`created_at > (timestamptz 'epoch' + $${values.length - 1}::bigint * interval '1 microsecond') OR (created_at = (timestamptz 'epoch' + $${values.length - 1}::bigint * interval '1 microsecond') AND id > $${values.length}::uuid)`," },
    ],
  },
  {
    name: "querystring status enum written by hand as 'in-progress': ?status=in_progress answers 400 (the filter only works for todo and done)",
    breaks: 'list-filter',
    edits: [
      { file: 'tasks/schemas.ts', find: 'status: fields.status,', replace: "status: { type: 'string', enum: ['todo', 'in-progress', 'done'] }," },
    ],
  },
  {
    name: 'RFC 9110 reading of If-Match: * ("false when there is no current representation"): PATCH/DELETE with If-Match: * on a missing or foreign task answers 412, not 404',
    breaks: 'optimistic-concurrency',
    edits: [
      { file: 'tasks/routes.ts', find: "function unwrap<T>(result: WriteResult<T>): T {\n  if (result.ok) return result.value;\n  if (result.reason === 'not-found') throw notFound();", replace: "function unwrap<T>(result: WriteResult<T>, ifMatch?: string): T {\n  if (result.ok) return result.value;\n  // If-Match: * is a precondition that the task exists (RFC 9110 §13.1.1): failing it is a 412.\n  if (result.reason === 'not-found' && ifMatch?.trim() !== '*') throw notFound();" },
      { file: 'tasks/routes.ts', find: 'const task = unwrap(result);', replace: "const task = unwrap(result, request.headers['if-match']);" },
      { file: 'tasks/routes.ts', find: 'unwrap(await deleteTask(pool, request.user.sub, request.params.id, expectedVersion));', replace: "unwrap(await deleteTask(pool, request.user.sub, request.params.id, expectedVersion), request.headers['if-match']);" },
    ],
  },
  {
    name: "GET loads the task by id, sets its ETag, then checks the owner: another user's task gets the same 404 body but keeps the ETag header (existence and version leak)",
    breaks: 'ownership',
    edits: [
      { file: 'tasks/repository.ts', find: 'export interface ListOptions {', replace: "export async function findTaskById(db: Db, id: string): Promise<{ task: Task; ownerId: string } | null> {\n  const { rows } = await db.query<TaskRow & { owner_id: string }>({\n    name: 'tasks-find-by-id',\n    text: `SELECT ${COLUMNS}, owner_id FROM tasks WHERE id = $1`,\n    values: [id],\n  });\n  return rows[0] ? { task: toTask(rows[0]), ownerId: rows[0].owner_id } : null;\n}\n\nexport interface ListOptions {" },
      { file: 'tasks/routes.ts', find: 'import { deleteTask, findTask, insertTask,', replace: 'import { deleteTask, findTaskById, insertTask,' },
      { file: 'tasks/routes.ts', find: "    const task = await findTask(pool, request.user.sub, request.params.id);\n    if (!task) throw notFound();\n    return withEtag(reply, task).send(task);", replace: "    const found = await findTaskById(pool, request.params.id);\n    if (!found) throw notFound();\n    withEtag(reply, found.task);\n    if (found.ownerId !== request.user.sub) throw notFound();\n    return reply.send(found.task);" },
    ],
  },
  {
    name: 'list query has no SQL LIMIT: every page fetches the rest of the list after the cursor and slices limit+1 in JavaScript (200 rows parsed per first page)',
    breaks: 'perf-list',
    edits: [
      { file: 'tasks/repository.ts', find: 'values.push(limit + 1); // one extra row tells whether another page exists', replace: '// the rows after the cursor; the page (and whether there is another) is cut below' },
      { file: 'tasks/repository.ts', find: 'ORDER BY created_at, id LIMIT $${values.length}`,', replace: 'ORDER BY created_at, id`,' },
    ],
  },
  // Blind round 5.
  {
    name: 'login looks the email up with ILIKE (case-insensitive, but _ and % are wildcards): an unregistered email like a_b@x.io logs in to axb@x.io',
    breaks: 'auth-accounts',
    edits: [
      { file: 'auth/users.ts', find: "FROM users WHERE lower(email) = lower($1)'", replace: "FROM users WHERE email ILIKE $1'" },
    ],
  },
  {
    name: 'allErrors only on the body Ajv (as the hint says "for bodies"): the coercing Ajv for query strings, params and headers reports only the first violation',
    breaks: 'validation',
    edits: [
      { file: 'validation.ts', find: "function createAjv(coerceTypes: boolean | 'array'): Ajv {", replace: "function createAjv(coerceTypes: boolean | 'array', allErrors = false): Ajv {" },
      { file: 'validation.ts', find: 'allErrors: true, // report every violation, not just the first', replace: 'allErrors, // bodies report every violation' },
      { file: 'validation.ts', find: 'const strict = createAjv(false);', replace: 'const strict = createAjv(false, true);' },
    ],
  },
  {
    name: 'uuid format overridden with a lower-case-only regex (no /i): GET/PATCH/DELETE /tasks/<the id in upper case> answers 400',
    breaks: 'tasks-read',
    edits: [
      { file: 'validation.ts', find: '/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);', replace: '/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);' },
    ],
  },
  {
    name: 'GET /health gets a pool of its own (so a busy main pool cannot fail the probe) that close() never ends: after a probe, a connection outlives close()',
    breaks: 'graceful-shutdown',
    edits: [
      { file: 'app.ts', find: 'await app.register(healthRoutes, { pool });', replace: "// The probe gets its own pool, so a saturated request pool cannot make it fail.\n  await app.register(healthRoutes, { pool: createPool(databaseUrl, app.log) });" },
    ],
  },
  {
    name: 'Location built from request.url: POST /tasks/ gives /tasks//<id>, POST /tasks?x=1 gives /tasks?x=1/<id>',
    breaks: 'tasks-create',
    edits: [
      { file: 'tasks/routes.ts', find: "header('location', `/tasks/${task.id}`)", replace: "header('location', `${request.url}/${task.id}`)" },
    ],
  },
  {
    name: 'PATCH treats null as "clear this field" for description too (like dueAt: null): { "description": null } answers 200 with "" instead of 400',
    breaks: 'validation',
    edits: [
      { file: 'tasks/schemas.ts', find: "body: { type: 'object', minProperties: 1, additionalProperties: false, properties: fields },", replace: "body: {\n    type: 'object',\n    minProperties: 1,\n    additionalProperties: false,\n    // null clears a field, as it does for dueAt\n    properties: { ...fields, description: { ...fields.description, type: ['string', 'null'] } },\n  }," },
      { file: 'tasks/repository.ts', find: "values.push(key === 'dueAt' ? toTimestamp(changes.dueAt ?? null) : changes[key]);", replace: "values.push(\n      key === 'dueAt' ? toTimestamp(changes.dueAt ?? null) : key === 'description' ? (changes.description ?? '') : changes[key],\n    );" },
    ],
  },
  {
    name: "create rejects a title of only whitespace (\"title can't be blank\"): { \"title\": \"   \" } answers 400 instead of 201",
    breaks: 'tasks-create',
    edits: [
      { file: 'tasks/routes.ts', find: "const key = request.headers['idempotency-key'];", replace: "const key = request.headers['idempotency-key'];\n      // A title of nothing but spaces is no title at all.\n      if (request.body.title.trim() === '') {\n        throw new HttpProblem(400, 'The request is invalid.', {\n          errors: [{ field: 'title', message: 'must not be blank' }],\n        });\n      }" },
    ],
  },
  {
    name: 'PATCH body schema written out by hand without the create defaults, and without maxLength: a 201-char title / 2001-char description is accepted on PATCH',
    breaks: 'validation',
    edits: [
      { file: 'tasks/schemas.ts', find: "body: { type: 'object', minProperties: 1, additionalProperties: false, properties: fields },", replace: "body: {\n    type: 'object',\n    minProperties: 1,\n    additionalProperties: false,\n    // No defaults here: an omitted field must stay as it is.\n    properties: {\n      title: { type: 'string', minLength: 1, pattern: STORABLE_TEXT },\n      description: { type: 'string', pattern: STORABLE_TEXT },\n      status: fields.status,\n      dueAt: fields.dueAt,\n    },\n  }," },
    ],
  },
  {
    name: 'GET /tasks/:id served from an in-process cache keyed by task id (for perf-read); a hit skips the owner check, so after the owner reads a task anyone can GET it',
    breaks: 'ownership',
    edits: [
      { file: 'tasks/routes.ts', find: "app.addHook('onRequest', authenticate);", replace: "app.addHook('onRequest', authenticate);\n\n  // Hot path: keep recently read tasks in memory; writes below invalidate them.\n  const cache = new Map<string, Task>();" },
      { file: 'tasks/routes.ts', find: "    const task = await findTask(pool, request.user.sub, request.params.id);\n    if (!task) throw notFound();", replace: "    const cached = cache.get(request.params.id);\n    if (cached) return withEtag(reply, cached).send(cached);\n    const task = await findTask(pool, request.user.sub, request.params.id);\n    if (!task) throw notFound();\n    if (cache.size >= 10_000) cache.clear();\n    cache.set(task.id, task);" },
      { file: 'tasks/routes.ts', find: '    const task = unwrap(result);', replace: "    const task = unwrap(result);\n    cache.delete(task.id);" },
      { file: 'tasks/routes.ts', find: 'unwrap(await deleteTask(pool, request.user.sub, request.params.id, expectedVersion));', replace: "unwrap(await deleteTask(pool, request.user.sub, request.params.id, expectedVersion));\n    cache.delete(request.params.id);" },
    ],
  },
  // Blind round 6: 15 written, this one survived.
  {
    name: "authenticate keeps @fastify/jwt's own status for non-401 errors: a Basic header or a token without a scheme answers 400 (FST_JWT_BAD_REQUEST), not 401",
    breaks: 'auth-tokens',
    edits: [
      { file: 'auth/authenticate.ts', find: "  } catch {\n    throw invalidToken();\n  }", replace: "  } catch (err) {\n    // Only the 401s need the Bearer challenge; keep @fastify/jwt's status for everything else.\n    const status = (err as { statusCode?: number }).statusCode;\n    if (status !== undefined && status !== 401) throw err;\n    throw invalidToken();\n  }" },
    ],
  },
  // Blind round 7: 15 written, this one survived.
  {
    name: 'migrate skips the schema when another replica holds the advisory lock (pg_try_advisory_xact_lock)',
    breaks: 'schema',
    edits: [
      {
        file: 'migrations.ts',
        find: "    await client.query(\"SELECT pg_advisory_xact_lock(hashtext('workbench:01-rest-api:migrate'))\");",
        replace:
          "    // Another replica is already migrating: no need to do the work twice.\n    const { rows } = await client.query<{ locked: boolean }>(\"SELECT pg_try_advisory_xact_lock(hashtext('workbench:01-rest-api:migrate')) AS locked\");\n    if (!rows[0]?.locked) return;",
      },
    ],
  },
]);
