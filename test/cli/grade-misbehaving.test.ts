import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GradeReport } from '../../harness/grading/report/grade-report.ts';
import { REPORT_FILES } from '../../harness/grading/report/write-report.ts';
import { projectRoot } from '../../harness/paths.ts';
import { junitSchemaErrors, junitTestCases, scorecardSchemaErrors } from '../support/grade-formats.ts';
import { runWb } from '../support/run-module.ts';

/**
 * A returned take-home whose module 01 is the reference except GET /health: its first call
 * kills the process, its second blocks the event loop, its third never answers; later calls are
 * the reference's. Markers in the run's own TMPDIR make each happen once per module run,
 * whichever worker process serves the call. Its module 02 is the untouched stub.
 */
function misbehavingRepository(dir: string): void {
  cpSync(path.join(projectRoot, 'exercises'), path.join(dir, 'exercises'), { recursive: true });
  rmSync(path.join(dir, 'exercises', '01-rest-api'), { recursive: true });
  cpSync(path.join(projectRoot, 'solutions', '01-rest-api'), path.join(dir, 'exercises', '01-rest-api'), { recursive: true });
  const health = path.join(dir, 'exercises', '01-rest-api', 'health.ts');
  const source = readFileSync(health, 'utf8');
  writeFileSync(
    health,
    `import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** True the first time any process asks for this marker in this run. */
function first(marker: string): boolean {
  try {
    writeFileSync(path.join(tmpdir(), \`wb-misbehaves-\${marker}\`), 'once', { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}
${source.replace(
  "app.get('/health', { schema }, async (request) => {",
  `app.get('/health', { schema }, async (request) => {
    if (first('crash')) process.kill(process.pid, 'SIGKILL');
    if (first('block')) for (;;) {}
    if (first('hang')) await new Promise(() => {});`,
)}`,
  );
  const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.name=Candidate', '-c', 'user.email=candidate@example.invalid', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'my take-home');
}

describe('wb grade --repo of a candidate whose code crashes its process, blocks the event loop and hangs', () => {
  let dir: string;
  let report: GradeReport;
  let output: string;
  let code: number | null;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wb-misbehaving-'));
    const repo = path.join(dir, 'repo');
    mkdirSync(repo);
    misbehavingRepository(repo);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', WB_STALL_SECONDS: '25' };
    delete env.WB_DEPS_FILE;
    ({ code, output } = await runWb(['grade', '--repo', repo, '--modules', '01-rest-api,02-caching', '--format', 'json,junit', '--out', path.join(dir, 'out')], env));
    report = JSON.parse(readFileSync(path.join(dir, 'out', REPORT_FILES.json), 'utf8')) as GradeReport;
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('each misbehaviour fails the test it happened in, with a sentence that says which', () => {
    expect(code, output).toBe(1);
    expect(scorecardSchemaErrors(report)).toEqual([]);
    const card = report.modules.find((module) => module.module === '01-rest-api')!;
    const messages = card.requirements.flatMap((requirement) => requirement.tests).map((outcome) => outcome.error?.message ?? '');
    expect(messages.some((message) => message.includes('killed the test process')), output).toBe(true);
    expect(messages.some((message) => message.includes('blocked the event loop: nothing happened for 25 s')), output).toBe(true);
    expect(messages.some((message) => /timed out|did not answer|no answer/i.test(message)), output).toBe(true);
  });

  test('only the requirements whose tests call GET /health lose their points; every other test of the module ran and passed', () => {
    const card = report.modules.find((module) => module.module === '01-rest-api')!;
    const lost = card.requirements.filter((requirement) => requirement.status !== 'passed').map((requirement) => requirement.id);
    expect(lost, output).toContain('health');
    expect(lost.filter((id) => !['health', 'auth-accounts', 'graceful-shutdown'].includes(id)), output).toEqual([]);
    expect(card.requirements.filter((requirement) => requirement.status === 'not-run'), output).toEqual([]);
    expect(card.runErrors).toEqual([]);
    expect(card.score.earned).toBeGreaterThanOrEqual(card.score.total - 11);
  });

  test('the rest of the grading completes: the next module is graded, and the JUnit report holds every part of the run', async () => {
    const stub = report.modules.find((module) => module.module === '02-caching')!;
    expect(stub.requirements.every((requirement) => requirement.status === 'failed' && requirement.notImplemented), output).toBe(true);
    const junit = readFileSync(path.join(dir, 'out', REPORT_FILES.junit), 'utf8');
    expect(await junitSchemaErrors(junit)).toEqual([]);
    const card = report.modules.find((module) => module.module === '01-rest-api')!;
    const graded = card.requirements.flatMap((requirement) => requirement.tests).filter((outcome) => outcome.state !== 'skipped');
    const cases = junitTestCases(junit).filter((testCase) => testCase.classname.startsWith('01-rest-api.') && !testCase.skipped);
    expect(cases.length, 'every test of module 01 once in the JUnit report').toBe(graded.length);
  });
});
