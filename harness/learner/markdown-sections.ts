import MarkdownIt from 'markdown-it';

/** One parser for every document the learner reads: SPEC.md, HINTS.md, the guides. */
export const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });

export interface Section {
  /** The heading's text, which is also its anchor for a requirement (`## list-pagination`). */
  readonly heading: string;
  /** The section's own markdown, heading included, up to the next heading of its level or higher. */
  readonly source: string;
}

/** The document's sections at one heading level (2 by default), in order. */
export function sectionsOf(source: string, level = 2): Section[] {
  const lines = source.split('\n');
  const tokens = markdown.parse(source, {});
  const starts: { heading: string; line: number; level: number }[] = [];
  tokens.forEach((token, index) => {
    if (token.type !== 'heading_open' || !token.map) return;
    starts.push({ heading: tokens[index + 1]?.content.trim() ?? '', line: token.map[0], level: Number(token.tag.slice(1)) });
  });
  const sections: Section[] = [];
  starts.forEach((start, index) => {
    if (start.level !== level) return;
    const end = starts.slice(index + 1).find((next) => next.level <= level)?.line ?? lines.length;
    sections.push({ heading: start.heading, source: lines.slice(start.line, end).join('\n').trimEnd() });
  });
  return sections;
}
