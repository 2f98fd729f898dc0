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
      const params = new Proxy({}, { get: (_target, key) => `<${String(key)}>` }) as Record<string, string>;
      const error = new WorkbenchError(code, params);
      expect(error.message).toMatch(/^[A-Z<`].*\.\s*$|[.)]$/s);
      expect(error.message).not.toContain('undefined');
      expect(error.code).toBe(code);
      expect(error.name).toBe('WorkbenchError');
    }
  });
});
