import { existsSync } from 'node:fs';
import path from 'node:path';
import { listModuleIds } from '../../modules.ts';
import { projectRoot } from '../../paths.ts';

/** One page of the docs site: the markdown it comes from and where its HTML goes. */
export interface SitePage {
  /** Repository path of the markdown, `modules/01-rest-api/SPEC.md`. */
  readonly source: string;
  /** Site path of the HTML, `modules/01-rest-api/spec.html`. */
  readonly output: string;
  readonly title: string;
  /** The module it belongs to, for SPEC and HINTS pages. */
  readonly moduleId?: string;
  readonly kind: 'spec' | 'hints' | 'guide';
}

const GUIDES: readonly { source: string; output: string; title: string }[] = [
  { source: 'docs/learner-guide.md', output: 'guide.html', title: "The learner's guide" },
  { source: 'docs/errors.md', output: 'errors.html', title: 'Error codes' },
];

/** Every page, in the order the navigation lists them: the guides, then each module's SPEC and HINTS. */
export function sitePages(): SitePage[] {
  const pages: SitePage[] = GUIDES.filter((guide) => existsSync(path.join(projectRoot, guide.source))).map((guide) => ({ ...guide, kind: 'guide' as const }));
  for (const moduleId of listModuleIds()) {
    pages.push({ source: `modules/${moduleId}/SPEC.md`, output: `modules/${moduleId}/spec.html`, title: `${moduleId} · SPEC`, moduleId, kind: 'spec' });
    if (existsSync(path.join(projectRoot, 'modules', moduleId, 'HINTS.md'))) pages.push({ source: `modules/${moduleId}/HINTS.md`, output: `modules/${moduleId}/hints.html`, title: `${moduleId} · hints`, moduleId, kind: 'hints' });
  }
  return pages;
}

/** The site path of a requirement's section: what a failure message links to. */
export const requirementPage = (moduleId: string, requirement: string): string => `modules/${moduleId}/spec.html#${requirement}`;
