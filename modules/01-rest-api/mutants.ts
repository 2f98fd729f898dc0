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
]);
