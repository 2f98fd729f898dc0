import { formatTargetResult } from '../load/evaluate-target.ts';
import { formatCounterResult } from '../testing/counters.ts';
import { paint } from '../terminal.ts';
import { specLink } from '../testing/requirement.ts';
import { hintCommand } from '../learner/hints.ts';
import { requirementUrl } from '../learner/docs/docs-address.ts';
import type { RequirementResult, Scorecard } from './scorecard.ts';

const MARK = { passed: () => paint('green', '✓'), failed: () => paint('red', '✗'), 'not-run': () => paint('yellow', '○'), 'partly-run': () => paint('yellow', '○'), 'not-measured': () => paint('yellow', '○') };
const TARGET_MARK = { met: MARK.passed, missed: MARK.failed, 'not-measured': MARK['not-measured'] };

export function formatScorecard(card: Scorecard): string {
  const lines: string[] = [];
  const width = Math.max(...card.requirements.map((r) => r.id.length));
  lines.push('', paint('bold', `${card.module} · ${card.title}`), `target ${card.target} (${card.targetRoot})`);
  for (const line of card.dependencies) lines.push(paint('dim', line));
  lines.push('');
  const loadFailures = groupLoadFailures(card);
  const ranNothing = card.counts.passed + card.counts.failed === 0;
  if (ranNothing && loadFailures.length > 0 && card.runErrors.every((error) => error.loadFailure)) {
    // A syntax error stops every file that imports it: one message says so, not one per file.
    for (const failure of loadFailures) lines.push(...formatLoadFailure(failure));
    lines.push('', `${paint('bold', `Score 0/${card.score.total}`)} · no test ran: fix the error above and run again`);
    return lines.join('\n');
  }
  // A filtered run lists what it ran; the requirements it left out would bury them.
  const listed = card.filter !== undefined ? card.requirements.filter((requirement) => requirement.status !== 'not-run') : card.requirements;
  for (const requirement of listed) lines.push(...formatRequirement(card.module, requirement, width));
  const counters = card.targets.filter((target) => target.kind === 'counter');
  if (counters.length > 0) {
    lines.push('', paint('bold', 'Counters') + paint('dim', ' · exact, on any machine'));
    for (const counter of counters) lines.push(`  ${TARGET_MARK[counter.status]()} ${formatCounterResult(counter)}`);
  }
  const loads = card.targets.filter((target) => target.kind !== 'counter');
  if (loads.length > 0) {
    lines.push('', paint('bold', 'Performance') + paint('dim', ' · each target is scaled by a machine factor measured just before its run'));
    for (const target of loads) {
      const c = target.calibration;
      lines.push(`  ${TARGET_MARK[target.status]()} ${formatTargetResult(target)}`);
      lines.push(paint('dim', `      x${c.factor.toFixed(2)}: ${c.description} ran ${Math.round(c.bareRequestsPerSecond).toLocaleString('en-US')} req/s, p99 ${c.bareP99Ms.toFixed(2)} ms (reference machine: ${c.referenceRequestsPerSecond.toLocaleString('en-US')} req/s, ${c.referenceP99Ms} ms)`));
    }
  }
  for (const test of card.untagged) lines.push(paint('red', `  ! the test '${test.name}' names no requirement of this module; it is not scored`));
  // Errors traced to a test are that test's failure and errors traced to a requirement's file
  // are listed under it; what is left belongs to nothing graded.
  const shownUnder = new Set(card.requirements.flatMap((requirement) => requirement.errors));
  for (const failure of loadFailures) if (failure.files.some((file) => !card.requirements.some((r) => r.tests.some((t) => t.file === file)))) lines.push(...formatLoadFailure(failure));
  for (const error of card.runErrors.filter((entry) => !entry.test && !entry.loadFailure && !shownUnder.has(entry.message))) lines.push(paint('red', `  ! ${error.message}`));
  if (card.withheld) lines.push(paint('red', `  ! ${card.withheld}`));
  const passed = card.requirements.filter((r) => r.status === 'passed').length;
  const seconds = (card.durationMs / 1000).toFixed(1);
  const tests = `tests ${card.counts.passed} passed, ${card.counts.failed} failed${card.counts.skipped ? `, ${card.counts.skipped} skipped` : ''} · ${seconds} s`;
  if (card.filter !== undefined) {
    lines.push('', ...filteredSummary(card), tests);
    return lines.join('\n');
  }
  lines.push('', `${paint('bold', `Score ${card.score.earned}/${card.score.total}`)} · ${passed} of ${card.requirements.length} requirements · ${tests}`);
  return lines.join('\n');
}

/**
 * A filtered run is a check, not a grade: it says which requirements it ran in full and what they
 * scored, and that the last full result stands.
 */
