import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { diffLines } from 'diff';
import { simpleGit } from 'simple-git';

/** A file outside `exercises/` that the candidate's tree has differently from the grader's. */
export interface TamperedFile {
  readonly path: string;
  /** `modified`: both have it, with other contents; `added`: only the candidate has it. */
  readonly change: 'modified' | 'added';
  readonly linesAdded: number;
  readonly linesRemoved: number;
}

/** A dependency the candidate's package.json has and the grader's does not (or at another range). */
export interface AddedDependency {
  readonly name: string;
  readonly range: string;
  readonly section: 'dependencies' | 'devDependencies' | 'optionalDependencies' | 'peerDependencies';
  /** The grader's range, when the candidate changed it rather than added it. */
  readonly graderRange?: string;
}

export interface TamperReport {
  readonly files: readonly TamperedFile[];
  readonly dependencies: readonly AddedDependency[];
}

/** Only the learner's tree is theirs to change; anything else that differs is reported. */
const LEARNER_TREE = 'exercises/';

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The files Git tracks in a checkout (the candidate's clone, or the grader's own tree). */
async function trackedFiles(root: string): Promise<string[]> {
  const listed = await simpleGit({ baseDir: root }).raw(['ls-files', '-z']);
  return listed.split('\0').filter(Boolean);
}

function lineChanges(before: string, after: string): { linesAdded: number; linesRemoved: number } {
  let [linesAdded, linesRemoved] = [0, 0];
  for (const part of diffLines(before, after)) {
    if (part.added) linesAdded += part.count ?? 0;
    if (part.removed) linesRemoved += part.count ?? 0;
  }
  return { linesAdded, linesRemoved };
}

/**
 * What a candidate changed outside `exercises/`, measured against the grader's own copy of the
 * same paths: tests, harness, manifests, package.json, the lockfile, configs. A file the grader
 * has and the candidate does not is no tampering (a take-home kit ships fewer files); one the
 * candidate added is listed, since a config or a setup file can change how tests run.
 */
export async function findTampering(candidateRoot: string, graderRoot: string): Promise<TamperReport> {
  const files: TamperedFile[] = [];
  for (const file of (await trackedFiles(candidateRoot)).filter((name) => !name.startsWith(LEARNER_TREE)).sort()) {
    const theirs = path.join(candidateRoot, file);
    const ours = path.join(graderRoot, file);
    if (!existsSync(theirs)) continue;
    if (!existsSync(ours)) {
      files.push({ path: file, change: 'added', ...lineChanges('', readFileSync(theirs, 'utf8')) });
    } else if (sha(theirs) !== sha(ours)) {
      files.push({ path: file, change: 'modified', ...lineChanges(readFileSync(ours, 'utf8'), readFileSync(theirs, 'utf8')) });
    }
  }
  return { files, dependencies: addedDependencies(candidateRoot, graderRoot) };
}

const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

function addedDependencies(candidateRoot: string, graderRoot: string): AddedDependency[] {
  const read = (root: string): Record<string, Record<string, string> | undefined> => {
    const file = path.join(root, 'package.json');
    try {
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>) : {};
    } catch {
      return {};
    }
  };
  const [theirs, ours] = [read(candidateRoot), read(graderRoot)];
  const added: AddedDependency[] = [];
  for (const section of SECTIONS) {
    for (const [name, range] of Object.entries(theirs[section] ?? {})) {
      const graderRange = SECTIONS.map((s) => ours[s]?.[name]).find((found) => found !== undefined);
      if (graderRange === range) continue;
      added.push({ name, range, section, ...(graderRange !== undefined ? { graderRange } : {}) });
    }
  }
  return added;
}
