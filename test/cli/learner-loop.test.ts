import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { buildScorecard, type TestOutcome } from '../../harness/grading/scorecard.ts';
import { listModuleIds, loadModule } from '../../harness/modules.ts';
import { projectRoot } from '../../harness/paths.ts';
import { runWb } from '../support/run-module.ts';

// The learner's loop, one test per stumble a learner hit working through module 01 (issue 18):
// each fails without its fix. Output is piped, as in a script: no terminal, no colour.

const stateDir = mkdtempSync(path.join(projectRoot, '.wb-test-state-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: '1', WB_STATE_DIR: stateDir, WB_DEPS_FILE: inject('sharedDepsFile'), ...extra });

function wb(args: string[], extra: Record<string, string> = {}): { code: number | null; out: string } {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'wb.mjs'), ...args], { cwd: projectRoot, encoding: 'utf8', env: env(extra), timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const noStackTrace = (out: string): void => expect(out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

/** A saved full result, as `wb test` leaves it: `passing` requirements passed, the rest failed. */
async function saveResult(moduleId: string, passing: (id: string) => boolean): Promise<string> {
  const manifest = await loadModule(moduleId);
  const outcomes: TestOutcome[] = manifest.requirements.map((requirement) => ({
    name: `[${requirement.id}] a test`,
    requirement: requirement.id,
    state: passing(requirement.id) ? 'passed' : 'failed',
    durationMs: 1,
    file: 'x.test.ts',
    ...(passing(requirement.id) ? {} : { error: { name: 'AssertionError', message: 'Expected 1, got 2.', notImplemented: false } }),
  }));
  const card = buildScorecard({ manifest, target: 'exercises', targetRoot: '/x', startedAt: new Date(), durationMs: 1, dependencies: [], outcomes, targets: [], runErrors: [] });
  const file = path.join(stateDir, 'results', `${moduleId}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(card, null, 2)}\n`);
  return file;
}

/** A copy of a module's tree inside the project (so its packages resolve), edited by `edit`. */
function treeCopy(from: 'exercises' | 'solutions', moduleId: string, edit: (dir: string) => void): string {
  const root = mkdtempSync(path.join(stateDir, 'tree-'));
  cpSync(path.join(projectRoot, from, moduleId), path.join(root, moduleId), { recursive: true, filter: (source) => path.basename(source) !== 'mutants.ts' });
  edit(path.join(root, moduleId));
  return root;
}

function replaceIn(file: string, find: string, replace: string): void {
  const source = readFileSync(file, 'utf8');
  if (!source.includes(find)) throw new Error(`${file} no longer has ${JSON.stringify(find)}: update this test`);
  writeFileSync(file, source.replace(find, replace));
}

describe('wb, with no arguments: where the learner is', () => {
  test('on a fresh checkout: every module not started, and the first step is to start module 01', () => {
    rmSync(path.join(stateDir, 'results'), { recursive: true, force: true });
    const { code, out } = wb([]);
    expect(code).toBe(0);
    for (const id of listModuleIds()) expect(out).toMatch(new RegExp(`○ ${id}\\s.*not started`));
    expect(out).toContain('next: start 01-rest-api — read `npx wb spec 01-rest-api`');
    expect(out).toContain('npx wb help');
  });

  test('partway: k of n requirements, and the next step names the first requirement not passed with its hint', async () => {
    await saveResult('01-rest-api', (id) => !['list-pagination', 'health'].includes(id));
    const { out } = wb([]);
    expect(out).toMatch(/◐ 01-rest-api\s.*18 of 20 requirements/);
    expect(out).toContain('next: [list-pagination] in 01-rest-api');
    expect(out).toContain('`npx wb hint 01-rest-api list-pagination`');
  });

  test('with module 01 passed, the next step moves on to module 02', async () => {
    await saveResult('01-rest-api', () => true);
    const { out } = wb([]);
    expect(out).toMatch(/✓ 01-rest-api\s.*20 of 20 requirements/);
    expect(out).toContain('next: start 02-caching');
    rmSync(path.join(stateDir, 'results'), { recursive: true, force: true });
  });
});

describe('wb hint and wb spec', () => {
  test('hints come one level at a time, the level is remembered, and past the last every level is shown', () => {
    const first = wb(['hint', '01-rest-api', 'list-pagination']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('[list-pagination] hint 1 of 4');
    expect(first.out).not.toContain('hint 2 of 4');
    expect(first.out).not.toMatch(/<\/?details>|<summary>/);
    const second = wb(['hint', '01', 'pagination']);
    expect(second.out).toContain('[list-pagination] hint 2 of 4');
    expect(second.out).not.toContain('hint 1 of 4');
    wb(['hint', '01', 'list-pagination']);
    wb(['hint', '01', 'list-pagination']);
    const again = wb(['hint', '01', 'list-pagination']);
    expect(again.out).toContain('hint 1 of 4');
    expect(again.out).toContain('hint 4 of 4');
    expect(again.out).toContain('That is the last hint');
    expect(JSON.parse(readFileSync(path.join(stateDir, 'learner.json'), 'utf8')).hintsShown['01-rest-api']['list-pagination']).toBe(4);
  });

  test('a requirement the module does not have is one sentence listing the ones it has', () => {
    const { code, out } = wb(['hint', '01', 'paging-typo']);
    expect(code).toBe(2);
    expect(out).toContain("WB_ERR_REQUIREMENT_UNKNOWN: 01-rest-api has no requirement 'paging-typo'. Its requirements, in SPEC order: schema, auth-accounts");
    noStackTrace(out);
  });

  test("spec prints the requirement's section rendered: no markdown syntax, lists as bullets, code kept", () => {
    const { code, out } = wb(['spec', '01-rest-api', 'optimistic-concurrency']);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('optimistic-concurrency');
    expect(out).toContain('If-Match');
    expect(out).toMatch(/^• /m);
    expect(out).not.toMatch(/^#{1,6} |\*\*|^- /m);
    expect(out).not.toContain('## list-filter');
    expect(out).not.toContain('idempotency-key\n');
  });

  test('spec of a whole module renders its tables as aligned columns', () => {
    const { out } = wb(['spec', '01']);
    const row = out.split('\n').find((line) => line.startsWith('schema ') && /\b5$/.test(line));
    expect(row, 'the requirements table row for schema').toBeDefined();
    expect(out).not.toContain('|---|');
  });
});

describe('wb reset', () => {
  const file = path.join(projectRoot, 'exercises', '01-rest-api', 'health.ts');

  test('asks first, and without a terminal to ask on it changes nothing', () => {
    const original = readFileSync(file, 'utf8');
    try {
      appendFileSync(file, '// my work in progress\n');
      const { code, out } = wb(['reset', '01-rest-api']);
      expect(code).toBe(2);
      expect(out).toContain('health.ts');
      expect(out).toContain('add --yes');
      expect(readFileSync(file, 'utf8')).toContain('my work in progress');
    } finally {
      writeFileSync(file, original);
    }
  });

  test('with --yes it restores the stub as shipped and keeps a copy of what was there', () => {
    const original = readFileSync(file, 'utf8');
    try {
      appendFileSync(file, '// my work in progress\n');
      const { code, out } = wb(['reset', '01-rest-api', 'health.ts', '--yes']);
      expect(code, out).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(original);
      const backups = readdirSync(path.join(stateDir, 'backups'));
      expect(backups).toHaveLength(1);
      expect(readFileSync(path.join(stateDir, 'backups', backups[0]!, 'health.ts'), 'utf8')).toContain('my work in progress');
      expect(wb(['reset', '01-rest-api', '--yes']).out).toContain('already the stub as shipped');
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe('the command line speaks in sentences', () => {
  test("an option without its value names it and what it takes (not node's `Option '-t, --t <value>' argument missing`)", () => {
    const { code, out } = wb(['test', '01', '-t']);
    expect(code).toBe(2);
    expect(out).toContain('WB_ERR_CLI_USAGE: -t needs a value: part of a test name');
    expect(out).not.toContain('<value>');
  });

  test('an unknown option is one closed sentence', () => {
    const { out } = wb(['test', '01', '--frobnicate']);
    expect(out).toContain('WB_ERR_CLI_USAGE: There is no option --frobnicate.');
    expect(out).not.toContain("'--'");
  });

  test('a bad WB_DEPS is named even when `wb deps up` servers are there to use, and doctor shows the value as set', () => {
    const run = wb(['test', '01', '-t', 'health'], { WB_DEPS: 'bogus' });
    expect(run.code).toBe(2);
    expect(run.out).toContain("WB_ERR_DEPS_BACKEND_INVALID: WB_DEPS is 'bogus'");
    expect(run.out).not.toContain('Score');
    noStackTrace(run.out);
    const doctor = wb(['doctor'], { WB_DEPS: 'bogus' });
    expect(doctor.out).toContain('WB_DEPS=bogus');
    expect(doctor.out).not.toContain('WB_DEPS=auto:');
  });
});

describe('wb test, as the learner runs it', () => {
  test('a filtered run is a check, not a grade: no points for a requirement it ran in part, and the full result stays', async () => {
    const saved = await saveResult('01-rest-api', (id) => id !== 'health');
    const before = readFileSync(saved, 'utf8');
    const { code, output } = await runWb(['test', '01-rest-api', '--target', 'solutions', '-t', 'once its database is gone'], env());
    const solutionsRun = await runWb(['test', '01-rest-api', '--target', 'solutions', '-t', '\\[list-filter\\]'], env());
    expect(output).toMatch(/○ health +0\/3 +1 test of \d+ ran, all passed; no points for a requirement partly run/);
    expect(output).toContain('Filtered run (-t "once its database is gone"): not a grade');
    expect(output).not.toMatch(/Score \d+\/100/);
    expect(code).toBe(0);
    expect(solutionsRun.output).toContain('ran in full: list-filter 3/3');
    expect(readFileSync(saved, 'utf8'), 'a filtered run, or a run of another tree, replaced the learner’s last full result').toBe(before);
  });

  test('--target <dir> that holds only <module>/ runs the stub (its #not-implemented import resolves)', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'wb-only-module-'));
    try {
      cpSync(path.join(projectRoot, 'exercises', '01-rest-api'), path.join(root, '01-rest-api'), { recursive: true });
      const { output } = await runWb(['test', '01-rest-api', '--target', root, '-t', '\\[health\\]'], env());
      expect(output).not.toContain('failed to load');
      expect(output).toMatch(/✗ health +0\/3 +.*not implemented yet/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a syntax error is said once, with its file and line, as the run’s only message', async () => {
    const root = treeCopy('exercises', '01-rest-api', (dir) => replaceIn(path.join(dir, 'health.ts'), 'export const healthRoutes', 'export const broken = (;\nexport const healthRoutes'));
    const { output } = await runWb(['test', '01-rest-api', '--target', root], env());
    expect(output.match(/Your code failed to load/g)).toHaveLength(1);
    expect(output).toMatch(/Your code failed to load at \S*01-rest-api\/health\.ts:\d+:\d+: Unexpected token/);
    expect(output).toContain('no test ran: fix the error above and run again');
    expect(output).not.toMatch(/○ schema/);
    expect(output).not.toContain('\u001b[');
    expect(output.split('\n').length).toBeLessThan(30);
  });

  test("the learner's own output (console, raw writes, the app's Fastify log) is shown under the test it belongs to, when that test fails", async () => {
    const root = treeCopy('solutions', '01-rest-api', (dir) =>
      replaceIn(
        path.join(dir, 'health.ts'),
        "    return { status: 'ok' };",
        "    console.error('health: my own clue, pool has', pool.totalCount, 'clients');\n    process.stdout.write('a raw write\\n');\n    request.log.error('logged through Fastify');\n    throw new Error('relation \"taks\" does not exist');",
      ),
    );
    const { output } = await runWb(['test', '01-rest-api', '--target', root, '-t', '\\[health\\]'], env());
    const failure = output.slice(output.indexOf('✗ answers 200'));
    expect(failure).toContain('your code printed');
    expect(failure).toMatch(/│ health: my own clue, pool has \d+ clients/);
    expect(failure).toContain('│ a raw write');
    expect(failure).toContain('│ [error] logged through Fastify');
    // Fastify's own log of the 500 names the error the learner would otherwise never see.
    expect(failure).toContain('│ [error] request failed: Error: relation "taks" does not exist');
    // Nothing of it leaks into the run's output outside the failure it belongs to.
    expect(output.slice(0, output.indexOf('01-rest-api · REST API'))).not.toContain('a raw write');
  });

  test('type errors in the learner’s tree are shown after the run, with file and line', async () => {
    const root = treeCopy('exercises', '01-rest-api', (dir) => appendFileSync(path.join(dir, 'health.ts'), "\nexport const answer: number = 'forty-two';\n"));
    const { output } = await runWb(['test', '01-rest-api', '--target', root, '-t', '\\[health\\]'], env());
    expect(output).toMatch(/Type errors in your code \(tsc, [\d.]+ s\): 1\./);
    expect(output).toMatch(/01-rest-api\/health\.ts\(\d+,\d+\): error TS2322/);
  });

  test('a server start is one plain line on a pipe, and a live line that counts seconds on a terminal', async () => {
    const ownServers = { ...env(), WB_DEPS: 'native' } as NodeJS.ProcessEnv;
    delete ownServers.WB_DEPS_FILE;
    const piped = await runWb(['test', '01-rest-api', '--target', 'solutions', '-t', '\\[list-filter\\]'], ownServers);
    expect(piped.output).toMatch(/^starting postgres \(native\): done in \d+\.\d s$/m);
    expect(piped.output).not.toContain('\r');
    if (!existsSync('/usr/bin/script')) return;
    // `script` gives the run a pseudo-terminal, as a learner's shell would.
    const command = `${process.execPath} ${path.join(projectRoot, 'bin', 'wb.mjs')} test 01-rest-api --target solutions -t '\\[list-filter\\]'`;
    const tty = spawnSync('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: projectRoot, encoding: 'utf8', env: ownServers, timeout: 120_000 });
    expect(tty.stdout).toMatch(/\r\u001b\[2K\S*[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\S* starting postgres \(native\)/);
  });

  test('--json into the project where Git would track it says so, and where to write instead', async () => {
    const json = path.join(projectRoot, `wb-test-scorecard-${process.pid}.json`);
    try {
      const { output } = await runWb(['test', '01-rest-api', '--target', 'solutions', '-t', '\\[list-filter\\]', '--json', json], env());
      expect(existsSync(json)).toBe(true);
      expect(output).toContain('which Git does not ignore: write scorecards under .wb/');
    } finally {
      rmSync(json, { force: true });
    }
  });
});
