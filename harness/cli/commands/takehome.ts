import path from 'node:path';
import { WorkbenchError } from '../../errors.ts';
import { resolveModuleId } from '../../modules.ts';
import { createKit } from '../../takehome/create-kit.ts';
import { kitForGrading } from '../../takehome/grade-kit.ts';
import { paint, say } from '../output.ts';
import { gradeCommand } from './grade.ts';

export interface TakehomeOptions {
  readonly modules?: string;
  readonly hidden?: string;
  readonly timeBox?: string;
  readonly noHints?: boolean;
  readonly out?: string;
  readonly bundle?: string;
  readonly kit?: string;
  readonly ref?: string;
  readonly format?: string;
  readonly isolation?: string;
}

/** `wb takehome create …` cuts a kit; `wb takehome grade <repo> --kit <bundle>` grades what came back. */
export async function takehomeCommand(action: string | undefined, repo: string | undefined, options: TakehomeOptions): Promise<number> {
  if (action === 'create') {
    if (!options.modules) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: 'Which modules? e.g. `npx wb takehome create --modules 02-caching --out ../kit`.' });
    if (!options.out) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: 'Where? `--out <dir>` names a new folder for the kit.' });
    const modules = [...new Set(options.modules.split(',').map((name) => resolveModuleId(name.trim())))];
    const { kit, bundle, manifest } = await createKit({
      modules,
      ...(options.hidden ? { hidden: options.hidden } : {}),
      ...(options.timeBox ? { timeBox: options.timeBox } : {}),
      hints: !options.noHints,
      out: options.out,
      ...(options.bundle ? { bundle: options.bundle } : {}),
    });
    say(`${paint('bold', `Kit ${manifest.id}`)}: ${manifest.modules.join(', ')}${manifest.timeBox ? `, time box ${manifest.timeBox}` : ''}, ${Object.keys(manifest.files).length} files, one commit`);
    say(`  send:  ${path.relative(process.cwd(), kit) || kit}   (a Git repository: push it, or \`git bundle create kit.bundle --all\` in it)`);
    say(`  keep:  ${path.relative(process.cwd(), bundle) || bundle}   (${manifest.hiddenTests.length} hidden test file${manifest.hiddenTests.length === 1 ? '' : 's'}, the kit's hashes; grade with \`npx wb takehome grade <their repo> --kit ${path.relative(process.cwd(), bundle) || bundle}\`)`);
    for (const [moduleId, ids] of Object.entries(manifest.hiddenRequirements)) say(paint('dim', `  hidden tests in ${moduleId}: ${ids.join(', ')}`));
    return 0;
  }
  if (action === 'grade') {
    if (!repo) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: 'Whose? `npx wb takehome grade <repository path or URL> --kit <bundle>`.' });
    if (!options.kit) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: '`--kit <bundle>` names the folder `wb takehome create` wrote beside the kit (<kit>.grading).' });
    const { manifest, kitFiles } = kitForGrading(path.resolve(options.kit));
    const chosen = options.modules ? options.modules.split(',').map((name) => resolveModuleId(name.trim())) : [...manifest.modules];
    const outside = chosen.filter((id) => !manifest.modules.includes(id));
    if (outside.length > 0) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `Kit ${manifest.id} holds ${manifest.modules.join(', ')}, not ${outside.join(', ')}.` });
    return gradeCommand({
      target: 'exercises',
      repo,
      modules: chosen.join(','),
      kit: { id: manifest.id, files: kitFiles, hiddenRequirements: manifest.hiddenRequirements },
      ...(options.ref ? { ref: options.ref } : {}),
      ...(options.out ? { out: options.out } : {}),
      ...(options.format ? { format: options.format } : {}),
      ...(options.isolation ? { isolation: options.isolation } : {}),
    });
  }
  throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `\`wb takehome\` takes create or grade${action ? `, not '${action}'` : ''}.` });
}
