import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GradeReport } from '../../harness/grading/report/grade-report.ts';
import { REPORT_FILES } from '../../harness/grading/report/write-report.ts';
import { projectRoot } from '../../harness/paths.ts';
import { BUNDLE_HIDDEN_FOLDER, BUNDLE_MANIFEST_FILE, KIT_MANIFEST_FILE, sha256, type BundleManifest, type KitManifest } from '../../harness/takehome/kit-manifest.ts';
import { scorecardSchemaErrors } from '../support/grade-formats.ts';
import { runWb } from '../support/run-module.ts';

const MODULES = ['01-rest-api', '02-caching'];
/** operations.test.ts holds health and graceful-shutdown; stats is a requirement of 02-caching. */
const HIDDEN = 'operations,stats';

const env = (): NodeJS.ProcessEnv => {
  const result: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete result.WB_DEPS_FILE;
  return result;
};

/** Every file of a tree but its .git and node_modules, relative to it. */
function treeFiles(root: string): string[] {
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((dirent) => dirent.isFile())
    .map((dirent) => path.relative(root, path.join(dirent.parentPath, dirent.name)))
    .filter((file) => !file.startsWith('.git/') && !file.startsWith('node_modules/'));
}

/** A tree's files as absolute paths. */
const filesOf = (root: string): string[] => treeFiles(root).map((file) => path.join(root, file));

/**
 * The reference's distinctive lines: long enough to mean something, and found nowhere a kit may
 * take its files from (the stub, the harness, the module's SPEC, tests and contract, but not its
 * known-wrong variants or anything built on the reference), so a kit that holds one holds a
 * piece of the reference.
 */
function distinctiveReferenceLines(moduleId: string): string[] {
  const moduleFiles = filesOf(path.join(projectRoot, 'modules', moduleId)).filter((file) => !readFileSync(file, 'utf8').includes('solutions/'));
  const shared = new Set(
    [...filesOf(path.join(projectRoot, 'exercises', moduleId)), ...filesOf(path.join(projectRoot, 'harness')), ...moduleFiles].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.trim()),
    ),
  );
  const reference = path.join(projectRoot, 'solutions', moduleId);
  return [...new Set(treeFiles(reference).flatMap((file) => readFileSync(path.join(reference, file), 'utf8').split('\n').map((line) => line.trim())))].filter(
    (line) => line.length >= 40 && !shared.has(line) && !line.startsWith('//') && !line.startsWith('*') && !line.startsWith('import '),
  );
}

