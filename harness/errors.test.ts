import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { errorDefinitions, WorkbenchError, type ErrorCode } from './errors.ts';
import { projectRoot } from './paths.ts';

const codes = Object.keys(errorDefinitions) as ErrorCode[];
const docs = readFileSync(path.join(projectRoot, 'docs', 'errors.md'), 'utf8');

describe('coded errors', () => {
  test('every code follows WB_ERR_<AREA>_<PROBLEM> and is documented in docs/errors.md', () => {
    for (const code of codes) {
      expect(code).toMatch(/^WB_ERR_[A-Z]+_[A-Z_]+$/);
      expect(docs, `${code} is missing from docs/errors.md`).toContain(`| \`${code}\` |`);
    }
  });

  test('docs/errors.md documents no code that does not exist', () => {
    const documented = [...docs.matchAll(/\| `(WB_ERR_[A-Z_]+)` \|/g)].map((match) => match[1]);
    expect(documented.filter((code) => !codes.includes(code as ErrorCode))).toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
  });

  test('every message is a sentence with its parameters filled in', () => {
    for (const code of codes) {
      // Every parameter a message asks for is filled with its own name, whatever the code.
      const params = new Proxy({}, { get: (_target, key) => `<${String(key)}>` }) as never;
      const error = new WorkbenchError(code, params);
      expect(error.message).toMatch(/^[A-Z<`].*\.\s*$|[.)]$/s);
      expect(error.message).not.toContain('undefined');
      expect(error.code).toBe(code);
      expect(error.name).toBe('WorkbenchError');
    }
  });

  test("a code's parameters are checked when the error is made (npm run typecheck fails otherwise)", () => {
    // @ts-expect-error: WB_ERR_CLI_USAGE fills in `problem`; a misspelt name must not compile.
    const misspelt = new WorkbenchError('WB_ERR_CLI_USAGE', { problm: 'x' });
    expect(misspelt.message).toContain('undefined');
    expect(new WorkbenchError('WB_ERR_CLI_USAGE', { problem: 'Which module?' }).message).toMatch(/^Which module\?\nRun `npx wb help`/);
  });
});
