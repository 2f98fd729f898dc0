/**
 * The requirements a test file's tests name: each graded test's title starts with `[requirement]`
 * (harness/testing/requirement.ts), so the file's text holds a string that starts `[id] `. Only
 * the module's own requirement ids count, so a message that happens to start with brackets does not.
 */
export function requirementsTestedIn(source: string, ids: readonly string[]): string[] {
  const named = new Set([...source.matchAll(/['"`]\[([a-z0-9-]+)\] /g)].map((match) => match[1]!));
  return ids.filter((id) => named.has(id));
}
