import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { WorkbenchError } from '../errors.ts';
import type { ModuleManifest } from '../manifest.ts';
import { loadModule } from '../modules.ts';
import { projectRoot } from '../paths.ts';
import { gitState } from '../grading/report/environment.ts';
import { gradedTestFiles } from '../vitest/module-run-config.ts';
import { chooseHiddenTests } from './hidden-tests.ts';
import { BUNDLE_HIDDEN_FOLDER, BUNDLE_KIT_FOLDER, BUNDLE_MANIFEST_FILE, KIT_FORMAT, KIT_MANIFEST_FILE, sha256, type BundleManifest, type KitManifest } from './kit-manifest.ts';
import { kitPackageJson, kitReadme } from './kit-readme.ts';
import { requirementsTestedIn } from './requirements-in-file.ts';

export interface CreateKitOptions {
  readonly modules: readonly string[];
  /** A ratio or a list (see chooseHiddenTests). */
  readonly hidden?: string;
  readonly timeBox?: string;
  readonly hints: boolean;
  readonly out: string;
  /** Where the team's grading bundle goes; `<out>.grading` by default. */
  readonly bundle?: string;
}

/** Shared by every kit: the harness, its configuration, and the errors table its messages point at. */
const SHARED = ['bin', 'harness', 'tsconfig.json', 'vitest.config.ts', 'package-lock.json', '.gitignore', 'docs/errors.md'];

