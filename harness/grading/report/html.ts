import type { RequirementResult } from '../scorecard.ts';
import { hiddenRequirementsText, type CandidateRepository, type GradedModule, type GradeReport } from './grade-report.ts';
import { describeEnvironment } from './markdown.ts';
import { formatFigure, formatNumber, targetFigures, type Figure, type TargetFigures } from './target-figures.ts';

// Five characters, one function: a dependency would cost more than it saves.
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STATUS_TEXT = { passed: 'passed', failed: 'failed', 'not-run': 'not run', 'partly-run': 'partly run', 'not-measured': 'not measured' } as const;

const STYLE = `
:root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --muted: #6e7781; --line: #d0d7de; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; }
h1 { margin-bottom: .2rem; } .env { color: var(--muted); font-size: .9em; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
.passed, .met { color: var(--ok); } .failed, .missed { color: var(--bad); } .not-run, .partly-run, .not-measured { color: var(--muted); }
pre { margin: .2rem 0 0; white-space: pre-wrap; font-size: .85em; color: var(--muted); }
code { font-size: .95em; } .badge { font-weight: 600; }
svg text { font: 12px system-ui, sans-serif; fill: currentColor; }
`;

function requirementRow(requirement: RequirementResult): string {
  const failed = requirement.tests.find((test) => test.state === 'failed');
  const detail = requirement.status === 'passed' ? '' : requirement.notImplemented ? 'not implemented' : (failed?.error?.message ?? requirement.errors[0] ?? '').split('\n').slice(0, 4).join('\n');
  return `<tr data-requirement="${escape(requirement.id)}" data-status="${requirement.status}"><td class="${requirement.status}">${STATUS_TEXT[requirement.status]}</td><td><code>${escape(requirement.id)}</code><br>${escape(requirement.title)}${detail ? `<pre>${escape(detail)}</pre>` : ''}</td><td class="num">${requirement.earned}/${requirement.points}</td></tr>`;
}

function targetRow(target: TargetFigures): string {
  return `<tr data-target="${escape(target.name)}" data-status="${target.status}"><td class="${target.status}">${target.status}</td><td>${escape(target.name)}<br><code>${escape(target.requirement)}</code></td><td>${target.figures.map((figure) => escape(formatFigure(figure))).join('<br>')}</td><td class="num">${target.factor === undefined ? 'exact' : `×${target.factor.toFixed(2)}`}</td></tr>`;
}

/**
 * Each figure as a bar, measured ÷ bound, beside a line at the bound: for a "max" figure the bar
 * must stay left of the line, for a "min" figure reach past it. Reads faster than the table.
 */
function targetChart(targets: readonly TargetFigures[]): string {
  const bars = targets.flatMap((target) => target.figures.map((figure) => ({ target, figure })));
  if (bars.length === 0) return '';
  const [labelWidth, barWidth, rowHeight] = [330, 360, 22];
  // Capped, so one ratio of x50 does not squeeze every other bar to a sliver; the figures beside say it.
  const scale = Math.min(3, Math.max(2, ...bars.map(({ figure }) => ratio(figure))));
  const x = (value: number): number => labelWidth + (Math.min(value, scale) / scale) * barWidth;
  const rows = bars.map(({ target, figure }, i) => {
    const y = i * rowHeight + 4;
    const label = `${target.name.slice(0, 38)}${figure.label === 'p99' || figure.label === 'throughput' ? ` · ${figure.label}` : ''}`;
    return `<g data-figure="${escape(label)}"><text x="0" y="${y + 13}">${escape(label)}</text><rect x="${labelWidth}" y="${y}" width="${Math.max(1, x(ratio(figure)) - labelWidth).toFixed(1)}" height="${rowHeight - 8}" fill="${figure.ok ? 'var(--ok)' : 'var(--bad)'}"><title>${escape(formatFigure(figure))}</title></rect><text x="${labelWidth + barWidth + 8}" y="${y + 13}">${escape(`${formatNumber(figure.value)} / ${formatNumber(figure.bound)}${figure.unit ? ` ${figure.unit}` : ''}`)}</text></g>`;
  });
  const height = bars.length * rowHeight + 24;
  const boundX = x(1).toFixed(1);
  return `<figure><svg role="img" aria-label="Targets: measured value divided by its bound" width="${labelWidth + barWidth + 170}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 170} ${height}">${rows.join('')}<line x1="${boundX}" x2="${boundX}" y1="0" y2="${height - 18}" stroke="currentColor" stroke-dasharray="4 3"/><text x="${boundX}" y="${height - 4}" text-anchor="middle">bound</text></svg><figcaption class="env">Measured ÷ bound. Latency (at most): the bar stays left of the line. Throughput and ratios (at least): the bar reaches past it.</figcaption></figure>`;
}

