import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { embeddedPostgresBindir, embeddedPostgresPackage } from '../../harness/deps/postgres/find-postgres.ts';
import { projectRoot } from '../../harness/paths.ts';
import { runModule } from '../support/run-module.ts';

/** Runs `wb` the way a user does, with output piped (so: not a terminal, no colour). */
function wb(args: string[], env: Record<string, string> = {}): { code: number | null; out: string } {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** A machine with neither Docker nor PostgreSQL, as far as the harness can tell. */
const bareMachine = { DOCKER_HOST: 'unix:///nonexistent/docker.sock', WB_POSTGRES_SEARCH_PATH: '', WB_DEPS_FILE: '/nonexistent/deps.json', WB_DEPS: 'auto' };
const noStackTrace = (out: string): void => expect(out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('the wb command', () => {
  test('doctor on a machine without initdb and Docker prints the fix for each and fails', () => {
    const { code, out } = wb(['doctor'], bareMachine);
    expect(code).toBe(1);
    expect(out).toContain('✗ Docker engine');
    expect(out).toContain('✗ native postgres');
    expect(out).toMatch(/fix: .*apt-get install postgresql/);
    expect(out).toMatch(/start Docker/);
    noStackTrace(out);
  });

  test('doctor on this machine says which backend it picks', () => {
    const { code, out } = wb(['doctor']);
    expect(code).toBe(0);
    expect(out).toMatch(/WB_DEPS=\w+ → (native|containers)/);
  });

  test.skipIf(!embeddedPostgresBindir())('doctor says which PostgreSQL a run uses: the one `npm ci` installed, pinned for every learner', () => {
    const { out } = wb(['doctor'], { WB_DEPS: 'native' });
    expect(out).toContain(`✓ native postgres  PostgreSQL 15 from ${embeddedPostgresPackage()} (installed by npm ci)`);
    const system = wb(['doctor'], { WB_DEPS: 'native', WB_POSTGRES_SEARCH_PATH: '/usr/lib/postgresql/15/bin' });
    if (existsSync('/usr/lib/postgresql/15/bin/initdb')) expect(system.out).toContain("native postgres  PostgreSQL 15 from the system's, /usr/lib/postgresql/15/bin");
  });

  test.skipIf(!embeddedPostgresBindir())('a native run gets its PostgreSQL from the npm package, with nothing else installed', async () => {
    const run = await runModule({ module: '01-rest-api', target: 'solutions', filter: '\\[health\\]', ownDependencies: true, env: { WB_DEPS: 'native', WB_POSTGRES_SEARCH_PATH: undefined, WB_POSTGRES_BINDIR: undefined } });
    // Debian's build names itself (`PostgreSQL 15.18 (Debian …)`); the embedded one does not.
    expect(run.scorecard.servers.find((server) => server.kind === 'postgres')?.version, run.output).toMatch(/^PostgreSQL 15\.\d+$/);
    expect(run.scorecard.requirements.find((requirement) => requirement.id === 'health')?.status, run.output).toBe('passed');
  });

  test.skipIf(!embeddedPostgresBindir())('setup on a machine with only Node: module 01 is ready with the PostgreSQL npm ci installed, modules 02 and 03 say what they need', () => {
    const { code, out } = wb(['setup', '--no-install'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock', WB_REDIS_SEARCH_PATH: '', WB_RABBITMQ_SEARCH_PATH: '', WB_DEPS: 'auto' });
    expect(code, out).toBe(0);
    expect(out).toContain(`✓ native postgres found: PostgreSQL 15 from ${embeddedPostgresPackage()}`);
    expect(out).toContain('Ready for 01-rest-api.');
    expect(out).toMatch(/Not yet for 02-caching: it needs redis/);
    expect(out).toMatch(/Not yet for 03-queues: it needs rabbitmq/);
    expect(out).not.toContain('Installing');
  });

  test('test with no backend at all says what to install, in one sentence, without a stack trace', () => {
    const env: Record<string, string> = { ...bareMachine };
    const { code, out } = wb(['test', '01-rest-api'], env);
    expect(code).toBe(2);
    expect(out).toMatch(/WB_ERR_DEPS_MISSING: Cannot start postgres: no Docker engine answers .*apt-get install postgresql.* or start Docker/);
    noStackTrace(out);
  });

  test('an unknown module lists the valid ones', () => {
    const { code, out } = wb(['test', 'no-such-module']);
    expect(code).toBe(2);
    expect(out).toContain("WB_ERR_MODULE_UNKNOWN: There is no module 'no-such-module'. Modules, in track order: 01-rest-api");
  });

  test('a module can be named by number or slug', () => {
    const { out } = wb(['test', '1', '--target', '/nonexistent/tree']);
    expect(out).toContain('WB_ERR_TARGET_NOT_FOUND');
    expect(out).toContain('01-rest-api/index.ts');
  });

  test('list shows the modules in track order, and no colour when output is not a terminal', () => {
    const { code, out } = wb(['list']);
    expect(code).toBe(0);
    expect(out).toMatch(/01-rest-api\s+REST API/);
    expect(out).not.toContain('\u001b[');
  });

  test('an unknown command or option points at help', () => {
    expect(wb(['frobnicate']).out).toContain('npx wb help');
    expect(wb(['test', '01', '--nope']).out).toContain('WB_ERR_CLI_USAGE');
  });
});
