import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { modulesDir } from '../modules.ts';
import { markdown, sectionsOf } from './markdown-sections.ts';

/** A requirement's hints, from a nudge to something concrete: each level is markdown. */
export interface RequirementHints {
  readonly requirement: string;
  readonly levels: readonly string[];
}

const parsed = new Map<string, Map<string, RequirementHints>>();

const hintsFile = (moduleId: string): string => path.join(modulesDir, moduleId, 'HINTS.md');

/**
 * HINTS.md's hints per requirement: a `## <requirement>` section per requirement, each level a
 * `<details><summary>…</summary> … </details>` block (folded on GitHub, one at a time here).
 */
export function readHints(moduleId: string): Map<string, RequirementHints> {
  const cached = parsed.get(moduleId);
  if (cached) return cached;
  const file = hintsFile(moduleId);
  const hints = new Map<string, RequirementHints>();
  parsed.set(moduleId, hints);
  if (!existsSync(file)) return hints;
  for (const section of sectionsOf(readFileSync(file, 'utf8'))) {
    const levels = hintLevels(section.source);
    if (levels.length > 0) hints.set(section.heading, { requirement: section.heading, levels });
  }
  return hints;
}

function hintLevels(source: string): string[] {
  const lines = source.split('\n');
  const levels: string[] = [];
  let openedAt: number | undefined;
  for (const token of markdown.parse(source, {})) {
    if (token.type !== 'html_block' || !token.map) continue;
    if (/<details\b/i.test(token.content)) openedAt = token.map[1];
    if (/<\/details>/i.test(token.content) && openedAt !== undefined) {
      levels.push(lines.slice(openedAt, token.map[0]).join('\n').trim());
      openedAt = undefined;
    }
  }
  return levels;
}

/** The command that shows a requirement's next hint, when HINTS.md has one for it. */
export function hintCommand(moduleId: string, requirement: string): string | undefined {
  return readHints(moduleId).has(requirement) ? `npx wb hint ${moduleId} ${requirement}` : undefined;
}
