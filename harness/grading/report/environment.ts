import { readFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { projectRoot } from '../../paths.ts';
import type { Scorecard, ServerUsed } from '../scorecard.ts';
import type { GradingEnvironment } from './grade-report.ts';

export interface GitState {
  readonly commit: string;
  readonly uncommittedChanges: boolean;
  /** Changed, added or untracked files under the path, relative to it. */
  readonly changedFiles: readonly string[];
}

/** The commit a folder is at and what in it differs from that commit; null outside a repository. */
export async function gitState(folder: string): Promise<GitState | null> {
  try {
    const git = simpleGit({ baseDir: folder });
    if (!(await git.checkIsRepo())) return null;
    const commit = (await git.revparse(['HEAD'])).trim();
    const top = (await git.revparse(['--show-toplevel'])).trim();
    const status = await git.status(['--', '.']);
    const changedFiles = status.files.map((file) => path.relative(folder, path.join(top, file.path))).sort();
    return { commit, uncommittedChanges: changedFiles.length > 0, changedFiles };
  } catch {
    // No git on the machine, or a commit-less repository: the scorecard says so by null.
    return null;
  }
}

function harnessVersion(): string {
  return (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Collects the environment of a grading run from the machine, the graded tree and the module runs. */
export async function collectEnvironment(input: {
  target: string;
  targetPath: string;
  cards: readonly Scorecard[];
  /** Where the tree came from, when the caller knows better than its folder (a candidate's clone). */
  gradedGit?: GitState;
}): Promise<GradingEnvironment> {
  const servers = new Map<string, ServerUsed>();
  for (const server of input.cards.flatMap((card) => card.servers)) servers.set(`${server.kind} ${server.backend} ${server.version}`, server);
  const [graded, harness] = await Promise.all([input.gradedGit ?? gitState(input.targetPath), gitState(projectRoot)]);
  return {
    node: process.version,
    os: { platform: platform(), release: release(), arch: arch() },
    backends: [...new Set(input.cards.flatMap((card) => card.servers.map((server) => server.backend)))].sort(),
    servers: [...servers.values()].sort((a, b) => a.kind.localeCompare(b.kind)),
    graded: { target: input.target, path: input.targetPath, git: graded },
    harness: { version: harnessVersion(), commit: harness?.commit ?? null, uncommittedChanges: harness?.uncommittedChanges ?? null },
  };
}
