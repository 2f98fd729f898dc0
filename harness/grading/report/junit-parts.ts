import { mergeToString } from 'junit-report-merger';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { TestOutcome } from '../scorecard.ts';
import { DEAD_WORKER } from '../../vitest/run-resume.ts';

interface Element {
  readonly nodeName: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

const element = (builder: XMLBuilder): Element => builder.node as unknown as Element;
const children = (builder: XMLBuilder, name: string): XMLBuilder[] => {
  const found: XMLBuilder[] = [];
  builder.each((child) => void (element(child).nodeName === name && found.push(child)), false, false);
  return found;
};

/**
 * Vitest's JUnit reports of a run that went on in new workers after a dead one (see
 * harness/vitest/run-resume.ts), made into one report of the run: each test once, as the
 * scorecard has it. A later part lists as skipped the tests an earlier part ran, and vitest
 * lists the tests a dead worker never finished with no outcome at all, which a CI system reads
 * as passed; the test that was running gets the scorecard's failure, and vitest's own report of
 * the dead worker, which names no test, is dropped.
 */
export async function mergeRunParts(reports: readonly string[], outcomes: readonly TestOutcome[], moduleId: string): Promise<string> {
  const outcomeOf = new Map(outcomes.map((outcome) => [`${moduleId} · ${outcome.file}::${outcome.name.split(' > ').at(-1)}`, outcome]));
  const root = create(await mergeToString([...reports]));
  const testsuites = children(root, 'testsuites')[0] ?? root;
  const kept = new Map<string, XMLBuilder>();
  for (const suite of children(testsuites, 'testsuite')) {
    const suiteName = element(suite).getAttribute('name') ?? '';
    for (const testcase of children(suite, 'testcase')) {
      const key = `${suiteName}::${element(testcase).getAttribute('name')}`;
      const outcome = outcomeOf.get(key);
      if (!outcome) {
        const error = children(testcase, 'error')[0];
        if (error && DEAD_WORKER.test(element(error).getAttribute('message') ?? '')) testcase.remove();
        continue;
      }
      const ran = children(testcase, 'skipped').length === 0;
      const earlier = kept.get(key);
      // The part that ran a test reports it; a part that skipped it because it had run does not.
      if (earlier && (!ran || outcome.state === 'skipped')) {
        testcase.remove();
        continue;
      }
      earlier?.remove();
      kept.set(key, testcase);
    }
  }
  for (const [key, testcase] of kept) {
    const outcome = outcomeOf.get(key)!;
    const reported = children(testcase, 'failure').length + children(testcase, 'error').length > 0 ? 'failed' : children(testcase, 'skipped').length > 0 ? 'skipped' : 'passed';
    if (reported === outcome.state) continue;
    testcase.each((child) => void child.remove(), false, false);
    if (outcome.state === 'skipped') testcase.ele('skipped');
    if (outcome.state === 'failed') testcase.ele('failure', { message: outcome.error?.message ?? 'failed', type: outcome.error?.name ?? 'Error' }).txt(outcome.error?.message ?? '');
  }
  recount(testsuites);
  return root.end({ prettyPrint: true });
}

/** Suites emptied by the merge go; every count is the count of what is left. */
function recount(testsuites: XMLBuilder): void {
  const totals = { tests: 0, failures: 0, errors: 0 };
  for (const suite of children(testsuites, 'testsuite')) {
    const cases = children(suite, 'testcase');
    if (cases.length === 0) {
      suite.remove();
      continue;
    }
    const count = (name: string): number => cases.filter((testcase) => children(testcase, name).length > 0).length;
    const counts = { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped') };
    for (const [name, value] of Object.entries(counts)) element(suite).setAttribute(name, String(value));
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.errors += counts.errors;
  }
  if (element(testsuites).nodeName === 'testsuites') for (const [name, value] of Object.entries(totals)) element(testsuites).setAttribute(name, String(value));
}
