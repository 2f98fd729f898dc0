import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './paths.ts';

/**
 * A known-wrong implementation, written as small edits to the reference solution: the mistake a
 * learner is likely to make (no version check, an owner filter forgotten, SQL built from strings).
 * The course checks grade each one and expect its requirement to fail, so a grader that cannot
 * catch the mistake fails the build. Edits rather than copies: the mutant follows the reference
 * as it changes, and an edit whose text no longer exists fails loudly.
 */
export interface Mutant {
  readonly name: string;
  /** The requirement whose tests must catch it. */
  readonly breaks: string;
  /**
   * A race: `wb mutants` grades it with the machine to itself, as it does load tests, so
   * that other work cannot blur the timing it is caught by.
   */
  readonly race?: boolean;
  readonly edits: readonly { readonly file: string; readonly find: string; readonly replace: string }[];
}

/**
 * Where a module's known-wrong implementations live: beside the reference they edit, out of
 * modules/ (which the learner reads) since they quote the reference's code.
 */
export const mutantsFile = (moduleId: string): string => path.join(projectRoot, 'solutions', moduleId, 'mutants.ts');

export function defineMutants(mutants: readonly Mutant[]): readonly Mutant[] {
  return mutants;
}

/** Copies `<solutions>/<module>` into `<dir>/<module>` and applies the edits; each must match once. */
export function writeMutant(solutionDir: string, dir: string, moduleId: string, mutant: Mutant): string {
  const target = path.join(dir, moduleId);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(solutionDir, target, { recursive: true });
  for (const edit of mutant.edits) {
    const file = path.join(target, edit.file);
    const source = readFileSync(file, 'utf8');
    const count = source.split(edit.find).length - 1;
    if (count !== 1) throw new Error(`Mutant '${mutant.name}': expected the text to edit exactly once in ${edit.file}, found it ${count} times: ${JSON.stringify(edit.find)}`);
    writeFileSync(file, source.replace(edit.find, () => edit.replace));
  }
  return dir;
}
