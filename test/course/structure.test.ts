import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { currentExerciseFiles, readStubManifest } from '../../harness/learner/pristine-stub.ts';
import { listModuleIds, loadModule } from '../../harness/modules.ts';
import { mutantsFile } from '../../harness/mutants.ts';
import { projectRoot } from '../../harness/paths.ts';
import { requirementOfTitle } from '../../harness/testing/requirement.ts';

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(path.join(dir, file)).isFile())
    .sort();
}

/** `## slug` headings: the anchors SPEC links and failure messages point at. */
function headings(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^## ([a-z0-9-]+)\s*$/gm)].map((match) => match[1]!);
}

/** Graded test titles, `test('[slug] …'` (template titles included), file by file. */
function gradedTitles(testsDir: string): string[] {
  return filesUnder(testsDir)
    .filter((file) => file.endsWith('.test.ts'))
    .flatMap((file) => [...readFileSync(path.join(testsDir, file), 'utf8').matchAll(/test\(\s*[`'"](\[[a-z0-9-]+\][^`'"]*)/g)].map((match) => match[1]!));
}

/** Requirement slugs named in test titles. */
function taggedRequirements(testsDir: string): string[] {
  return gradedTitles(testsDir).map((title) => requirementOfTitle(title)!);
}

/**
 * The tests a SPEC section's `### Tests` promises: one per top-level `- ` bullet, and one for a
 * numbered list (a single test told in steps).
 */
function promisedTests(spec: string, slug: string): string[] {
  const section = spec.split(/^## /m).find((part) => part.split('\n')[0]!.trim() === slug) ?? '';
  const tests = section.split(/^### Tests\s*$/m)[1] ?? '';
  const bullets = tests.split('\n').filter((line) => line.startsWith('- '));
  const steps = tests.split('\n').filter((line) => /^1\. /.test(line));
  return [...bullets, ...steps].map((line) => line.slice(0, 100));
}

describe.each(listModuleIds())('module %s is complete', (moduleId) => {
  const moduleDir = path.join(projectRoot, 'modules', moduleId);

  test('its manifest has unique requirement ids with points, and targets that name requirements', async () => {
    const manifest = await loadModule(moduleId);
    const ids = manifest.requirements.map((requirement) => requirement.id);
    expect(new Set(ids).size, 'requirement ids must be unique').toBe(ids.length);
    expect(manifest.requirements.every((requirement) => requirement.points > 0)).toBe(true);
    for (const target of manifest.targets) expect(ids).toContain(target.requirement);
    if (manifest.quickRequirement) expect(ids).toContain(manifest.quickRequirement);
  });

  test('SPEC.md and HINTS.md have a section for every requirement, in manifest order', async () => {
    const ids = (await loadModule(moduleId)).requirements.map((requirement) => requirement.id);
    expect(headings(path.join(moduleDir, 'SPEC.md')).filter((slug) => ids.includes(slug))).toEqual(ids);
    expect(headings(path.join(moduleDir, 'HINTS.md')).filter((slug) => ids.includes(slug))).toEqual(ids);
  });

  test('every requirement has a graded test, and every graded test names a requirement', async () => {
    const ids = (await loadModule(moduleId)).requirements.map((requirement) => requirement.id);
    const tagged = taggedRequirements(path.join(moduleDir, 'tests'));
    expect(ids.filter((id) => !tagged.includes(id)), 'requirements without a test').toEqual([]);
    expect(tagged.filter((id) => !ids.includes(id)), 'tests naming an unknown requirement').toEqual([]);
  });

  // A reviewer checks each promise against its test by reading the two lists side by side: that
  // only works when they correspond one to one.
  test("each requirement's Tests section promises exactly the graded tests it has, one bullet per test", async () => {
    const ids = (await loadModule(moduleId)).requirements.map((requirement) => requirement.id);
    const spec = readFileSync(path.join(moduleDir, 'SPEC.md'), 'utf8');
    const titles = gradedTitles(path.join(moduleDir, 'tests'));
    const mismatched = ids
      .map((id) => ({ id, promised: promisedTests(spec, id), graded: titles.filter((title) => requirementOfTitle(title) === id) }))
      .filter((entry) => entry.promised.length !== entry.graded.length);
    expect(mismatched, 'SPEC Tests bullets and graded tests must pair up one to one (a test told in steps is a numbered list)').toEqual([]);
  });

  test('stub.json records the stub as it is, so wb reset brings back what ships', () => {
    // After changing a stub: npx tsx harness/learner/write-stub-manifests.ts
    expect(readStubManifest(moduleId)?.files, `modules/${moduleId}/stub.json is stale: run npx tsx harness/learner/write-stub-manifests.ts`).toEqual(currentExerciseFiles(moduleId));
  });

  test('its known-wrong variants are kept out of modules/, which the learner reads', () => {
    expect(existsSync(path.join(projectRoot, 'modules', moduleId, 'mutants.ts'))).toBe(false);
    expect(existsSync(mutantsFile(moduleId))).toBe(true);
  });

  test('exercises/ and solutions/ hold the same files (the reference has its known-wrong variants beside it)', () => {
    const stub = path.join(projectRoot, 'exercises', moduleId);
    const reference = path.join(projectRoot, 'solutions', moduleId);
    expect(existsSync(stub) && existsSync(reference)).toBe(true);
    expect(filesUnder(stub)).toEqual(filesUnder(reference).filter((file) => file !== path.basename(mutantsFile(moduleId))));
  });

  test('graded tests never import exercises/ or solutions/ by path', () => {
    const testsDir = path.join(moduleDir, 'tests');
    const offenders = filesUnder(testsDir).filter((file) => /from\s+['"][^'"]*\b(exercises|solutions)\//.test(readFileSync(path.join(testsDir, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