/** A source file that imports the reference cannot go in a kit: it would carry the reference with it. */
const IMPORTS_REFERENCE = /(?:from|import)\s*\(?\s*['"][^'"]*\bsolutions\//;

/**
 * Cuts a take-home kit: a standalone Git repository with the chosen modules' SPECs, stubs,
 * visible tests and (optionally) hints, the harness, a README for the candidate and a manifest of
 * every file's hash; never the reference, the known-wrong variants, or a file that imports
 * either. The hidden tests, the manifest with their hashes and a copy of the kit as sent go into
 * a separate bundle that stays with the team.
 */
export async function createKit(options: CreateKitOptions): Promise<{ kit: string; bundle: string; manifest: BundleManifest }> {
  const out = path.resolve(options.out);
  const bundle = path.resolve(options.bundle ?? `${out}.grading`);
  for (const dir of [out, bundle]) if (existsSync(dir) && readdirSync(dir).length > 0) throw new WorkbenchError('WB_ERR_KIT_OUT_EXISTS', { dir });
  const manifests = await Promise.all(options.modules.map((id) => loadModule(id)));
  const id = `kit-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
  const testFiles = Object.fromEntries(manifests.map((manifest) => [manifest.id, gradedTestFiles(manifest.id)]));
  const hidden = chooseHiddenTests(options.hidden, testFiles, manifests.flatMap((manifest) => manifest.requirements.map((requirement) => requirement.id)), id);
  const hiddenSet = new Set(hidden);

  const candidates = [...SHARED.flatMap((entry) => filesUnder(entry)), ...manifests.flatMap((manifest) => [...filesUnder(path.join('modules', manifest.id)), ...filesUnder(path.join('exercises', manifest.id))])]
    .filter((file) => !/\.test\.ts$/.test(file) || file.startsWith('modules/'))
    .filter((file) => !hiddenSet.has(file))
    .filter((file) => options.hints || path.basename(file) !== 'HINTS.md')
    .sort();
  const files = withoutReferenceImports(candidates);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    copyFileSync(path.join(projectRoot, file), path.join(out, file));
  }
  writeFileSync(path.join(out, 'package.json'), kitPackageJson());

  const hiddenRequirements = Object.fromEntries(
    manifests.map((manifest) => [manifest.id, hiddenRequirementsOf(manifest, hidden)] as const).filter(([, ids]) => ids.length > 0),
  );
  const harness = await gitState(projectRoot);
  const base = { format: KIT_FORMAT, id, createdAt: new Date().toISOString(), modules: manifests.map((manifest) => manifest.id), timeBox: options.timeBox ?? null, hints: options.hints, hiddenRequirements, harness: { version: (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version, commit: harness?.commit ?? null } } as const;
  writeFileSync(path.join(out, 'README.md'), kitReadme(base, manifests));
  const kitFiles = [...files, 'package.json', 'README.md'].sort();
  const manifest: KitManifest = { ...base, files: Object.fromEntries(kitFiles.map((file) => [file, sha256(path.join(out, file))])) };
  writeFileSync(path.join(out, KIT_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);

  const git = simpleGit({ baseDir: out });
  await git.init(['-q', '-b', 'main']);
  await git.add(['-A']);
  await git.raw(['-c', 'user.name=workbench', '-c', 'user.email=workbench@localhost', 'commit', '-q', '-m', `Take-home kit ${id}: ${manifest.modules.join(', ')}`]);

  const gradedFiles = Object.fromEntries(Object.keys(testFiles).flatMap((moduleId) => filesUnder(path.join('modules', moduleId, 'tests'))).map((file) => [file, sha256(path.join(projectRoot, file))]));
  const bundleManifest: BundleManifest = { ...manifest, hiddenTests: hidden, gradedFiles };
  mkdirSync(bundle, { recursive: true });
  writeFileSync(path.join(bundle, BUNDLE_MANIFEST_FILE), `${JSON.stringify(bundleManifest, null, 2)}\n`);
  for (const file of [...kitFiles, KIT_MANIFEST_FILE]) {
    mkdirSync(path.dirname(path.join(bundle, BUNDLE_KIT_FOLDER, file)), { recursive: true });
    copyFileSync(path.join(out, file), path.join(bundle, BUNDLE_KIT_FOLDER, file));
  }
  for (const file of hidden) {
    mkdirSync(path.dirname(path.join(bundle, BUNDLE_HIDDEN_FOLDER, file)), { recursive: true });
    copyFileSync(path.join(projectRoot, file), path.join(bundle, BUNDLE_HIDDEN_FOLDER, file));
  }
  return { kit: out, bundle, manifest: bundleManifest };
}

/** Relative imports of a source file (`from './x.ts'`, `import('../y.ts')`), resolved against the project. */
function relativeImports(file: string): string[] {
  const source = readFileSync(path.join(projectRoot, file), 'utf8');
  return [...source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => path.normalize(path.join(path.dirname(file), match[1]!)));
}

/**
 * Drops every source file that imports the reference, and then every file that imports a dropped
 * one (an OpenAPI generator built on the reference's routes, and its entry point), until none is
 * left; a graded test among them is an error, since the kit would grade differently without it.
 */
function withoutReferenceImports(files: readonly string[]): string[] {
  const isSource = (file: string): boolean => /\.[cm]?[jt]s$/.test(file);
  const dropped = new Set(files.filter((file) => isSource(file) && IMPORTS_REFERENCE.test(readFileSync(path.join(projectRoot, file), 'utf8'))));
  for (let changed = true; changed; ) {
    changed = false;
    for (const file of files) {
      if (dropped.has(file) || !isSource(file)) continue;
      if (relativeImports(file).some((imported) => dropped.has(imported))) {
        dropped.add(file);
        changed = true;
      }
    }
  }
  const test = [...dropped].find((file) => file.endsWith('.test.ts') || file.includes('/tests/'));
  if (test) throw new WorkbenchError('WB_ERR_KIT_REFERENCE_IMPORT', { file: test });
  return files.filter((file) => !dropped.has(file));
}

/** Requirements with at least one test in a hidden file. */
function hiddenRequirementsOf(manifest: ModuleManifest, hidden: readonly string[]): string[] {
  const ids = manifest.requirements.map((requirement) => requirement.id);
  const named = new Set(hidden.filter((file) => file.startsWith(`modules/${manifest.id}/`)).flatMap((file) => requirementsTestedIn(readFileSync(path.join(projectRoot, file), 'utf8'), ids)));
  return ids.filter((requirement) => named.has(requirement));
}

/** Every file under a path of the project (the path itself when it is a file), relative to the project. */
function filesUnder(entry: string): string[] {
  const full = path.join(projectRoot, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return (readdirSync(full, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((dirent) => dirent.isFile())
    .map((dirent) => path.relative(projectRoot, path.join(dirent.parentPath, dirent.name)));
}