describe('wb takehome', () => {
  let dir: string;
  let kit: string;
  let bundle: string;
  let created: { code: number | null; output: string };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wb-takehome-'));
    kit = path.join(dir, 'kit');
    bundle = path.join(dir, 'kit.grading');
    created = await runWb(['takehome', 'create', '--modules', MODULES.join(','), '--hidden', HIDDEN, '--time-box', '3h', '--out', kit], env());
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('create writes a standalone Git repository with one commit, and a manifest of every file\'s hash', () => {
    expect(created.code, created.output).toBe(0);
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: kit, encoding: 'utf8' }).trim();
    expect(git('rev-list', '--count', 'HEAD')).toBe('1');
    expect(git('status', '--porcelain')).toBe('');
    const manifest = JSON.parse(readFileSync(path.join(kit, KIT_MANIFEST_FILE), 'utf8')) as KitManifest;
    expect(manifest.modules).toEqual(MODULES);
    expect(manifest.timeBox).toBe('3h');
    const tracked = git('ls-files').split('\n').filter((file) => file !== KIT_MANIFEST_FILE);
    expect(Object.keys(manifest.files).sort()).toEqual(tracked.sort());
    for (const [file, hash] of Object.entries(manifest.files)) expect(sha256(path.join(kit, file)), file).toBe(hash);
    expect(manifest.hiddenRequirements).toEqual({ '01-rest-api': ['health', 'graceful-shutdown'], '02-caching': ['stats'] });
  });

  test('the kit holds no reference code, no known-wrong variant, and no hidden test', () => {
    const files = treeFiles(kit);
    expect(files.filter((file) => file.startsWith('solutions/') || (file.endsWith('mutants.ts') && !file.startsWith('harness/')))).toEqual([]);
    const text = files.map((file) => readFileSync(path.join(kit, file), 'utf8')).join('\n');
    const kitLines = new Set(text.split('\n').map((line) => line.trim()));
    for (const moduleId of MODULES) {
      const lines = distinctiveReferenceLines(moduleId);
      expect(lines.length, `${moduleId} has distinctive reference lines to look for`).toBeGreaterThan(50);
      expect(lines.filter((line) => kitLines.has(line)), `lines of solutions/${moduleId} found in the kit`).toEqual([]);
    }
    const { hiddenTests } = JSON.parse(readFileSync(path.join(bundle, BUNDLE_MANIFEST_FILE), 'utf8')) as BundleManifest;
    expect([...hiddenTests].sort()).toEqual(['modules/01-rest-api/tests/operations.test.ts', 'modules/02-caching/tests/stats.test.ts']);
    for (const hidden of hiddenTests) {
      expect(existsSync(path.join(kit, hidden)), hidden).toBe(false);
      expect(existsSync(path.join(bundle, BUNDLE_HIDDEN_FOLDER, hidden)), `${hidden} in the bundle`).toBe(true);
      // Not even a title of a hidden test is in the kit.
      const titles = [...readFileSync(path.join(projectRoot, hidden), 'utf8').matchAll(/test\('(\[[a-z-]+\][^']+)'/g)].map((match) => match[1]!);
      expect(titles.length).toBeGreaterThan(0);
      expect(titles.filter((title) => text.includes(title))).toEqual([]);
    }
  });

  test('the README tells the candidate what to do, the time box, how to run the tests, and which requirements hidden tests grade', () => {
    const readme = readFileSync(path.join(kit, 'README.md'), 'utf8');
    expect(readme).toContain('Time box: 3h');
    for (const moduleId of MODULES) {
      expect(readme).toContain(`modules/${moduleId}/SPEC.md`);
      expect(readme).toContain(`npx wb test ${moduleId}`);
    }
    expect(readme).toMatch(/01-rest-api: health, graceful-shutdown/);
    expect(readme).toMatch(/02-caching: stats/);
  });

  test('the kit runs on its own: its modules are listed, its visible tests run against the stub, and it type-checks', async () => {
    const copy = path.join(dir, 'kit-copy');
    cpSync(kit, copy, { recursive: true });
    symlinkSync(path.join(projectRoot, 'node_modules'), path.join(copy, 'node_modules'));
    const wb = (args: string[]): string => {
      try {
        return execFileSync(process.execPath, [path.join(copy, 'bin', 'wb.mjs'), ...args], { cwd: copy, encoding: 'utf8', env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    };
    expect(wb(['list']).match(/^\d\d-[a-z-]+/gm)).toEqual(MODULES);
    const run = wb(['test', '02-caching', '-t', '\\[cache-aside\\]']);
    expect(run).toMatch(/cache-aside\s+0\/10/);
    expect(run).toContain('not implemented');
    execFileSync(path.join(projectRoot, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: copy });
  }, 120_000);

  test('a returned kit is graded with its hidden tests too: the reference with a broken hidden requirement loses exactly what the hidden tests say; a visible test edited is tampering', async () => {
    const candidate = path.join(dir, 'candidate');
    execFileSync('git', ['clone', '-q', kit, candidate]);
    rmSync(path.join(candidate, 'exercises', '01-rest-api'), { recursive: true });
    cpSync(path.join(projectRoot, 'solutions', '01-rest-api'), path.join(candidate, 'exercises', '01-rest-api'), { recursive: true });
    // GET /health always answers 503: only the hidden tests (health, graceful-shutdown) look.
    const health = path.join(candidate, 'exercises', '01-rest-api', 'health.ts');
    writeFileSync(health, readFileSync(health, 'utf8').replace("return { status: 'ok' };", "throw new HttpProblem(503, 'Always down.');"));
    appendFileSync(path.join(candidate, 'modules', '01-rest-api', 'tests', 'list.test.ts'), '\n// the candidate was here\n');
    execFileSync('git', ['-c', 'user.name=Candidate', '-c', 'user.email=c@example.invalid', 'commit', '-qam', 'done'], { cwd: candidate });
    const out = path.join(dir, 'graded');
    const run = await runWb(['takehome', 'grade', candidate, '--kit', bundle, '--modules', '01-rest-api', '--format', 'json,md', '--out', out], env());
    expect(run.code, run.output).toBe(1);
    const report = JSON.parse(readFileSync(path.join(out, REPORT_FILES.json), 'utf8')) as GradeReport;
    expect(scorecardSchemaErrors(report)).toEqual([]);
    const card = report.modules[0]!;
    expect(card.requirements.filter((requirement) => requirement.status !== 'passed').map((requirement) => requirement.id), run.output).toEqual(['health', 'graceful-shutdown']);
    expect(card.requirements.find((requirement) => requirement.id === 'health')!.tests.length).toBeGreaterThan(0);
    expect(report.candidate?.kit).toEqual({ id: (JSON.parse(readFileSync(path.join(kit, KIT_MANIFEST_FILE), 'utf8')) as KitManifest).id, hiddenRequirements: { '01-rest-api': ['health', 'graceful-shutdown'], '02-caching': ['stats'] } });
    // Against the kit as sent: the kit's own README and package.json are not tampering, the edited test is.
    expect(report.candidate?.tampering.files.map((file) => [file.path, file.change])).toEqual([['modules/01-rest-api/tests/list.test.ts', 'modified']]);
    expect(readFileSync(path.join(out, REPORT_FILES.md), 'utf8')).toContain('Take-home kit');
  }, 240_000);

  test('refusals are sentences: a folder that is not a bundle, and a kit cut into a folder that has files', async () => {
    const notBundle = await runWb(['takehome', 'grade', kit, '--kit', kit], env());
    expect(notBundle.code).toBe(2);
    expect(notBundle.output).toContain('WB_ERR_KIT_BUNDLE');
    // A bundle whose record of a test differs from this checkout's file: the tests moved on since the kit was cut.
    const stale = path.join(dir, 'stale.grading');
    cpSync(bundle, stale, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(stale, BUNDLE_MANIFEST_FILE), 'utf8')) as { gradedFiles: Record<string, string> };
    manifest.gradedFiles['modules/01-rest-api/tests/list.test.ts'] = '0'.repeat(64);
    writeFileSync(path.join(stale, BUNDLE_MANIFEST_FILE), JSON.stringify(manifest));
    const staleRun = await runWb(['takehome', 'grade', kit, '--kit', stale], env());
    expect(staleRun.code).toBe(2);
    expect(staleRun.output).toContain('WB_ERR_KIT_STALE');
    expect(staleRun.output).toContain('list.test.ts');
    const again = await runWb(['takehome', 'create', '--modules', '02-caching', '--out', kit], env());
    expect(again.code).toBe(2);
    expect(again.output).toContain('WB_ERR_KIT_OUT_EXISTS');
    const everything = await runWb(['takehome', 'create', '--modules', '02-caching', '--hidden', '0.999', '--out', path.join(dir, 'other')], env());
    expect(everything.code).toBe(0);
    const ratio = JSON.parse(readFileSync(path.join(dir, 'other.grading', BUNDLE_MANIFEST_FILE), 'utf8')) as BundleManifest;
    // A ratio never hides every file: the candidate keeps at least one test to run.
    expect(ratio.hiddenTests.length).toBeGreaterThan(0);
    expect(readdirSync(path.join(dir, 'other', 'modules', '02-caching', 'tests')).filter((file) => file.endsWith('.test.ts')).length).toBeGreaterThan(0);
  });
});
