import { formatTargetResult } from '../load/evaluate-target.ts';
import { formatCounterResult } from '../testing/counters.ts';
import { paint } from '../terminal.ts';
import { specLink } from '../testing/requirement.ts';
import type { RequirementResult, Scorecard } from './scorecard.ts';

const MARK = { passed: () => paint('green', '✓'), failed: () => paint('red', '✗'), 'not-run': () => paint('yellow', '○'), 'not-measured': () => paint('yellow', '○') };
const TARGET_MARK = { met: MARK.passed, missed: MARK.failed, 'not-measured': MARK['not-measured'] };

export function formatScorecard(card: Scorecard): string {
  const lines: string[] = [];
  const width = Math.max(...card.requirements.map((r) => r.id.length));
  lines.push('', paint('bold', `${card.module} · ${card.title}`), `target ${card.target} (${card.targetRoot})`);
  for (const line of card.dependencies) lines.push(paint('dim', line));
  lines.push('');
  for (const requirement of card.requirements) lines.push(...formatRequirement(card.module, requirement, width));
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
  for (const error of card.runErrors.filter((entry) => !entry.test && !shownUnder.has(entry.message))) lines.push(paint('red', `  ! ${error.message}`));
  if (card.withheld) lines.push(paint('red', `  ! ${card.withheld}`));
  const passed = card.requirements.filter((r) => r.status === 'passed').length;
  const seconds = (card.durationMs / 1000).toFixed(1);
  lines.push(
    '',
    `${paint('bold', `Score ${card.score.earned}/${card.score.total}`)} · ${passed} of ${card.requirements.length} requirements · tests ${card.counts.passed} passed, ${card.counts.failed} failed${card.counts.skipped ? `, ${card.counts.skipped} skipped` : ''} · ${seconds} s`,
  );
  return lines.join('\n');
}

function formatRequirement(moduleId: string, requirement: RequirementResult, width: number): string[] {
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
  }
  for (const error of requirement.errors) for (const line of error.split('\n').slice(0, 6)) lines.push(`        ${paint('red', line)}`);
  if (failed.length + requirement.errors.length > 0 && requirement.status !== 'not-measured' && !shown.some((test) => test.error?.message.includes('SPEC.md#'))) {
    lines.push(paint('dim', `        see ${specLink(moduleId, requirement.id)}`));
  }
  return lines;
}

function requirementNote(requirement: RequirementResult, failedCount: number): string {
  const tests = (count: number): string => `${count} ${count === 1 ? 'test' : 'tests'}`;
  if (requirement.status === 'not-run') return 'no test ran';
  if (requirement.status === 'not-measured') return 'not measured: the machine was too busy to grade its target; run again on a quieter machine';
  if (failedCount === 0) return requirement.errors.length > 0 ? 'an error nobody handled was traced to its tests' : tests(requirement.tests.length);
  if (requirement.notImplemented && failedCount === requirement.tests.length) return 'not implemented yet';
  return `${failedCount} of ${tests(requirement.tests.length)} failed${requirement.notImplemented ? ', the rest not implemented yet' : ''}`;
}