function ratio(figure: Figure): number {
  return figure.bound === 0 ? (figure.value === 0 ? 0 : 2) : figure.value / figure.bound;
}

function moduleSection(card: GradedModule): string {
  const targets = card.targets.map(targetFigures);
  const problems = [...(card.withheld ? [card.withheld] : []), ...card.untagged.map((test) => `The test '${test.name}' names no requirement; it is not scored.`)];
  return `<section data-module="${escape(card.module)}">
<h2>${escape(card.module)} · ${escape(card.title)}: <span class="badge">${card.score.earned}/${card.score.total}</span></h2>
${problems.map((problem) => `<p class="failed">${escape(problem)}</p>`).join('\n')}
<table><thead><tr><th></th><th>requirement</th><th class="num">points</th></tr></thead><tbody>${card.requirements.map(requirementRow).join('')}</tbody></table>
${targets.length > 0 ? `<h3>Targets</h3><table><thead><tr><th></th><th>target</th><th>measured (bound)</th><th class="num">machine factor</th></tr></thead><tbody>${targets.map(targetRow).join('')}</tbody></table>${targetChart(targets)}` : ''}
<p class="env">${card.counts.passed} tests passed, ${card.counts.failed} failed${card.counts.skipped ? `, ${card.counts.skipped} skipped` : ''} in ${(card.durationMs / 1000).toFixed(1)} s.</p>
</section>`;
}

function candidateSection(candidate: CandidateRepository): string {
  const { files, dependencies } = candidate.tampering;
  const rows = [
    ...files.map((file) => `<tr><td><code>${escape(file.path)}</code></td><td>${file.change}</td><td class="num">+${file.linesAdded} −${file.linesRemoved}</td></tr>`),
    ...dependencies.map((dependency) => `<tr><td><code>${escape(dependency.name)}@${escape(dependency.range)}</code></td><td>dependency ${dependency.graderRange ? `changed from ${escape(dependency.graderRange)}` : 'added'}</td><td class="num">${dependency.section}</td></tr>`),
  ];
  return `<section data-candidate><h2>Candidate repository</h2><p>${escape(candidate.source)}${candidate.ref ? ` at <code>${escape(candidate.ref)}</code>` : ''}, commit <code>${escape(candidate.commit.slice(0, 12))}</code>. Graded with the grader's own tests, harness and manifests.</p>
${candidate.kit ? `<p data-kit="${escape(candidate.kit.id)}">Take-home kit <code>${escape(candidate.kit.id)}</code>: tampering is measured against the kit as it was sent.${hiddenRequirementsText(candidate.kit.hiddenRequirements) ? ` Graded also by hidden tests: ${escape(hiddenRequirementsText(candidate.kit.hiddenRequirements))}.` : ''}</p>` : ''}
<p data-isolation="${candidate.isolation.mode}"${candidate.isolation.mode === 'none' ? ' class="failed"' : ''}>${candidate.isolation.mode === 'none' ? '' : `<strong>Isolation (${candidate.isolation.mode}):</strong> `}${escape(candidate.isolation.note)}</p>
${rows.length === 0 ? '<p>Nothing changed outside <code>exercises/</code>.</p>' : `<p class="failed" data-tampering="${rows.length}">Tampering: changed outside <code>exercises/</code></p><table><thead><tr><th>file</th><th>change</th><th class="num">lines</th></tr></thead><tbody>${rows.join('')}</tbody></table>`}</section>`;
}

/** One self-contained page: no script, no stylesheet or font to fetch, opens offline. */
export function formatHtml(report: GradeReport): string {
  const title = `Scorecard: ${report.score.earned}/${report.score.total}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title><style>${STYLE}</style></head>
<body>
<h1 data-score="${report.score.earned}/${report.score.total}">${escape(title)} <span class="${report.passed ? 'passed' : 'failed'} badge">${report.passed ? 'every requirement passed' : 'not every requirement passed'}</span></h1>
<p class="env">${escape(describeEnvironment(report.environment).replace(/`/g, ''))}</p>
<table><thead><tr><th>module</th><th class="num">score</th><th class="num">requirements passed</th></tr></thead><tbody>${report.modules
    .map((card) => `<tr><td><a href="#${escape(card.module)}">${escape(card.module)}</a> · ${escape(card.title)}</td><td class="num">${card.score.earned}/${card.score.total}</td><td class="num">${card.requirements.filter((r) => r.status === 'passed').length}/${card.requirements.length}</td></tr>`)
    .join('')}</tbody></table>
${report.candidate ? candidateSection(report.candidate) : ''}
${report.modules.map((card) => `<a id="${escape(card.module)}"></a>${moduleSection(card)}`).join('\n')}
</body></html>
`;
}
