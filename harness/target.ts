import { existsSync } from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from './errors.ts';
import { projectRoot } from './paths.ts';

export type TargetName = 'exercises' | 'solutions' | (string & {});

/**
 * Which implementation the graded tests load. `exercises` (the default) is the learner's stub,
 * `solutions` the reference, anything else a directory: a tree like exercises/ (it holds
 * `<module>/index.ts`) or a repository root that holds `exercises/<module>/` — a candidate's
 * returned take-home, say. Tests never import a tree by path; the vitest alias `@wb/target`
 * points at the directory this returns.
 */
export function resolveTargetRoot(target: TargetName, moduleId: string): string {
  const base = target === 'exercises' || target === 'solutions' ? path.join(projectRoot, target) : path.resolve(target);
  const candidates = [base, path.join(base, 'exercises')];
  const root = candidates.find((dir) => existsSync(path.join(dir, moduleId, 'index.ts')));
  if (!root) {
    throw new WorkbenchError('WB_ERR_TARGET_NOT_FOUND', { target, module: moduleId, looked: candidates.join(', ') });
  }
  return root;
}

export function targetFromEnv(): TargetName {
  return process.env.WB_TARGET?.trim() || 'exercises';
}
