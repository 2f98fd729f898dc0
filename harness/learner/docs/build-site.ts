import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RequirementResult } from '../../grading/scorecard.ts';
import { projectRoot } from '../../paths.ts';
import { trackProgress, type ModuleProgress } from '../progress.ts';
import { renderPage } from './render-page.ts';
import { pageHtml, SITE_STYLE } from './site-layout.ts';
import { sitePages, type SitePage } from './site-pages.ts';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Beside each requirement's heading: how the learner's last full run did on it. */
function badge(requirement: RequirementResult | undefined): string {
  if (!requirement) return '<span class="badge not-run" data-progress="not-run">not run yet</span>';
  const label = requirement.status === 'passed' ? `✓ ${requirement.earned}/${requirement.points}` : requirement.status === 'failed' ? `✗ 0/${requirement.points}` : requirement.status.replace('-', ' ');
  return `<span class="badge ${requirement.status === 'passed' ? 'passed' : requirement.status === 'failed' ? 'failed' : 'not-run'}" data-progress="${requirement.status}">${escape(label)}</span>`;
}

function badgesFor(entry: ModuleProgress | undefined): Map<string, string> {
  const badges = new Map<string, string>();
  for (const requirement of entry?.manifest.requirements ?? []) badges.set(requirement.id, badge(entry?.card?.requirements.find((result) => result.id === requirement.id)));
  return badges;
}

function indexBody(pages: readonly SitePage[], progress: readonly ModuleProgress[]): string {
  const rows = progress.map((entry) => {
    const spec = pages.find((page) => page.moduleId === entry.manifest.id && page.kind === 'spec');
    const state = entry.status === 'not-started' ? 'not started' : `${entry.passed} of ${entry.total} requirements${entry.card ? ` · ${entry.card.score.earned}/${entry.card.score.total} points` : ''}`;
    return `<tr data-module="${escape(entry.manifest.id)}"><td><a href="${spec?.output ?? '#'}">${escape(entry.manifest.id)}</a></td><td>${escape(entry.manifest.title)}</td><td class="${entry.status}">${escape(state)}</td></tr>`;
  });
  return `<h1>workbench</h1>
<p>The track's specs, hints and guides, with your progress from your last full run of each module (<code>npx wb test &lt;module&gt;</code> or <code>npx wb watch</code>).</p>
<table><thead><tr><th>module</th><th>what</th><th>your progress</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * Renders every SPEC.md, HINTS.md and guide into `outDir` as a static site (one folder, offline):
 * code highlighted, an anchor per heading (a requirement's is its id), a contents list per page,
 * links between pages rewritten to the pages, and the learner's progress beside each requirement.
 */
export async function buildSite(outDir: string): Promise<{ pages: number }> {
  const pages = sitePages();
  const progress = await trackProgress();
  const pagesBySource = new Map(pages.map((page) => [page.source, page.output]));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, 'assets'), { recursive: true });
  writeFileSync(path.join(outDir, 'assets', 'site.css'), SITE_STYLE);
  const highlightCss = path.join(path.dirname(createRequire(import.meta.url).resolve('highlight.js/package.json')), 'styles', 'github.css');
  copyFileSync(highlightCss, path.join(outDir, 'assets', 'highlight.css'));
  const write = (page: SitePage, body: string, sections: readonly { id: string; text: string }[]): void => {
    const file = path.join(outDir, page.output);
    mkdirSync(path.dirname(file), { recursive: true });
    const root = '../'.repeat(page.output.split('/').length - 1);
    writeFileSync(file, pageHtml({ page, body, sections, pages, progress, root }));
  };
  write({ source: '', output: 'index.html', title: 'Your track', kind: 'guide' }, indexBody(pages, progress), []);
  for (const page of pages) {
    const source = readFileSync(path.join(projectRoot, page.source), 'utf8');
    const entry = progress.find((candidate) => candidate.manifest.id === page.moduleId);
    const rendered = renderPage(source, { page, pagesBySource, ...(page.kind === 'spec' ? { badges: badgesFor(entry) } : {}) });
    write(page, rendered.html, rendered.sections);
  }
  return { pages: pages.length + 1 };
}
