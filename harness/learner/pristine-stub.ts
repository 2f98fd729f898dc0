import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, globSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { modulesDir } from '../modules.ts';
import { projectRoot } from '../paths.ts';

/**
 * The stub as shipped, for `wb reset`: each exercise file's Git blob id, recorded in
 * `modules/<module>/stub.json` when the stub is written. Git keeps every blob a clone has seen, so
 * a learner's clone can bring a file back however far their own commits have moved it, and the
 * stubs are not stored twice. A structure check keeps the record in step with exercises/.
 */
export interface StubManifest {
  /** File, relative to `exercises/<module>/` → Git blob id (SHA-1 of `blob <size>\0<content>`). */
  readonly files: Readonly<Record<string, string>>;
}

export const stubManifestFile = (moduleId: string): string => path.join(modulesDir, moduleId, 'stub.json');
export const exerciseDir = (moduleId: string): string => path.join(projectRoot, 'exercises', moduleId);

/** Git's id for a file's content: the same on every machine, whatever the line endings of checkout. */
export function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

export function readStubManifest(moduleId: string): StubManifest | undefined {
  const file = stubManifestFile(moduleId);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StubManifest) : undefined;
}

/** The module's exercise files now, relative to its folder, each with its blob id. */
export function currentExerciseFiles(moduleId: string): Record<string, string> {
  const dir = exerciseDir(moduleId);
  const files = globSync('**/*', { cwd: dir, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(
    files
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .sort()
      .map((file) => [file, gitBlobId(readFileSync(path.join(dir, file)))]),
  );
}

/** For module authors: records the current exercise files as the pristine stub. */
export function writeStubManifest(moduleId: string): void {
  writeFileSync(stubManifestFile(moduleId), `${JSON.stringify({ files: currentExerciseFiles(moduleId) } satisfies StubManifest, null, 2)}\n`);
}

/** The pristine content of one stub file, from the clone's Git objects; undefined when Git has not got it. */
export function pristineContent(blobId: string): Buffer | undefined {
  try {
    return execFileSync('git', ['cat-file', 'blob', blobId], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}
