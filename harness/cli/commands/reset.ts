import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { WorkbenchError } from '../../errors.ts';
import { currentExerciseFiles, exerciseDir, gitBlobId, pristineContent, readStubManifest } from '../../learner/pristine-stub.ts';
import { resolveModuleId } from '../../modules.ts';
import { projectRoot, stateDir } from '../../paths.ts';
import { paint, say } from '../output.ts';

export interface ResetOptions {
  readonly module: string;
  /** One file of the module, relative to its exercise folder (or to the project). */
  readonly file?: string;
  /** Do not ask (a script, CI). Without a terminal to ask on, it is required. */
  readonly yes?: boolean;
}

/**
 * Puts the module's stub (or one file of it) back as shipped, after asking, with a copy of the
 * learner's whole exercise folder kept first: a reset is never the end of their work.
 */
export async function resetCommand(options: ResetOptions): Promise<number> {
  const moduleId = resolveModuleId(options.module);
  const manifest = readStubManifest(moduleId);
  if (!manifest) throw new WorkbenchError('WB_ERR_RESET_UNAVAILABLE', { module: moduleId, why: `modules/${moduleId}/stub.json is missing` });
  const dir = exerciseDir(moduleId);
  const current = existsSync(dir) ? currentExerciseFiles(moduleId) : {};
  const only = options.file ? stubFileNamed(moduleId, options.file, manifest.files) : undefined;
  const changed = Object.entries(manifest.files).filter(([file, blob]) => (!only || file === only) && current[file] !== blob);
  if (changed.length === 0) {
    say(`${only ? `exercises/${moduleId}/${only} is` : `exercises/${moduleId}/ is`} already the stub as shipped: nothing to reset.`);
    return 0;
  }
  const contents = changed.map(([file, blob]) => {
    const content = pristineContent(blob);
    if (!content || gitBlobId(content) !== blob) throw new WorkbenchError('WB_ERR_RESET_UNAVAILABLE', { module: moduleId, why: `this clone's Git objects do not hold the shipped ${file} (blob ${blob.slice(0, 12)}); fetch the project's history (\`git fetch --unshallow\`), or copy the file from the project's repository` });
    return { file, content };
  });
  say(`Reset ${changed.length} file${changed.length === 1 ? '' : 's'} of exercises/${moduleId}/ to the stub as shipped:`);
  for (const [file] of changed) say(`  ${file}${current[file] ? '' : paint('dim', ' (missing now)')}`);
  const extra = only ? [] : Object.keys(current).filter((file) => !(file in manifest.files));
  if (extra.length > 0) say(paint('dim', `Files you added stay as they are: ${extra.join(', ')}.`));
  if (!options.yes && !(await confirm('Go ahead? Your files are copied aside first. [y/N] '))) {
    say('Nothing was changed.');
    return 1;
  }
  const backup = path.join(stateDir, 'backups', `${moduleId}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  if (existsSync(dir)) {
    mkdirSync(path.dirname(backup), { recursive: true });
    cpSync(dir, backup, { recursive: true });
  }
  for (const { file, content } of contents) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  const shown = path.relative(process.cwd(), backup);
  say(paint('green', `Done. Your previous files are in ${shown.startsWith('..') ? backup : shown}.`));
  return 0;
}

function stubFileNamed(moduleId: string, name: string, files: Readonly<Record<string, string>>): string {
  const candidates = [name, path.relative(exerciseDir(moduleId), path.resolve(name)), path.relative(exerciseDir(moduleId), path.join(projectRoot, name))].map((file) => file.split(path.sep).join('/'));
  const found = candidates.find((file) => file in files);
  if (!found) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `The stub of ${moduleId} has no file '${name}'. Its files: ${Object.keys(files).join(', ')}.` });
  return found;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: 'wb reset asks before it overwrites your files, and there is no terminal to ask on: add --yes to go ahead without asking.' });
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
