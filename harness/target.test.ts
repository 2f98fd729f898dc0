import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { projectRoot } from './paths.ts';
import { resolveTargetRoot } from './target.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'wb-target-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('resolveTargetRoot', () => {
  test('maps exercises and solutions to their trees', () => {
    expect(resolveTargetRoot('exercises', '01-rest-api')).toBe(path.join(projectRoot, 'exercises'));
    expect(resolveTargetRoot('solutions', '01-rest-api')).toBe(path.join(projectRoot, 'solutions'));
  });

  test("accepts a candidate's repository root that holds exercises/<module>", () => {
    mkdirSync(path.join(scratch, 'candidate', 'exercises', '01-rest-api'), { recursive: true });
    writeFileSync(path.join(scratch, 'candidate', 'exercises', '01-rest-api', 'index.ts'), 'export {};\n');
    expect(resolveTargetRoot(path.join(scratch, 'candidate'), '01-rest-api')).toBe(path.join(scratch, 'candidate', 'exercises'));
  });

  test('names the module and where it looked when the target has no such module', () => {
    expect(() => resolveTargetRoot(path.join(scratch, 'empty'), '01-rest-api')).toThrow(expect.objectContaining({ code: 'WB_ERR_TARGET_NOT_FOUND', message: expect.stringContaining('01-rest-api/index.ts') }));
  });
});
