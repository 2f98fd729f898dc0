import { createHash, randomUUID } from 'node:crypto';
import { describe, test } from 'vitest';
import { useAppUnderTest } from './support/app-under-test.ts';
import type { ApiResponse } from '../../../harness/testing/api-client.ts';
import { check, expectFieldError, expectProblem, expectStatus } from '../../../harness/testing/expectations.ts';
import { decodePayload, signHs256, tamperPayload, unsignedToken } from './support/jwt.ts';
import { randomEmail, registerUser } from './support/users.ts';

const appUnderTest = useAppUnderTest({ tokenTtlSeconds: 1800 });

describe('accounts', () => {
  test('[auth-accounts] registers with 201 and answers the id and email, never the password', async () => {
    const { api } = await appUnderTest();
    const email = randomEmail();
    const password = 'correct horse battery';
    const response = await api.post('/auth/register', { email, password });
    expectStatus(response, 201);
    check(typeof response.body?.id === 'string' && response.body.id.length > 0, `Expected { id: string, email } from registration, got ${response.text.slice(0, 200)}.`, response);
    check(response.body.email === email, `Expected the email back as sent (${email}), got ${JSON.stringify(response.body.email)}.`, response);
    const leaked = Object.keys(response.body).filter((key) => /password|hash|salt/i.test(key));
    check(!response.text.includes(password) && leaked.length === 0, `Expected neither the password nor its hash in the response, got ${response.text.includes(password) ? 'the password itself' : `the keys ${JSON.stringify(leaked)}`}.`, response);
  });

  test('[auth-accounts] logs in with the right password and answers a bearer token', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const login = await api.post('/auth/login', { email: user.email, password: user.password });
    expectStatus(login, 200);
    check(typeof login.body?.token === 'string' && login.body.tokenType === 'Bearer' && login.body.expiresIn === 1800, `Expected { token, tokenType: "Bearer", expiresIn: 1800 } (the app was built with tokenTtlSeconds 1800), got ${JSON.stringify({ token: typeof login.body?.token, tokenType: login.body?.tokenType, expiresIn: login.body?.expiresIn })}.`, login);
  });

  test('[auth-accounts] refuses a wrong password and an unknown email alike, with 401', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const wrongPassword = await api.post('/auth/login', { email: user.email, password: `${user.password}x` });
    expectProblem(wrongPassword, 401, 'for a wrong password');
    const unknownEmail = await api.post('/auth/login', { email: randomEmail('nobody'), password: user.password });
    expectProblem(unknownEmail, 401, 'for an email nobody registered');
    const answer = (response: ApiResponse): string => JSON.stringify({ title: response.body.title, detail: response.body.detail });
    check(answer(wrongPassword) === answer(unknownEmail), `Expected the same answer for a wrong password and an unknown email, so the login cannot be used to find out who has an account; got ${answer(wrongPassword)} and ${answer(unknownEmail)}.`, unknownEmail);
  });

  test('[auth-accounts] refuses a second account for the same email in another case, with 409', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const again = await api.post('/auth/register', { email: user.email.toUpperCase(), password: 'another password' });
    expectProblem(again, 409, 'for an email already registered (in another case)');
    // The same account, whatever case the email is typed in at login; but only that account:
    // _ and % are ordinary characters of an email, not wildcards.
    expectStatus(await api.post('/auth/login', { email: user.email.toUpperCase(), password: user.password }), 200, 'from POST /auth/login with the registered email in upper case');
    const lookalike = user.email.replace(/^(.)./, '$1_');
    expectProblem(await api.post('/auth/login', { email: lookalike, password: user.password }), 401, `for a login as ${lookalike}, which nobody registered (only ${user.email} has that password)`);
  });

  test('[auth-accounts] rejects a malformed email and a 7-character password with 400', async () => {
    const { api } = await appUnderTest();
    expectFieldError(await api.post('/auth/register', { email: 'not-an-email', password: 'long enough password' }), 'email');
    expectFieldError(await api.post('/auth/register', { email: randomEmail(), password: 'seven77' }), 'password');
  });

  test('[auth-accounts] keeps to the bounds: passwords of 8 and 128 characters pass, 129 does not; an email over 254 characters does not', async () => {
    const { api } = await appUnderTest();
    for (const length of [8, 128]) {
      const response = await api.post('/auth/register', { email: randomEmail(`len${length}`), password: 'p'.repeat(length) });
      expectStatus(response, 201, `for a ${length}-character password (8..128 are allowed)`);
    }
    expectFieldError(await api.post('/auth/register', { email: randomEmail(), password: 'p'.repeat(129) }), 'password');
    // Valid shapes (labels of up to 63 characters), so only the length decides: 254 is the most.
    const emailOf = (length: number): string => `${randomUUID().replaceAll('-', '').slice(0, 12)}${'a'.repeat(52)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(length - 64 - 1 - 63 - 1 - 63 - 1)}`;
    expectStatus(await api.post('/auth/register', { email: emailOf(254), password: 'long enough password' }), 201, 'for a 254-character email (the longest allowed)');
    expectFieldError(await api.post('/auth/register', { email: emailOf(255), password: 'long enough password' }), 'email');
  });

  test('[auth-accounts] concurrent registrations of one email: exactly one 201, the others 409', async () => {
    const { api } = await appUnderTest();
    const email = randomEmail('race');
    // Hashing takes milliseconds, so a check-then-insert leaves room for the others to pass the check.
    const responses = await Promise.all(Array.from({ length: 6 }, () => api.post('/auth/register', { email, password: 'correct horse battery' })));
    const statuses = responses.map((response) => response.status);
    check(statuses.filter((status) => status === 201).length === 1 && statuses.every((status) => status === 201 || status === 409), `Expected exactly one 201 and five 409s for 6 concurrent registrations of one email, got ${JSON.stringify(statuses)}. Let the unique index decide, and map its violation to 409.`, responses.find((response) => response.status !== 201 && response.status !== 409));
  });

  test('[auth-accounts] answers the email exactly as sent, capitals included', async () => {
    const { api } = await appUnderTest();
    const email = `Mixed.Case-${randomUUID().slice(0, 8)}@Example.Test`;
    const response = await api.post('/auth/register', { email, password: 'correct horse battery' });
    expectStatus(response, 201);
    check(response.body?.email === email, `Expected the email back exactly as sent, ${email}, got ${JSON.stringify(response.body?.email)}.`, response);
  });

  test('[auth-accounts] hashes with a slow function: a login costs more than a database round trip', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    // Compared with the same app's GET /health (one query) in the same moment, so the machine's
    // speed cancels out: a salted SHA-256 adds microseconds, scrypt, bcrypt or argon2 milliseconds.
    const median = async (send: () => Promise<unknown>): Promise<number> => {
      const times: number[] = [];
      for (let round = 0; round < 7; round++) {
        const started = performance.now();
        await send();
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[3]!;
    };
    await api.get('/health');
    const query = await median(() => api.get('/health'));
    const login = await median(async () => expectStatus(await api.post('/auth/login', { email: user.email, password: user.password }), 200, 'from POST /auth/login'));
    check(login >= query + 3, `Expected a login to take at least 3 ms longer than GET /health (a slow, salted hash such as scrypt takes tens of milliseconds), measured ${login.toFixed(2)} ms against ${query.toFixed(2)} ms: the password hash looks fast (SHA-256, MD5), which a leaked table cracks in an afternoon.`);
  });

  test('[auth-accounts] stores passwords salted and hashed, never in plain text', async () => {
    const { api, db } = await appUnderTest();
    const password = `same-password-${randomUUID()}`;
    const emails = [randomEmail('a'), randomEmail('b')];
    for (const email of emails) expectStatus(await api.post('/auth/register', { email, password }), 201);
    const { rows } = await db.pool.query<Record<string, unknown>>('SELECT * FROM users WHERE lower(email) = ANY($1)', [emails]);
    check(rows.length === 2, `Expected one row per account in table users with an email column; found ${rows.length} rows for the two emails.`);
    const forbidden = [password, createHash('sha256').update(password).digest('hex'), createHash('md5').update(password).digest('hex')];
    for (const row of rows) {
      const text = JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : value));
      const found = ['the plaintext password', 'its unsalted SHA-256 hex', 'its unsalted MD5 hex'].filter((_label, index) => text.includes(forbidden[index]!));
      check(found.length === 0, `Expected the users row to hold neither the password nor its unsalted SHA-256 or MD5 hex; it holds ${found.join(' and ')}.`);
    }
    // The hash is the longest string or bytea column besides id and email (a salt or a label may
    // sit beside it); with a random salt per user it differs between two equal passwords.
    const hashOf = (row: Record<string, unknown>): string | undefined =>
      Object.entries(row)
        .filter(([key, value]) => !/^(id|email)$/i.test(key) && (typeof value === 'string' || Buffer.isBuffer(value)))
        .map(([, value]) => (Buffer.isBuffer(value) ? value.toString('hex') : String(value)))
        .sort((a, b) => b.length - a.length)[0];
    const [a, b] = [hashOf(rows[0]!), hashOf(rows[1]!)];
    check(a !== undefined && a.length >= 16, `Expected a password hash column (a string or bytea of 16+ characters) in table users; the longest such value is ${JSON.stringify(a)}.`);
    check(a !== b, `Expected two accounts with the same password to store different hashes (hash with a random salt per user); both store ${JSON.stringify(a)}.`);
  });
});

