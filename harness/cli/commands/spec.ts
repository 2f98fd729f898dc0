import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sectionsOf } from '../../learner/markdown-sections.ts';
import { resolveRequirement } from '../../learner/requirement-arg.ts';
import { renderMarkdownForTerminal } from '../../learner/terminal-markdown.ts';
import { loadModule, modulesDir } from '../../modules.ts';
import { say } from '../output.ts';

/** A module's SPEC.md, or one requirement's section of it, rendered for the terminal. */
export async function specCommand(moduleName: string, requirementName: string | undefined): Promise<number> {
  const manifest = await loadModule(moduleName);
  const source = readFileSync(path.join(modulesDir, manifest.id, 'SPEC.md'), 'utf8');
  if (!requirementName) {
    say(renderMarkdownForTerminal(source));
    return 0;
  }
  const requirement = resolveRequirement(manifest, requirementName);
  const section = sectionsOf(source).find((entry) => entry.heading === requirement);
  // The structure checks make every requirement a `##` section of SPEC.md; this is a harness bug otherwise.
  if (!section) throw new Error(`modules/${manifest.id}/SPEC.md has no '## ${requirement}' section.`);
  say(renderMarkdownForTerminal(section.source));
  return 0;
}
