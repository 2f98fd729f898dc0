import type { RequirementResult } from '../scorecard.ts';
import { hiddenRequirementsText, type CandidateRepository, type GradedModule, type GradeReport, type GradingEnvironment } from './grade-report.ts';
import { formatFigure, targetFigures } from './target-figures.ts';

const STATUS = { passed: '✅', failed: '❌', 'not-run': '⚪', 'partly-run': '⚪', 'not-measured': '⚪' } as const;
const TARGET_STATUS = { met: '✅', missed: '❌', 'not-measured': '⚪' } as const;

/** A table cell: one line, pipes escaped, so a message cannot break the table. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').replace(/`/g, "'").trim();
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The first line of a requirement's first failure, or why it did not pass. */
export function requirementNote(requirement: RequirementResult): string {
  if (requirement.status === 'passed') return '';
  if (requirement.status === 'not-run') return 'not run';
  if (requirement.status === 'partly-run') return `partly run: ${requirement.tests.filter((test) => test.state !== 'skipped').length} of ${requirement.tests.length} tests`;
  const failed = requirement.tests.find((test) => test.state === 'failed');
  const first = failed?.error?.message.split('\n').find((line) => line.trim()) ?? requirement.errors[0]?.split('\n')[0] ?? '';
  if (requirement.status === 'not-measured') return `not measured (machine too busy) ${first}`.trim();
  return requirement.notImplemented ? 'not implemented' : first;
}

export function describeEnvironment(environment: GradingEnvironment): string {
  const git = environment.graded.git;
  const graded = git ? `commit ${git.commit.slice(0, 12)}${git.uncommittedChanges ? ` with uncommitted changes (${git.changedFiles.length} files)` : ''}` : 'not in a Git repository';
  const servers = environment.servers.map((server) => `${server.version} (${server.backend})`).join(', ') || 'none';
  const harness = `harness ${environment.harness.version}${environment.harness.commit ? ` at ${environment.harness.commit.slice(0, 12)}${environment.harness.uncommittedChanges ? ' (modified)' : ''}` : ''}`;
  return `Graded \`${environment.graded.target}\` (${graded}) · ${harness} · Node ${environment.node} on ${environment.os.platform} ${environment.os.release} ${environment.os.arch} · servers: ${servers}`;
}

function moduleSection(card: GradedModule): string[] {
  const lines = [`## ${card.module} · ${card.title}: ${card.score.earned}/${card.score.total}`, ''];
  lines.push(row(['', 'requirement', 'points', 'first failure']), row(['---', '---', '---:', '---']));
  for (const requirement of card.requirements) {
    lines.push(row([STATUS[requirement.status], `\`${requirement.id}\``, `${requirement.earned}/${requirement.points}`, cell(requirementNote(requirement))]));
  }
  if (card.targets.length > 0) {
    lines.push('', '### Targets', '', row(['', 'target', 'requirement', 'measured (bound)', 'machine factor']), row(['---', '---', '---', '---', '---:']));
    for (const target of card.targets.map(targetFigures)) {
      lines.push(row([TARGET_STATUS[target.status], cell(target.name), `\`${target.requirement}\``, cell(target.figures.map(formatFigure).join(', ')), target.factor === undefined ? 'exact' : `×${target.factor.toFixed(2)}`]));
    }
  }
  const problems = [...(card.withheld ? [card.withheld] : []), ...card.untagged.map((test) => `the test '${test.name}' names no requirement; it is not scored`)];
  if (problems.length > 0) lines.push('', ...problems.map((problem) => `> ⚠️ ${cell(problem)}`));
  lines.push('', `${card.counts.passed} tests passed, ${card.counts.failed} failed${card.counts.skipped ? `, ${card.counts.skipped} skipped` : ''} in ${(card.durationMs / 1000).toFixed(1)} s.`);
  return lines;
}

/** A graded repository's provenance, what it changed outside its own tree, and how it ran. */
export function candidateLines(candidate: CandidateRepository): string[] {
  const { files, dependencies } = candidate.tampering;
  const lines = [`## Candidate repository`, '', `${candidate.source}${candidate.ref ? ` at \`${candidate.ref}\`` : ''}, commit \`${candidate.commit.slice(0, 12)}\`. Graded with the grader's own tests, harness and manifests.`, ''];
  if (candidate.kit) {
    const hidden = hiddenRequirementsText(candidate.kit.hiddenRequirements);
    lines.push(`**Take-home kit ${cell(candidate.kit.id)}:** tampering is measured against the kit as it was sent.${hidden ? ` Graded also by tests the candidate did not have: ${cell(hidden)}.` : ''}`, '');
  }
  lines.push(candidate.isolation.mode === 'none' ? `> ⚠️ ${cell(candidate.isolation.note)}` : `**Isolation (${candidate.isolation.mode}):** ${cell(candidate.isolation.note)}`, '');
  if (files.length + dependencies.length === 0) return [...lines, 'Nothing changed outside `exercises/`.'];
  lines.push(`**Tampering:** ${files.length} file(s) outside \`exercises/\` differ from the grader's, ${dependencies.length} dependenc${dependencies.length === 1 ? 'y' : 'ies'} added.`, '');
  if (files.length > 0) {
    lines.push(row(['file', 'change', 'lines']), row(['---', '---', '---:']));
    for (const file of files) lines.push(row([`\`${cell(file.path)}\``, file.change, `+${file.linesAdded} −${file.linesRemoved}`]));
  }
  if (dependencies.length > 0) {
    lines.push('', row(['dependency', 'range', 'section', "grader's range"]), row(['---', '---', '---', '---']));
    for (const dependency of dependencies) lines.push(row([`\`${cell(dependency.name)}\``, cell(dependency.range), dependency.section, dependency.graderRange ? cell(dependency.graderRange) : 'none']));
  }
  return lines;
}

/** The scorecard as Markdown: to paste into a review, an issue or a pull request. */
export function formatMarkdown(report: GradeReport): string {
  const lines = [`# Scorecard: ${report.score.earned}/${report.score.total}${report.passed ? ', every requirement passed' : ''}`, '', describeEnvironment(report.environment), ''];
  lines.push(row(['module', 'score', 'requirements passed']), row(['---', '---:', '---:']));
  for (const card of report.modules) {
    const passed = card.requirements.filter((requirement) => requirement.status === 'passed').length;
    lines.push(row([`${card.module} · ${cell(card.title)}`, `${card.score.earned}/${card.score.total}`, `${passed}/${card.requirements.length}`]));
  }
  if (report.candidate) lines.push('', ...candidateLines(report.candidate));
  for (const card of report.modules) lines.push('', ...moduleSection(card));
  return `${lines.join('\n')}\n`;
}
