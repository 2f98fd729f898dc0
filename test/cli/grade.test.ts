import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { GradeReport } from '../../harness/grading/report/grade-report.ts';
import { REPORT_FILES } from '../../harness/grading/report/write-report.ts';
import { dependencyKinds, listModuleIds } from '../../harness/modules.ts';
import { projectRoot } from '../../harness/paths.ts';
import { chromiumPath, junitSchemaErrors, junitTestCases, readGradeOutput, renderScorecard, scorecardSchemaErrors, type GradeOutput } from '../support/grade-formats.ts';
import { runWb } from '../support/run-module.ts';
import { dockerEngineAnswers } from '../../harness/deps/docker-engine.ts';
import { userIsolationMissing } from '../../harness/grading/isolation/user-sandbox.ts';

const env = (): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: '1', WB_DEPS_FILE: inject('sharedDepsFile') });

/** Everything that may differ between two gradings of the same tree: timings and measured figures. */
function withoutTimings(report: GradeReport): unknown {
  return JSON.parse(JSON.stringify(report), (key, value: unknown) => {
    if (['startedAt', 'durationMs', 'timestamp'].includes(key)) return undefined;
    if (key === 'targets' && Array.isArray(value)) return value.map((target: { kind: string; requirement: string; status: string }) => ({ kind: target.kind, requirement: target.requirement }));
    return value;
  });
}

