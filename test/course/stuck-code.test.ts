import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { rmSync } from 'node:fs';
import { writeMutant } from '../../harness/mutants.ts';
import { projectRoot, stateDir } from '../../harness/paths.ts';
import { runWb } from '../support/run-module.ts';
import { harnessServerPids } from '../support/server-processes.ts';

const dir = path.join(stateDir, 'mutants', 'blocks-the-event-loop');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('code that blocks the event loop', () => {
  test('stops the run with a sentence that names the test, instead of hanging, and leaves no server', async () => {
    writeMutant(path.join(projectRoot, 'solutions', '01-rest-api'), dir, '01-rest-api', {
      name: 'the health check never returns',
      breaks: 'health',
      edits: [{ file: 'health.ts', find: "await pool.query('SELECT 1');", replace: 'for (;;) {}' }],
    });
    const before = harnessServerPids();
    // Its own server (no WB_DEPS_FILE), so the check below sees whether the stuck run's is stopped.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', WB_STALL_SECONDS: '4' };
    delete env.WB_DEPS_FILE;
    const { code, output, seconds } = await runWb(['test', '01-rest-api', '--target', dir, '-t', '\\[health\\]'], env);
    expect(code, output).not.toBe(0);
    expect(output).toContain('The run is stuck');
    expect(output).toMatch(/last in '.*\[health\]/);
    expect(output).toContain('blocking the event loop');
    expect(output).toMatch(/after the run: reaped postgres/);
    expect(seconds).toBeLessThan(30);
    expect([...harnessServerPids()].filter((pid) => !before.has(pid))).toEqual([]);
  });
});
