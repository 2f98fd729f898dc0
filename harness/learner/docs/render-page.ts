import path from 'node:path';
import hljs from 'highlight.js';
import MarkdownIt from 'markdown-it';
import anchor from 'markdown-it-anchor';
import type { SitePage } from './site-pages.ts';

/** GitHub's heading anchors, so a `SPEC.md#problem-details-rfc-9457` link works on GitHub and here. */
export function githubSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export interface RenderedPage {
  readonly html: string;
  /** The page's `##` sections, for its table of contents. */
  readonly sections: readonly { readonly id: string; readonly text: string }[];
}

export interface RenderContext {
  readonly page: SitePage;
  /** Repository path → site path, for every page of the site: links between them are rewritten. */
  readonly pagesBySource: ReadonlyMap<string, string>;
  /** A requirement's progress badge (HTML), put beside its `##` heading. */
  readonly badges?: ReadonlyMap<string, string>;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function createRenderer(): MarkdownIt {
  const md: MarkdownIt = new MarkdownIt({
    html: true,
    linkify: false,
    highlight: (code, language) => {
      const lang = language && hljs.getLanguage(language) ? language : undefined;
      const body = lang ? hljs.highlight(code, { language: lang, ignoreIllegals: true }).value : escapeHtml(code);
      return `<pre class="hljs"><code${lang ? ` class="language-${lang}"` : ''}>${body}</code></pre>`;
    },
  });
  md.use(anchor, { slugify: githubSlug, permalink: anchor.permalink.headerLink() });
  const defaultLink = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env: RenderContext, self) => {
    const token = tokens[idx]!;
    const href = token.attrGet('href');
    if (href) token.attrSet('href', siteHref(href, env));
    return defaultLink(tokens, idx, options, env, self);
  };
  const defaultHeadingClose = md.renderer.rules.heading_close ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.heading_close = (tokens, idx, options, env: RenderContext, self) => {
    const badge = tokens[idx]!.tag === 'h2' ? env.badges?.get(tokens[idx - 1]?.content.trim() ?? '') : undefined;
    return `${badge ? ` ${badge}` : ''}${defaultHeadingClose(tokens, idx, options, env, self)}`;
  };
  return md;
}

const renderer = createRenderer();

/** A link in a page's markdown, as a link in the site: pages become their HTML, the rest stays. */
function siteHref(href: string, context: RenderContext): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#')) return href;
  const [file = '', hash] = href.split('#');
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(context.page.source), file));
  const output = context.pagesBySource.get(target);
  if (!output) return href;
  const relative = path.posix.relative(path.posix.dirname(context.page.output), output) || path.posix.basename(output);
  return hash ? `${relative}#${hash}` : relative;
}

export function renderPage(markdown: string, context: RenderContext): RenderedPage {
  const tokens = renderer.parse(markdown, context);
  const sections = tokens.flatMap((token, index) => (token.type === 'heading_open' && token.tag === 'h2' ? [{ id: token.attrGet('id') ?? '', text: tokens[index + 1]?.content ?? '' }] : []));
  return { html: renderer.renderer.render(tokens, renderer.options, context), sections };
}