describe('tokens', () => {
  const now = (): number => Math.floor(Date.now() / 1000);

  async function expectUnauthorized(response: ApiResponse, what: string): Promise<void> {
    expectProblem(response, 401, what);
    check(/^Bearer\b/i.test(response.header('www-authenticate') ?? ''), `Expected header WWW-Authenticate: Bearer on a 401 ${what}, got ${JSON.stringify(response.header('www-authenticate'))}.`, response);
  }

  test('[auth-tokens] issues a token whose sub is the user id and whose lifetime is tokenTtlSeconds', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    const claims = decodePayload(user.token);
    check(claims.sub === user.id, `Expected the token's \`sub\` claim to be the user id ${user.id}, got ${JSON.stringify(claims.sub)}.`);
    check(typeof claims.exp === 'number' && typeof claims.iat === 'number' && claims.exp - claims.iat === 1800, `Expected exp - iat = 1800 (tokenTtlSeconds), got ${JSON.stringify(claims)}.`);
  });

  test('[auth-tokens] accepts a token signed with the app secret (HS256, sub = user id)', async () => {
    const { api, options } = await appUnderTest();
    const user = await registerUser(api);
    const token = signHs256({ sub: user.id, iat: now(), exp: now() + 600 }, options.jwtSecret);
    expectStatus(await api.get('/tasks', { token }), 200, 'for a valid HS256 token signed with jwtSecret');
  });

  test('[auth-tokens] requires a bearer token on every /tasks route', async () => {
    const { api } = await appUnderTest();
    const id = randomUUID();
    await expectUnauthorized(await api.get('/tasks'), 'for GET /tasks without Authorization');
    await expectUnauthorized(await api.post('/tasks', { title: 'x' }), 'for POST /tasks without Authorization');
    await expectUnauthorized(await api.get(`/tasks/${id}`), 'for GET /tasks/:id without Authorization');
    await expectUnauthorized(await api.patch(`/tasks/${id}`, { title: 'x' }), 'for PATCH /tasks/:id without Authorization');
    await expectUnauthorized(await api.delete(`/tasks/${id}`), 'for DELETE /tasks/:id without Authorization');
    await expectUnauthorized(await api.get('/tasks', { headers: { authorization: 'Bearer not-a-jwt' } }), 'for a malformed token');
    await expectUnauthorized(await api.get('/tasks', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 'for a Basic Authorization header');
    const user = await registerUser(api);
    await expectUnauthorized(await api.get('/tasks', { headers: { authorization: `Basic ${user.token}` } }), 'for a valid token sent under the Basic scheme');
    await expectUnauthorized(await api.get('/tasks', { headers: { authorization: user.token } }), 'for a valid token with no scheme at all');
    await expectUnauthorized(await api.get('/tasks', { headers: { authorization: `Bearer ${user.token} extra` } }), 'for a Bearer header with more than one token (a malformed header)');
    await expectUnauthorized(await api.get('/tasks', { headers: { authorization: 'Bearer' } }), 'for a Bearer header with no token');
  });

  test('[auth-tokens] authenticates before validating: no token is a 401 whatever the body or id', async () => {
    const { api } = await appUnderTest();
    await expectUnauthorized(await api.post('/tasks', { title: 42, priority: 'high' }), 'for POST /tasks without Authorization and an invalid body');
    await expectUnauthorized(await api.post('/tasks', undefined, { rawBody: '{"title": "unterminated' }), 'for POST /tasks without Authorization and malformed JSON');
    await expectUnauthorized(await api.post('/tasks', undefined, { rawBody: JSON.stringify({ title: 'big', description: 'x'.repeat(70 * 1024) }) }), 'for POST /tasks without Authorization and a 70 KiB body');
    await expectUnauthorized(await api.patch('/tasks/not-a-uuid', {}), 'for PATCH /tasks/not-a-uuid without Authorization and an empty body');
    await expectUnauthorized(await api.get('/tasks?limit=0&status=finished'), 'for GET /tasks without Authorization and an invalid query');
  });

  test('[auth-tokens] rejects correctly signed tokens whose claims are unusable: no exp, no sub, a sub that is not a user id', async () => {
    const { api, options } = await appUnderTest();
    const user = await registerUser(api);
    const sign = (claims: object): string => signHs256(claims, options.jwtSecret);
    await expectUnauthorized(await api.get('/tasks', { token: sign({ sub: user.id, iat: now() }) }), 'for a token without exp (it would never expire)');
    await expectUnauthorized(await api.get('/tasks', { token: sign({ iat: now(), exp: now() + 600 }) }), 'for a token without sub');
    for (const sub of ['not-a-uuid', "' OR '1'='1", 42, `x${user.id}`, `${user.id}x`, [user.id], { id: user.id }]) {
      await expectUnauthorized(await api.get('/tasks', { token: sign({ sub, iat: now(), exp: now() + 600 }) }), `for GET /tasks with a token whose sub is ${JSON.stringify(sub)}`);
      await expectUnauthorized(await api.post('/tasks', { title: 'x' }, { token: sign({ sub, iat: now(), exp: now() + 600 }) }), `for POST /tasks with a token whose sub is ${JSON.stringify(sub)}`);
    }
  });

  test('[auth-tokens] a signed token for a user who does not exist cannot create tasks, and never causes a 500', async () => {
    const { api, options } = await appUnderTest();
    const token = signHs256({ sub: randomUUID(), iat: now(), exp: now() + 600 }, options.jwtSecret);
    await expectUnauthorized(await api.post('/tasks', { title: 'orphan' }, { token }), 'for POST /tasks with a token for a user id nobody registered');
    await expectUnauthorized(await api.post('/tasks', { title: 'orphan' }, { token, headers: { 'idempotency-key': `orphan-${randomUUID()}` } }), 'for POST /tasks with an Idempotency-Key and a token for a user id nobody registered');
    const list = await api.get('/tasks', { token });
    check(list.status === 401 || (list.status === 200 && Array.isArray(list.body?.items) && list.body.items.length === 0), `Expected 401, or 200 with no tasks, for GET /tasks with a token for a user id nobody registered, got ${list.status}.`, list);
    const read = await api.get(`/tasks/${randomUUID()}`, { token });
    check(read.status === 401 || read.status === 404, `Expected 401 or 404 for GET /tasks/:id with a token for a user id nobody registered, got ${read.status}.`, read);
  });

  test('[auth-tokens] rejects a token whose payload was tampered with', async () => {
    const { api } = await appUnderTest();
    const [victim, attacker] = [await registerUser(api, 'victim'), await registerUser(api, 'attacker')];
    await expectUnauthorized(await api.get('/tasks', { token: tamperPayload(attacker.token, { sub: victim.id }) }), "for the attacker's token with sub changed to the victim's id");
  });

  test('[auth-tokens] rejects a token signed with another secret, and an unsigned one', async () => {
    const { api } = await appUnderTest();
    const user = await registerUser(api);
    await expectUnauthorized(await api.get('/tasks', { token: signHs256({ sub: user.id, iat: now(), exp: now() + 600 }, 'not-the-app-secret') }), 'for a token signed with another secret');
    await expectUnauthorized(await api.get('/tasks', { token: unsignedToken({ sub: user.id, iat: now(), exp: now() + 600 }) }), 'for an unsigned token (alg: none)');
  });

  test('[auth-tokens] rejects an expired token', async () => {
    const { api, options } = await appUnderTest();
    const user = await registerUser(api);
    await expectUnauthorized(await api.get('/tasks', { token: signHs256({ sub: user.id, iat: now() - 7200, exp: now() - 3600 }, options.jwtSecret) }), 'for a token that expired an hour ago');
  });
});
