import type { Scorecard } from '../grading/scorecard.ts';
import type { Mutant } from '../mutants.ts';
import { specLink } from '../testing/requirement.ts';

/** Whether the grader caught one known-wrong implementation, and how. */
export interface MutantVerdict {
  readonly name: string;
  readonly breaks: string;
  readonly caught: boolean;
  /** The graded test that caught it, and its message's first line. */
  readonly caughtBy?: { readonly test: string; readonly message: string };
  /** Why it does not count as caught, in a sentence. */
  readonly why?: string;
  /**
   * `batch`: graded with the other mutants in one vitest run. `own-run`: graded alone by `wb test`,
   * exactly as a learner's tree is, because the batch did not catch it.
   */
  readonly judgedBy: 'batch' | 'own-run';
  readonly seconds: number;
}

export type Judgement = Pick<MutantVerdict, 'caught' | 'caughtBy' | 'why'>;

/**
 * A mutant is caught when a test of the requirement it breaks fails with a sentence that points
 * to that requirement's SPEC section: not by a stub's not-implemented error, not by an error
 * between tests, and not when the score was withheld for an error the grader could not trace.
 */
export function judgeMutant(card: Scorecard, mutant: Pick<Mutant, 'breaks'>): Judgement {
  const requirement = card.requirements.find((entry) => entry.id === mutant.breaks);
  if (!requirement) return { caught: false, why: `It claims to break [${mutant.breaks}], which module.ts does not list.` };
  if (card.withheld) return { caught: false, why: `The score was withheld for an error outside every test: ${card.runErrors.map((error) => error.message).join(' ')}` };
  const ran = requirement.tests.filter((test) => test.state !== 'skipped');
  if (requirement.status === 'not-run') return { caught: false, why: `No test of [${mutant.breaks}] ran.` };
  if (requirement.status === 'not-measured') return { caught: false, why: `[${mutant.breaks}] was not measured: the machine was too busy to grade its target.` };
  if (requirement.status === 'passed') return { caught: false, why: `All ${ran.length} tests of [${mutant.breaks}] passed.` };
  if (requirement.status === 'partly-run') return { caught: false, why: `All ${ran.length} tests of [${mutant.breaks}] that ran passed (its other tests did not run).` };
  const failure = requirement.tests.find((test) => test.state === 'failed');
  if (!failure?.error) return { caught: false, why: `[${mutant.breaks}] failed only through an error between its tests: ${requirement.errors.join(' ')}` };
  const message = failure.error.message;
  const firstLine = message.split('\n')[0] ?? '';
  if (failure.error.notImplemented) return { caught: false, why: `'${failure.name}' failed only as not implemented: ${firstLine}` };
  const link = specLink(card.module, mutant.breaks);
  if (!message.includes(link)) return { caught: false, why: `'${failure.name}' failed without pointing the learner to ${link}: ${firstLine}` };
  return { caught: true, caughtBy: { test: failure.name, message: firstLine } };
}
