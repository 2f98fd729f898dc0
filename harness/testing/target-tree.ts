import path from 'node:path';
import { resolveTargetRoot, targetFromEnv } from '../target.ts';

/** Set by the mutant check's wrapper file: the tree that stands in for a module's own. */
const TREES_KEY = '__wbTargetTrees';

/**
 * The directory of the implementation under test for a module (`<tree>/<module>`), for a test
 * that runs it in a process of its own (a worker it kills): there the `@wb/target` alias does not
 * reach, so the process is told the directory. Follows the mutant check's stand-in tree too.
 */
export function targetModuleDir(moduleId: string): string {
  const trees = (globalThis as { [TREES_KEY]?: Record<string, string> })[TREES_KEY];
  return trees?.[moduleId] ?? path.join(resolveTargetRoot(targetFromEnv(), moduleId), moduleId);
}

/** The statement a wrapper file runs so that targetModuleDir() follows its stand-in tree. */
export function standInTreeStatement(moduleId: string, treeRoot: string): string {
  return `(globalThis.${TREES_KEY} ??= {})[${JSON.stringify(moduleId)}] = ${JSON.stringify(treeRoot)};`;
}
