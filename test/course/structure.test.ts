import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { listModuleIds, loadModule } from '../../harness/modules.ts';
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

/** Requirement slugs named in test titles: `test('[slug] …'` (template titles included). */
function taggedRequirements(testsDir: string): string[] {
  return filesUnder(testsDir)
    .filter((file) => file.endsWith('.test.ts'))
    .flatMap((file) => [...readFileSync(path.join(testsDir, file), 'utf8').matchAll(/test\(\s*[`'"](\[[a-z0-9-]+\])/g)].map((match) => requirementOfTitle(match[1]!)!));
}

describe.each(listModuleIds())('module %s is complete', (moduleId) => {
  const moduleDir = path.join(projectRoot, 'modules', moduleId);

  test('its manifest has unique requirement ids with points, and targets that name requirements', async () => {
    const manifest = await loadModule(moduleId);
    const ids = manifest.requirements.map((requirement) => requirement.id);
    expect(new Set(ids).size, 'requirement ids must be unique').toBe(ids.length);
    expect(manifest.requirements.every((requirement) => requirement.points > 0)).toBe(true);
    for (const target of manifest.targets) expect(ids).toContain(target.requirement);
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

  test('exercises/ and solutions/ hold the same files', () => {
    const stub = path.join(projectRoot, 'exercises', moduleId);
    const reference = path.join(projectRoot, 'solutions', moduleId);
    expect(existsSync(stub) && existsSync(reference)).toBe(true);
    expect(filesUnder(stub)).toEqual(filesUnder(reference));
  });

  test('graded tests never import exercises/ or solutions/ by path', () => {
    const testsDir = path.join(moduleDir, 'tests');
    const offenders = filesUnder(testsDir).filter((file) => /from\s+['"][^'"]*\b(exercises|solutions)\//.test(readFileSync(path.join(testsDir, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
