import type { ModuleProgress } from '../progress.ts';
import type { SitePage } from './site-pages.ts';

// The page frame: a sidebar with the track (each module's progress) and the page's sections,
// styles inline so the site is one folder that works offline.

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const SITE_STYLE = `
:root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --muted: #6e7781; --line: #d0d7de; --side: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --side: #161b22; --line: #30363d; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; display: grid; grid-template-columns: 17rem 1fr; min-height: 100vh; }
nav { background: var(--side); border-right: 1px solid var(--line); padding: 1rem; font-size: .9em; position: sticky; top: 0; height: 100vh; overflow-y: auto; }
nav h2 { font-size: .8em; text-transform: uppercase; color: var(--muted); margin: 1.2rem 0 .3rem; }
nav ul { list-style: none; padding: 0; margin: 0; } nav li { margin: .15rem 0; }
nav a { color: inherit; text-decoration: none; } nav a:hover, nav a[aria-current] { text-decoration: underline; }
main { padding: 1.5rem 2.5rem 4rem; max-width: 58rem; }
h1, h2, h3 { line-height: 1.25; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
.header-anchor { color: inherit; text-decoration: none; } [tabindex="-1"]:focus { outline: none; }
code { font-size: .9em; background: rgba(127,127,127,.12); padding: .1em .3em; border-radius: 4px; }
pre.hljs { padding: .8rem 1rem; border-radius: 6px; overflow-x: auto; font-size: .85em; line-height: 1.45; }
pre.hljs code { background: none; padding: 0; }
table { border-collapse: collapse; } th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; }
details { border: 1px solid var(--line); border-radius: 6px; padding: .3rem .8rem; margin: .5rem 0; } summary { cursor: pointer; font-weight: 600; }
.badge { font-size: .6em; font-weight: 600; vertical-align: middle; border-radius: 1em; padding: .15em .7em; border: 1px solid currentColor; margin-left: .4em; }
.passed { color: var(--ok); } .failed { color: var(--bad); } .not-run, .not-started, .in-progress { color: var(--muted); }
`;

function moduleStatus(entry: ModuleProgress): string {
  if (entry.status === 'not-started') return 'not started';
  return entry.status === 'passed' ? `passed · ${entry.passed}/${entry.total}` : `${entry.passed} of ${entry.total}`;
}

export function pageHtml(options: { page: SitePage; body: string; sections: readonly { id: string; text: string }[]; pages: readonly SitePage[]; progress: readonly ModuleProgress[]; root: string }): string {
  const { page, root } = options;
  const link = (target: SitePage, text: string): string => `<a href="${root}${target.output}"${target.output === page.output ? ' aria-current="page"' : ''}>${escape(text)}</a>`;
  const guides = options.pages.filter((entry) => entry.kind === 'guide').map((entry) => `<li>${link(entry, entry.title)}</li>`);
  const modules = options.progress.map((entry) => {
    const spec = options.pages.find((candidate) => candidate.moduleId === entry.manifest.id && candidate.kind === 'spec');
    const hints = options.pages.find((candidate) => candidate.moduleId === entry.manifest.id && candidate.kind === 'hints');
    return `<li data-module="${escape(entry.manifest.id)}">${spec ? link(spec, entry.manifest.id) : escape(entry.manifest.id)} <span class="${entry.status}">· ${escape(moduleStatus(entry))}</span>${hints ? ` · ${link(hints, 'hints')}` : ''}</li>`;
  });
  const toc = options.sections.map((section) => `<li><a href="#${escape(section.id)}">${escape(section.text)}</a></li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(page.title)} · workbench</title>
<link rel="stylesheet" href="${root}assets/site.css"><link rel="stylesheet" href="${root}assets/highlight.css">
</head><body>
<nav><a href="${root}index.html"><strong>workbench</strong></a>
<h2>Guides</h2><ul>${guides.join('')}</ul>
<h2>Modules</h2><ul>${modules.join('')}</ul>
${toc.length > 0 ? `<h2>On this page</h2><ul>${toc.join('')}</ul>` : ''}
</nav>
<main>${options.body}</main>
</body></html>
`;
}
