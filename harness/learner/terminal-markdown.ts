import type Token from 'markdown-it/lib/token.mjs';
import { paint } from '../terminal.ts';
import { markdown } from './markdown-sections.ts';

// Renders markdown for a terminal from markdown-it's token stream. The terminal renderers on npm
// are built for other parsers (marked-terminal) or unmaintained (markdown-it-terminal, 2019); this
// walk covers what SPEC.md and HINTS.md use: headings, paragraphs, lists, code, tables, quotes.

export interface TerminalMarkdownOptions {
  /** Wrap paragraphs at this many columns. @default the terminal's width, at most 100 */
  readonly width?: number;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (text: string): number => text.replace(ANSI, '').length;

export function renderMarkdownForTerminal(source: string, options: TerminalMarkdownOptions = {}): string {
  const width = options.width ?? Math.min(process.stdout.columns || 100, 100);
  const tokens = markdown.parse(source, {});
  const out: string[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let quote = 0;
  let itemPrefix: string | undefined;
  const indent = (): string => '  '.repeat(Math.max(0, lists.length - 1)) + '│ '.repeat(quote);
  const block = (lines: string[]): void => {
    if (out.length > 0 && out.at(-1) !== '' && lists.length === 0) out.push('');
    out.push(...lines);
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    switch (token.type) {
      case 'heading_open': {
        const text = renderInline(tokens[i + 1]?.children ?? []);
        const level = Number(token.tag.slice(1));
        block([level === 1 ? paint(['bold', 'underline'], text) : level === 2 ? paint(['bold', 'cyan'], text) : paint('bold', text)]);
        i += 2;
        break;
      }
      case 'paragraph_open': {
        const text = renderInline(tokens[i + 1]?.children ?? []);
        const prefix = itemPrefix ?? indent();
        const lines = wrap(text, width - visibleLength(prefix)).map((line, index) => (index === 0 ? prefix : ' '.repeat(visibleLength(prefix))) + line);
        itemPrefix = undefined;
        if (lists.length > 0) out.push(...lines);
        else block(lines);
        i += 2;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        if (lists.length === 0) block([]);
        lists.push({ ordered: token.type === 'ordered_list_open', next: Number(token.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        if (lists.length === 0) out.push('');
        break;
      case 'list_item_open': {
        const list = lists.at(-1)!;
        const marker = list.ordered ? `${list.next++}. ` : '• ';
        itemPrefix = '  '.repeat(lists.length - 1) + '│ '.repeat(quote) + marker;
        break;
      }
      case 'blockquote_open':
        quote += 1;
        break;
      case 'blockquote_close':
        quote -= 1;
        break;
      case 'fence':
      case 'code_block': {
        const code = token.content.replace(/\n$/, '').split('\n').map((line) => `${indent()}    ${paint('yellow', line)}`);
        if (lists.length > 0) out.push(...code);
        else block(code);
        break;
      }
      case 'table_open': {
        const end = tokens.findIndex((t, index) => index > i && t.type === 'table_close');
        block(renderTable(tokens.slice(i, end)).map((line) => indent() + line));
        i = end;
        break;
      }
      case 'hr':
        block([paint('dim', '─'.repeat(Math.min(width, 60)))]);
        break;
      case 'html_block': {
        // <details><summary>Hint 1</summary> reads as its summary; other tags say nothing here.
        const summary = /<summary>(.*?)<\/summary>/i.exec(token.content)?.[1];
        if (summary) block([paint('bold', summary)]);
        break;
      }
      default:
        break;
    }
  }
  while (out.at(-1) === '') out.pop();
  return out.join('\n');
}

function renderInline(children: readonly Token[]): string {
  let text = '';
  const links: (string | null)[] = [];
  for (const child of children) {
    switch (child.type) {
      case 'text':
        text += child.content;
        break;
      case 'code_inline':
        text += paint('cyan', child.content);
        break;
      case 'softbreak':
        text += ' ';
        break;
      case 'hardbreak':
        text += '\n';
        break;
      case 'strong_open':
        text += '\u0000b';
        break;
      case 'strong_close':
        text += '\u0000B';
        break;
      case 'em_open':
      case 'em_close':
        break;
      case 'link_open':
        links.push(child.attrGet('href'));
        break;
      case 'link_close': {
        const href = links.pop();
        // An anchor within the document says nothing the link text does not; a file or URL does.
        if (href && !href.startsWith('#')) text += paint('dim', ` (${href})`);
        break;
      }
      case 'image':
        text += `[${child.content}]`;
        break;
      default:
        break;
    }
  }
  return text.replace(/\u0000b([\s\S]*?)\u0000B/g, (_match, inner: string) => paint('bold', inner)).replace(/\u0000[bB]/g, '');
}

/** Word-wraps on spaces, counting only visible characters; a word longer than the line stays whole. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      if (line && visibleLength(line) + 1 + visibleLength(word) > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

function renderTable(tokens: readonly Token[]): string[] {
  const rows: string[][] = [];
  let header = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'tr_open') rows.push([]);
    if (token.type === 'th_open' || token.type === 'td_open') rows.at(-1)!.push(renderInline(tokens[i + 1]?.children ?? []));
    if (token.type === 'thead_close') header = rows.length;
  }
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(...rows.map((row) => visibleLength(row[column] ?? ''))));
  const line = (row: string[]): string => row.map((cell, column) => cell + ' '.repeat(widths[column]! - visibleLength(cell))).join('  ').trimEnd();
  const lines = rows.map((row) => line(row.map((cell, index) => (rows.indexOf(row) < header ? paint('bold', cell) : cell)).concat(Array(columns - row.length).fill(''))));
  if (header > 0) lines.splice(header, 0, paint('dim', widths.map((w) => '─'.repeat(w)).join('  ')));
  return lines;
}
