import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { simpleGit } from 'simple-git';
import { WorkbenchError } from '../errors.ts';
import { stateDir } from '../paths.ts';

/** A candidate's repository, cloned for grading; `remove()` deletes both copies. */
export interface CandidateCheckout {
  /** The whole clone: what the tamper check compares with the grader's tree. */
  readonly clone: string;
  /** The graded tree: a copy of the clone's `exercises/` alone, inside the grader's project. */
  readonly target: string;
  readonly commit: string;
  remove(): void;
}

/**
 * Clones a candidate's repository (a path or a Git URL) at `ref`, and copies its `exercises/`
 * into the grader's state folder to be graded there. Only that folder is theirs: everything it
 * imports beyond itself (packages, `#not-implemented`, the harness) resolves in the grader's
 * project, never in files the candidate shipped beside it. A dependency the candidate added is
 * therefore not installed, and the tamper report lists it.
 */
export async function checkoutCandidate(source: string, ref: string | undefined): Promise<CandidateCheckout> {
  const clone = mkdtempSync(path.join(tmpdir(), 'wb-candidate-'));
  const target = path.join(stateDir, 'candidates', `${Date.now()}-${randomBytes(3).toString('hex')}`);
  const remove = (): void => {
    rmSync(clone, { recursive: true, force: true });
    rmSync(target, { recursive: true, force: true });
  };
  try {
    // No submodules; and a clone carries no hooks: nothing of the candidate's runs before the graded run.
    await simpleGit().clone(source, clone, ['--no-recurse-submodules']);
    const git = simpleGit({ baseDir: clone });
    if (ref) await git.checkout(ref);
    const commit = (await git.revparse(['HEAD'])).trim();
    if (!existsSync(path.join(clone, 'exercises'))) throw new Error('it has no exercises/ folder');
    mkdirSync(target, { recursive: true });
    // Links are copied as links, not followed: what they point at is not the candidate's to ship.
    cpSync(path.join(clone, 'exercises'), path.join(target, 'exercises'), { recursive: true, verbatimSymlinks: true });
    return { clone, target, commit, remove };
  } catch (error) {
    remove();
    throw new WorkbenchError('WB_ERR_CANDIDATE_CLONE', { source, ref: ref ?? 'its default branch', reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
  }
}
