import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stateDir } from '../../paths.ts';
import { requirementPage } from './site-pages.ts';

// Kept apart from the server: the scorecard's terminal format reads it on every run, and must not
// load a web server and a highlighter to do so.

/** Where a running `wb docs` says it serves, so failure messages can link into it. */
export const docsServerFile = (): string => path.join(stateDir, 'docs-server.json');

export interface DocsServerRecord {
  readonly url: string;
  readonly pid: number;
}

/** The site's address while a `wb docs` of this checkout runs. */
export function runningDocsUrl(): string | undefined {
  const file = docsServerFile();
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as DocsServerRecord;
    process.kill(record.pid, 0);
    return record.url;
  } catch {
    return undefined;
  }
}

/** A requirement's section in the running docs site, when there is one. */
export function requirementUrl(moduleId: string, requirement: string): string | undefined {
  const url = runningDocsUrl();
  return url ? new URL(requirementPage(moduleId, requirement), url).href : undefined;
}

