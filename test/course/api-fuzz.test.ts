import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatExchange } from '../support/api-fuzz/format-exchange.ts';
import { startFuzzFixture, type FuzzFixture } from '../support/api-fuzz/fuzz-fixture.ts';
import { fuzzSettings } from '../support/api-fuzz/fuzz-settings.ts';
import { KNOWN_DEFECTS } from '../support/api-fuzz/known-defects.ts';
import { requestPlan } from '../support/api-fuzz/plan-arbitrary.ts';
import { runCase, type CaseResult } from '../support/api-fuzz/run-case.ts';

// A bounded property-based fuzz of module 01's reference: requests generated from openapi.json
// (valid and hostile), each judged against SPEC.md's invariants and a model of the server's state.

const knownDefectsOf = (result: CaseResult) =>
  result.violations.map((violation) => ({ violation, defect: KNOWN_DEFECTS.find((defect) => defect.matches(result, violation)) }));

describe('API fuzz of the 01-rest-api reference', () => {
  let fixture: FuzzFixture;
  beforeAll(async () => {
    fixture = await startFuzzFixture();
  });
  afterAll(async () => {
    await fixture?.[Symbol.asyncDispose]();
  });

  // An empty list would be an error to test.each; then there is simply nothing to replay.
  if (KNOWN_DEFECTS.length > 0) test.each(KNOWN_DEFECTS)('known defect $id still shows (once fixed, delete it from known-defects.ts)', async (defect) => {
    await fixture.topUp();
    const result = await runCase(fixture.app, defect.example, fixture.context);
    const shown = result.violations.some((violation) => defect.matches(result, violation));
    expect(shown, `${defect.id} no longer shows; delete it from test/support/api-fuzz/known-defects.ts so the fuzz checks it strictly.\n${formatExchange(result.request, result.response)}`).toBe(true);
  });

  test('no generated request gets an answer that breaks SPEC.md', async () => {
    const settings = fuzzSettings();
    const seen = new Map<string, number>();
    const statuses = new Map<number, number>();
    let cases = 0;
    const started = Date.now();
    const property = fc.asyncProperty(requestPlan(fixture.document), async (plan) => {
      await fixture.topUp();
      const result = await runCase(fixture.app, plan, fixture.context);
      cases += 1;
      statuses.set(result.response.status, (statuses.get(result.response.status) ?? 0) + 1);
      const judged = knownDefectsOf(result);
      for (const id of new Set(judged.flatMap(({ defect }) => (defect ? [defect.id] : [])))) seen.set(id, (seen.get(id) ?? 0) + 1);
      const unknown = judged.filter(({ defect }) => !defect).map(({ violation }) => `  - [${violation.rule}] ${violation.message}`);
      if (unknown.length > 0) throw new Error(`${plan.operation}: the answer breaks SPEC.md\n${formatExchange(result.request, result.response)}\n${unknown.join('\n')}`);
    });
    try {
      await fc.assert(property, { seed: settings.seed, numRuns: settings.runs, interruptAfterTimeLimit: settings.timeLimitMs, markInterruptAsFailure: false });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n\nReplay this run: WB_FUZZ_SEED=${settings.seed}`, { cause: error });
    } finally {
      const known = [...seen].map(([id, count]) => `${id} ×${count}`).join(', ') || 'none';
      const answers = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
      console.log(`api fuzz: ${cases} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${settings.seed}; answers ${answers}; cases showing known defects: ${known}`);
    }
  });
});
