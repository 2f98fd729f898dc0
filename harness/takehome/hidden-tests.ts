import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../errors.ts';
import { projectRoot } from '../paths.ts';
import { requirementsTestedIn } from './requirements-in-file.ts';

/**
 * Which graded test files stay with the team. `--hidden` is either a ratio (`0.3`: that share of
 * each module's test files, at least one, never all, chosen by the kit's id so that the same
 * id picks the same files), or a list of test files (`stats`, `outage.test.ts`) and requirement
 * ids (`stampede`: every file holding a test of it). Support files under tests/support are never
 * hidden: the visible tests need them.
 */
export function chooseHiddenTests(spec: string | undefined, testFiles: Readonly<Record<string, readonly string[]>>, requirementIds: readonly string[], kitId: string): string[] {
  if (!spec) return [];
  const ratio = Number(spec);
  if (spec.trim() !== '' && Number.isFinite(ratio)) {
    if (!(ratio > 0 && ratio < 1)) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `--hidden ${spec}: a ratio is between 0 and 1 (0.3 hides 30% of each module's test files), or give a list of test files or requirement ids.` });
    return Object.values(testFiles).flatMap((files) => {
      const count = Math.min(files.length - 1, Math.max(1, Math.round(files.length * ratio)));
      return [...files].sort((a, b) => rank(kitId, a).localeCompare(rank(kitId, b))).slice(0, count);
    });
  }
  const all = Object.values(testFiles).flat();
  const hidden = new Set<string>();
  for (const item of spec.split(',').map((entry) => entry.trim()).filter(Boolean)) {
    const byName = all.filter((file) => path.basename(file) === item || path.basename(file) === `${item}.test.ts`);
    const byRequirement = all.filter((file) => requirementsTestedIn(readFileSync(path.join(projectRoot, file), 'utf8'), requirementIds).includes(item));
    const matched = [...byName, ...byRequirement];
    if (matched.length === 0) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `--hidden: '${item}' is neither a test file nor a requirement of the chosen modules. Their test files: ${all.map((file) => path.basename(file, '.test.ts')).join(', ')}.` });
    for (const file of matched) hidden.add(file);
  }
  for (const [moduleId, files] of Object.entries(testFiles)) {
    if (files.length > 0 && files.every((file) => hidden.has(file))) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `--hidden would hide every test file of ${moduleId}: leave the candidate at least one test to run.` });
  }
  return [...hidden].sort();
}

const rank = (seed: string, file: string): string => createHash('sha256').update(`${seed}\0${file}`).digest('hex');
