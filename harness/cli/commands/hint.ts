import { readHints } from '../../learner/hints.ts';
import { hintsShown, recordHintsShown } from '../../learner/learner-state.ts';
import { progressOf } from '../../learner/progress.ts';
import { resolveRequirement } from '../../learner/requirement-arg.ts';
import { renderMarkdownForTerminal } from '../../learner/terminal-markdown.ts';
import { loadModule } from '../../modules.ts';
import { specLink } from '../../testing/requirement.ts';
import { paint, say } from '../output.ts';

/**
 * The next hint for a requirement (by default the module's first one not passed), one level at a
 * time like HINTS.md's folded blocks: each run shows one more, and the level is remembered.
 */
export async function hintCommand(moduleName: string, requirementName: string | undefined): Promise<number> {
  const manifest = await loadModule(moduleName);
  const requirement = requirementName ? resolveRequirement(manifest, requirementName) : progressOf(manifest).nextRequirement;
  if (!requirement) {
    say(`Every requirement of ${manifest.id} passed: no hint needed. \`npx wb hint ${manifest.id} <requirement>\` shows one anyway.`);
    return 0;
  }
  const hints = readHints(manifest.id).get(requirement);
  if (!hints) {
    say(`${manifest.id} has no hints for [${requirement}]. Read ${specLink(manifest.id, requirement)} (\`npx wb spec ${manifest.id} ${requirement}\`).`);
    return 0;
  }
  const total = hints.levels.length;
  const shown = Math.min(hintsShown(manifest.id, requirement), total);
  // Past the last level, show them all again: someone asking once more wants the whole picture.
  const levels = shown >= total ? hints.levels.map((_, index) => index) : [shown];
  for (const index of levels) {
    say(paint('bold', `[${requirement}] hint ${index + 1} of ${total}`));
    say(renderMarkdownForTerminal(hints.levels[index]!));
    say();
  }
  recordHintsShown(manifest.id, requirement, Math.max(shown, levels.at(-1)! + 1));
  const next = levels.at(-1)! + 1;
  say(
    paint(
      'dim',
      next < total
        ? `Run \`npx wb hint ${manifest.id} ${requirement}\` again for hint ${next + 1}, which goes further. The contract: \`npx wb spec ${manifest.id} ${requirement}\`.`
        : `That is the last hint for [${requirement}]; the contract is in \`npx wb spec ${manifest.id} ${requirement}\`.`,
    ),
  );
  return 0;
}