describe('wb grade of the stub (every module)', () => {
  let dir: string;
  let first: GradeOutput;
  let code: number | null;
  let output: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wb-grade-test-'));
    ({ code, output } = await runWb(['grade', '--target', 'exercises', '--out', path.join(dir, 'first')], env()));
    first = readGradeOutput(path.join(dir, 'first'));
  }, 170_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('scores zero, exits 1, and prints a compact table per module', () => {
    expect(code, output).toBe(1);
    expect(first.report.modules.map((card) => card.module)).toEqual(listModuleIds());
    expect(first.report.score.earned).toBe(0);
    expect(first.report.passed).toBe(false);
    for (const card of first.report.modules) {
      expect(card.requirements.every((requirement) => requirement.status === 'failed' && requirement.notImplemented), card.module).toBe(true);
      expect(output).toMatch(new RegExp(`✗ ${card.module}\\s+0/${card.score.total}`));
    }
    // A learner's stub is not a list of 31 failures: one line per module says so.
    expect(output.split('\n').length).toBeLessThan(40);
  });

  test('scorecard.json validates against docs/scorecard.schema.json, which rejects a doctored one', () => {
    expect(scorecardSchemaErrors(first.report)).toEqual([]);
    const doctored = structuredClone(first.report) as unknown as { modules: { requirements: { status: string }[] }[] };
    doctored.modules[0]!.requirements[0]!.status = 'almost';
    expect(scorecardSchemaErrors(doctored).join('\n')).toMatch(/status/);
    expect(scorecardSchemaErrors({ ...first.report, score: { earned: 1 } }).length).toBeGreaterThan(0);
  });

  test('records the environment: Node, OS, backend, server versions, the tree\'s commit and the harness', async () => {
    const { environment } = first.report;
    expect(environment.node).toBe(process.version);
    expect(environment.backends.length).toBeGreaterThan(0);
    expect(environment.servers.map((server) => server.kind).sort()).toEqual((await dependencyKinds()).sort());
    for (const server of environment.servers) expect(server.version).toMatch(/\d+\.\d+/);
    expect(environment.graded.target).toBe('exercises');
    expect(environment.graded.path).toBe(path.join(projectRoot, 'exercises'));
    if (environment.graded.git) expect(environment.graded.git.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(environment.harness.version).toBe((JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version);
  });

  test('junit.xml has one test case per graded test, named by module and requirement, and validates against junit-10.xsd', async () => {
    expect(await junitSchemaErrors(first.junit)).toEqual([]);
    const cases = junitTestCases(first.junit);
    const tests = first.report.modules.flatMap((card) => card.requirements.flatMap((requirement) => requirement.tests.map((t) => ({ card, requirement, t }))));
    expect(cases.length).toBe(tests.length);
    for (const { card, requirement } of tests) expect(cases.some((c) => c.classname === `${card.module}.${requirement.id}` && c.name.includes(`[${requirement.id}]`))).toBe(true);
    expect(cases.every((c) => c.failed)).toBe(true);
  });

  test('classroom.json is a runner result GitHub Classroom adds up to the same points', () => {
    const { classroom, report } = first;
    expect(classroom.version).toBe(1);
    expect(classroom.status).toBe('fail');
    expect(classroom.max_score).toBe(report.score.total);
    expect(classroom.tests.length).toBe(report.modules.reduce((sum, card) => sum + card.requirements.length, 0));
    // The reporter sums each test's score: a missing one makes the total NaN.
    for (const t of classroom.tests) {
      expect(typeof t.score).toBe('number');
      expect(['pass', 'fail', 'error']).toContain(t.status);
      expect(t.line_no).toBe(0);
    }
    expect(classroom.tests.reduce((sum, t) => sum + t.max_score, 0)).toBe(report.score.total);
    expect(classroom.tests.reduce((sum, t) => sum + t.score, 0)).toBe(report.score.earned);
    // It travels base64-encoded in an environment variable, which Linux caps at 128 KiB.
    expect(Buffer.from(JSON.stringify(classroom)).toString('base64').length).toBeLessThan(128 * 1024);
  });

  test('scorecard.md has a row per requirement with its points', () => {
    for (const card of first.report.modules) {
      expect(first.markdown).toContain(`## ${card.module}`);
      for (const requirement of card.requirements) expect(first.markdown).toMatch(new RegExp(`\\| ❌ \\| \`${requirement.id}\` \\| 0/${requirement.points} \\| not implemented \\|`));
    }
  });

  test('the docs\' GitHub Classroom workflow runs wb grade and hands its classroom.json to the reporter', () => {
    const workflow = readFileSync(path.join(projectRoot, 'docs', 'github-classroom', 'classroom.yml'), 'utf8');
    expect(workflow).toMatch(/wb grade[^\n]*--format [^\n]*classroom/);
    expect(workflow).toContain(`base64 -w0 < wb-grade/${REPORT_FILES.classroom}`);
    expect(workflow).toMatch(/id: grade\b/);
    expect(workflow).toContain('GRADE_RESULTS: "${{ steps.grade.outputs.result }}"');
    expect(workflow).toMatch(/runners: grade\b/);
    expect(workflow).toContain('classroom-resources/autograding-grading-reporter@v1');
  });

  test('the same tree graded twice gives the same scorecard, apart from timings and measured figures', async () => {
    const again = await runWb(['grade', '--target', 'exercises', '--out', path.join(dir, 'second'), '--format', 'json'], env());
    expect(again.code, again.output).toBe(1);
    const second = JSON.parse(readFileSync(path.join(dir, 'second', REPORT_FILES.json), 'utf8')) as GradeReport;
    expect(withoutTimings(second)).toEqual(withoutTimings(first.report));
  }, 170_000);

  test.skipIf(!chromiumPath() && process.env.WB_REQUIRE_BROWSER !== '1')('scorecard.html opens offline in Chromium and shows each module\'s points per requirement', async () => {
    const shown = await renderScorecard(path.join(first.dir, REPORT_FILES.html), 'scorecard-stub.png');
    expect(shown.requests).toEqual([]);
    expect(shown.score).toBe(`0/${first.report.score.total}`);
    expect(shown.heading).toContain(`Scorecard: 0/${first.report.score.total}`);
    expect(shown.modules.map((module) => module.id)).toEqual(listModuleIds());
    for (const module of shown.modules) {
      const card = first.report.modules.find((candidate) => candidate.module === module.id)!;
      expect(module.requirements.map((requirement) => requirement.id)).toEqual(card.requirements.map((requirement) => requirement.id));
      for (const requirement of module.requirements) {
        expect(requirement.status).toBe('failed');
        expect(requirement.text).toContain('not implemented');
      }
    }
    expect(readFileSync(shown.screenshot).subarray(1, 4).toString()).toBe('PNG');
    console.log(`wb grade: the stub's HTML scorecard, as Chromium showed it: ${shown.screenshot}`);
  });
});

describe('wb grade arguments', () => {
  test('an unknown format is a usage error, before anything is graded', async () => {
    const run = await runWb(['grade', '--format', 'json,pdf', '--out', path.join(tmpdir(), 'wb-never')], env());
    expect(run.code).toBe(2);
    expect(run.output).toContain("Unknown format 'pdf'");
  });

  test('an unknown module is named as such', async () => {
    const run = await runWb(['grade', '--modules', '99-nothing'], env());
    expect(run.code).toBe(2);
    expect(run.output).toContain('WB_ERR_MODULE_UNKNOWN');
  });
});

/** A candidate's repository: the track's stub, plus what a candidate should not have touched. */
function doctoredRepository(dir: string): string {
  cpSync(path.join(projectRoot, 'exercises'), path.join(dir, 'exercises'), { recursive: true });
  // A graded test edited to pass whatever the code does.
  mkdirSync(path.join(dir, 'modules', '02-caching', 'tests'), { recursive: true });
  writeFileSync(path.join(dir, 'modules', '02-caching', 'tests', 'stats.test.ts'), "import { test } from 'vitest';\n\ntest('[stats] counts exactly', () => {});\n");
  // A harness file changed, and a dependency added.
  mkdirSync(path.join(dir, 'harness', 'grading'), { recursive: true });
  cpSync(path.join(projectRoot, 'harness', 'grading', 'scorecard.ts'), path.join(dir, 'harness', 'grading', 'scorecard.ts'));
  appendFileSync(path.join(dir, 'harness', 'grading', 'scorecard.ts'), '// every requirement earns its points\n');
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  manifest.dependencies['left-pad'] = '^1.3.0';
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=Candidate', '-c', 'user.email=candidate@example.invalid', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'my take-home');
  return git('rev-parse', 'HEAD');
}

describe('wb grade --repo', () => {
  test('a doctored repository is reported as tampered, and graded with the grader\'s own tests', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wb-candidate-'));
    try {
      const repo = path.join(dir, 'repo');
      mkdirSync(repo);
      const commit = doctoredRepository(repo);
      const out = path.join(dir, 'out');
      const run = await runWb(['grade', '--repo', repo, '--modules', '02-caching', '--format', 'json,md', '--out', out], env());
      expect(run.code, run.output).toBe(1);
      const report = JSON.parse(readFileSync(path.join(out, REPORT_FILES.json), 'utf8')) as GradeReport;
      expect(scorecardSchemaErrors(report)).toEqual([]);
      expect(report.candidate?.commit).toBe(commit);
      expect(report.environment.graded.git?.commit).toBe(commit);
      expect(report.candidate?.tampering.files.map((file) => [file.path, file.change])).toEqual([
        ['harness/grading/scorecard.ts', 'modified'],
        ['modules/02-caching/tests/stats.test.ts', 'modified'],
        ['package.json', 'modified'],
      ]);
      const edited = report.candidate!.tampering.files.find((file) => file.path.endsWith('stats.test.ts'))!;
      expect(edited.linesRemoved).toBeGreaterThan(20);
      expect(report.candidate?.tampering.dependencies).toEqual([{ name: 'left-pad', range: '^1.3.0', section: 'dependencies' }]);
      // The grader's stats tests ran, not the candidate's always-passing one.
      const stats = report.modules[0]!.requirements.find((requirement) => requirement.id === 'stats')!;
      expect(stats.status).toBe('failed');
      expect(stats.tests.length).toBeGreaterThan(1);
      // Isolated by default, as strongly as this machine allows (test/cli/grade-isolation.test.ts shows each mode holds).
      if ((await dockerEngineAnswers()) || userIsolationMissing() === undefined) expect(report.candidate?.isolation.mode, run.output).not.toBe('none');
      expect(run.output).toContain('modified harness/grading/scorecard.ts');
      expect(run.output).toContain(report.candidate?.isolation.mode === 'none' ? 'ran unisolated' : `isolated (${report.candidate?.isolation.mode})`);
      expect(readFileSync(path.join(out, REPORT_FILES.md), 'utf8')).toContain('harness/grading/scorecard.ts');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a ref the repository does not have is one sentence, and nothing is graded', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wb-candidate-'));
    try {
      doctoredRepository(dir);
      const run = await runWb(['grade', '--repo', dir, '--ref', 'no-such-branch', '--out', path.join(dir, 'out')], env());
      expect(run.code).toBe(2);
      expect(run.output).toContain('WB_ERR_CANDIDATE_CLONE');
      expect(run.output).toContain('no-such-branch');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