function filteredSummary(card: Scorecard): string[] {
  const full = card.requirements.filter((requirement) => requirement.status !== 'not-run' && requirement.status !== 'partly-run');
  const partly = card.requirements.filter((requirement) => requirement.status === 'partly-run');
  const lines = [paint('bold', `Filtered run (-t ${JSON.stringify(card.filter)}): not a grade`)];
  lines.push(full.length > 0 ? `  ran in full: ${full.map((r) => `${r.id} ${r.earned}/${r.points}`).join(', ')}` : '  no requirement ran in full');
  if (partly.length > 0) lines.push(`  partly run, no points: ${partly.map((r) => r.id).join(', ')}`);
  lines.push(paint('dim', `  your last full result is kept; run \`npx wb test ${card.module}\` without -t to grade the module`));
  return lines;
}

export function formatRequirement(moduleId: string, requirement: RequirementResult, width: number): string[] {
  const points = `${requirement.earned}/${requirement.points}`.padStart(5);
  const failed = requirement.tests.filter((test) => test.state === 'failed');
  const note = requirementNote(requirement, failed.length);
  const lines = [`  ${MARK[requirement.status]()} ${requirement.id.padEnd(width)} ${points}  ${paint('dim', note)}`];
  // Not-implemented failures all say the same thing: show the first one, not one per test.
  const shown = requirement.notImplemented ? failed.slice(0, 1) : requirement.status === 'not-measured' ? [] : failed;
  for (const test of shown) {
    const title = test.name.replace(/^.*?\[[a-z0-9-]+\]\s*/, '');
    lines.push(`      ${paint('red', '✗')} ${title}`);
    for (const line of (test.error?.message ?? '').split('\n').slice(0, 6)) lines.push(`        ${line}`);
    if (test.output) lines.push(...printedBy(test.output));
  }
  for (const error of requirement.errors) for (const line of error.split('\n').slice(0, 6)) lines.push(`        ${paint('red', line)}`);
  if (failed.length + requirement.errors.length > 0 && requirement.status !== 'not-measured' && !shown.some((test) => test.error?.message.includes('SPEC.md#'))) {
    lines.push(paint('dim', `        see ${specLink(moduleId, requirement.id)}`));
  }
  const url = failed.length + requirement.errors.length > 0 && requirement.status !== 'not-measured' ? requirementUrl(moduleId, requirement.id) : undefined;
  if (url) lines.push(paint('dim', `        read: ${url}`));
  const hint = failed.length + requirement.errors.length > 0 && requirement.status !== 'not-measured' ? hintCommand(moduleId, requirement.id) : undefined;
  if (hint) lines.push(paint('dim', `        hint: ${hint}`));
  return lines;
}

export interface LoadFailure {
  readonly cause: string;
  readonly files: readonly string[];
}

export function groupLoadFailures(card: Scorecard): LoadFailure[] {
  const byCause = new Map<string, string[]>();
  for (const error of card.runErrors) if (error.loadFailure) byCause.set(error.loadFailure, [...(byCause.get(error.loadFailure) ?? []), error.file ?? '?']);
  return [...byCause].map(([cause, files]) => ({ cause, files }));
}

export function formatLoadFailure(failure: LoadFailure): string[] {
  const [first = '', ...rest] = failure.cause.split('\n');
  const stopped = failure.files.length === 1 ? failure.files[0]! : `${failure.files.length} test files`;
  // The transformer puts the place in its snippet's frame (`╭─[ app.ts:14:24 ]`); it leads here.
  const at = /\[\s*([^\]\s]+:\d+:\d+)\s*\]/.exec(failure.cause)?.[1];
  const what = first.replace(/^\[[A-Z_]+\]\s*/, '');
  return [
    `  ${paint('red', '✗')} ${paint('bold', `Your code failed to load${at ? ` at ${at}` : ''}: ${what}`)}`,
    ...rest.slice(0, 12).map((line) => `      ${line}`),
    paint('dim', `      so the tests of ${stopped} did not run`),
  ];
}

/** The tail of what the learner's code printed during a failed test: often the real cause. */
function printedBy(output: string): string[] {
  const all = output.split('\n');
  const shown = all.slice(-OUTPUT_LINES);
  const header = `your code printed${all.length > shown.length ? ` (last ${shown.length} of ${all.length} lines)` : ''}:`;
  return [paint('dim', `        ${header}`), ...shown.map((line) => `        ${paint('dim', '│')} ${line}`)];
}

const OUTPUT_LINES = 12;

function requirementNote(requirement: RequirementResult, failedCount: number): string {
  const tests = (count: number): string => `${count} ${count === 1 ? 'test' : 'tests'}`;
  if (requirement.status === 'not-run') return 'no test ran';
  if (requirement.status === 'partly-run') return `${tests(requirement.tests.filter((test) => test.state !== 'skipped').length)} of ${requirement.tests.length} ran, all passed; no points for a requirement partly run`;
  if (requirement.status === 'not-measured') return 'not measured: the machine was too busy to grade its target; run again on a quieter machine';
  if (failedCount === 0) return requirement.errors.length > 0 ? 'an error nobody handled was traced to its tests' : tests(requirement.tests.length);
  if (requirement.notImplemented && failedCount === requirement.tests.length) return 'not implemented yet';
  // notImplemented says every failure is the stub's: the passing tests are not "the rest".
  return `${failedCount} of ${tests(requirement.tests.length)} failed${requirement.notImplemented ? ', each as not implemented yet' : ''}`;
}
