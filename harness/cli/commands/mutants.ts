import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkbenchError } from '../../errors.ts';
import { checkMutants } from '../../mutant-check/check-mutants.ts';
import { resolveModuleId } from '../../modules.ts';
import { mutantsFile, type Mutant } from '../../mutants.ts';
import { paint, say } from '../output.ts';

export interface MutantsCommandOptions {
  readonly module: string;
  /** A mutants file other than the module's own (a blind round's). */
  readonly file?: string;
  /** Only mutants whose name contains this. */
  readonly only?: string;
  readonly json?: string;
}

/**
 * For module authors: grades the module's known-wrong implementations (`mutants.ts`) and says
 * which ones its tests catch, by which test, and which survive. Exit 0 only when all are caught.
 */
export async function mutantsCommand(options: MutantsCommandOptions): Promise<number> {
  const moduleId = resolveModuleId(options.module);
  const file = path.resolve(options.file ?? mutantsFile(moduleId));
  if (!existsSync(file)) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `There is no mutants file at ${path.relative(process.cwd(), file)}.` });
  const { default: all } = (await import(pathToFileURL(file).href)) as { default: readonly Mutant[] };
  const mutants = all.filter((mutant) => !options.only || mutant.name.includes(options.only));
  say(paint('bold', `wb mutants ${moduleId}`) + paint('dim', ` · ${mutants.length} known-wrong implementations from ${path.relative(process.cwd(), file)}`));
  const tty = process.stdout.isTTY === true;
  const check = await checkMutants({
    moduleId,
    mutants,
    ...(tty ? { onProgress: (graded: number, total: number) => void process.stdout.write(`\r  graded ${graded}/${total}`) } : {}),
  });
  if (tty) process.stdout.write('\r\x1b[K');
  for (const verdict of check.verdicts) {
    const how = verdict.caught ? paint('dim', `caught by '${verdict.caughtBy?.test}'`) : paint('red', `survived: ${verdict.why}`);
    const where = verdict.judgedBy === 'own-run' ? paint('dim', ' (graded alone)') : '';
    say(`  ${verdict.caught ? paint('green', '✓') : paint('red', '✗')} [${verdict.breaks}] ${verdict.name}\n      ${how}${where} ${paint('dim', `${verdict.seconds.toFixed(1)} s`)}`);
  }
  if (check.control) say(`${check.control.passed ? paint('green', '✓') : paint('red', '✗')} control: ${check.control.detail}`);
  const caught = check.verdicts.filter((verdict) => verdict.caught).length;
  say(`\n${caught} of ${check.verdicts.length} caught in ${check.seconds.toFixed(0)} s.`);
  if (options.json) {
    mkdirSync(path.dirname(path.resolve(options.json)), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify({ module: moduleId, ...check }, null, 2)}\n`);
  }
  return caught === check.verdicts.length && check.control?.passed !== false ? 0 : 1;
}
