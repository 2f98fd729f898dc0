import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { DepsState } from '../../harness/deps/deps-state.ts';
import { isProcessAlive } from '../../harness/deps/process/process-state.ts';
import { listOwned } from '../../harness/deps/process/owned-resources.ts';
import { projectRoot } from '../../harness/paths.ts';
import { pingPostgres } from '../../harness/deps/postgres/ping-postgres.ts';

// A state dir of its own inside the project, so a developer's `wb deps up` is left alone.
const stateDir = mkdtempSync(path.join(projectRoot, '.wb-test-state-'));
afterAll(() => {
  wb(['deps', 'down']);
  rmSync(stateDir, { recursive: true, force: true });
});

function wb(args: string[]): { code: number | null; out: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, WB_STATE_DIR: stateDir, NO_COLOR: '1', WB_DEPS: 'native' };
  delete env.WB_DEPS_FILE;
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), ...args], { cwd: projectRoot, encoding: 'utf8', env, timeout: 120_000 });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('wb deps', () => {
  test('up keeps PostgreSQL running after the command exits, test runs reuse it, down stops it', () => {
    const up = wb(['deps', 'up']);
    expect(up.code, up.out).toBe(0);
    expect(up.out).toMatch(/✓ postgres: PostgreSQL \d+/);
    const state = JSON.parse(readFileSync(path.join(stateDir, 'deps.json'), 'utf8')) as DepsState;
    const server = listOwned().find((resource) => resource.id === state.infos.postgres?.resourceId);
    expect(server?.ownerPid, 'a kept server has no owner process').toBeNull();
    expect(isProcessAlive(server!.pid!)).toBe(true);

    expect(wb(['deps', 'status']).out).toMatch(/✓ up\s+postgres PostgreSQL/);
    expect(wb(['deps', 'up']).out).toContain('Already up');

    const run = wb(['test', '01-rest-api', '--target', 'solutions', '-t', '\\[health\\]']);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain('reused from `wb deps up`');
    expect(isProcessAlive(server!.pid!), 'a test run must not stop a kept server').toBe(true);

    const down = wb(['deps', 'down']);
    expect(down.out).toMatch(/✓ stopped postgres \(native, pid \d+\)/);
    expect(isProcessAlive(server!.pid!, server!.pidStartTime)).toBe(false);
    expect(existsSync(server!.dir!)).toBe(false);
    expect(existsSync(path.join(stateDir, 'deps.json'))).toBe(false);
    expect(wb(['deps', 'status']).out).toContain('No dependencies are kept up');
  });

  test('status and down with nothing up say so', async () => {
    wb(['deps', 'down']);
    expect(wb(['deps', 'down']).out).toContain('Nothing was up');
    expect(wb(['deps', 'status']).code).toBe(0);
    expect(await pingPostgres('postgres://postgres@127.0.0.1:1/postgres', 200)).toBeUndefined();
  });
});
