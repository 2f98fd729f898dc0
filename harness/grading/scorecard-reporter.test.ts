import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defineModule } from '../manifest.ts';
import { CURRENT_TEST_ENV, DEAD_WORKER, PART_END_ENV, type PartEnd } from '../vitest/run-resume.ts';
import { ScorecardReporter } from './scorecard-reporter.ts';

const manifest = defineModule({ id: '99-demo', title: 'Demo', summary: '', dependencies: [], requirements: [{ id: 'first', title: 'First', points: 100 }], targets: [] });

describe('ScorecardReporter, when the worker dies', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'wb-reporter-'));
  afterEach(() => {
    delete process.env[CURRENT_TEST_ENV];
    delete process.env[PART_END_ENV];
  });

  /** A part whose worker noted a test, then ended with the given unhandled errors and nothing else reported. */
  function endPart(errors: { message: string }[]): PartEnd {
    const current = path.join(scratch, 'current.json');
    const partEnd = path.join(scratch, 'part-end.json');
    rmSync(partEnd, { force: true });
    writeFileSync(current, JSON.stringify({ file: 'modules/99-demo/tests/first.test.ts', test: 'first > [first] does it' }));
    process.env[CURRENT_TEST_ENV] = current;
    process.env[PART_END_ENV] = partEnd;
    const reporter = new ScorecardReporter({ manifest, target: 'exercises', targetRoot: scratch, quiet: true });
    reporter.onTestRunStart();
    reporter.onTestRunEnd([], errors as never);
    return JSON.parse(readFileSync(partEnd, 'utf8')) as PartEnd;
  }

  it('charges the test the worker noted, even when the news that its file started died with the worker', () => {
    const part = endPart([{ message: '[vitest-pool]: Worker forks emitted error.' }]);
    expect(part.interrupted).toEqual({ file: 'modules/99-demo/tests/first.test.ts', test: 'first > [first] does it', reason: 'crashed' });
    const failed = part.outcomes.find((outcome) => outcome.name === 'first > [first] does it');
    expect(failed?.error?.message).toContain('killed the test process');
    // vitest's own report of the dead worker names no test, and goes.
    expect(part.runErrors.filter((error) => DEAD_WORKER.test(error.message))).toEqual([]);
  });

  it('does not call a part interrupted when no worker died', () => {
    expect(endPart([]).interrupted).toBeUndefined();
  });
});
