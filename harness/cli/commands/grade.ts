import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkbenchError } from '../../errors.ts';
import { buildGradeReport } from '../../grading/report/grade-report.ts';
import { collectEnvironment } from '../../grading/report/environment.ts';
import { requirementNote } from '../../grading/report/markdown.ts';
import { REPORT_FORMATS, writeReport, type ReportFormat } from '../../grading/report/write-report.ts';
import { buildScorecard, type Scorecard } from '../../grading/scorecard.ts';
import { listModuleIds, loadModule, resolveModuleId } from '../../modules.ts';
import { projectRoot } from '../../paths.ts';
import { resolveTargetRoot } from '../../target.ts';
import { paint, say } from '../output.ts';
import { runModuleTests } from './test.ts';

export interface GradeCommandOptions {
  readonly target: string;
  /** Comma-separated module ids; all modules when absent. */
  readonly modules?: string;
  readonly out?: string;
  /** Comma-separated formats; all when absent. */
  readonly format?: string;
}

/**
 * Grades a tree module by module and writes the scorecard in every format a mentor's tools read.
 * Exit code 0 only when every graded requirement passed.
 */
export async function gradeCommand(options: GradeCommandOptions): Promise<number> {
  const moduleIds = options.modules ? [...new Set(options.modules.split(',').map((name) => resolveModuleId(name.trim())))] : listModuleIds();
  const formats = parseFormats(options.format);
  const outDir = path.resolve(options.out ?? path.join(projectRoot, '.wb', 'grade'));
  // Resolve every module's tree first: a wrong --target fails at once, not after the first module.
  const roots = moduleIds.map((id) => resolveTargetRoot(options.target, id));
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'wb-grade-'));
  const startedAt = new Date();
  say(paint('bold', `wb grade`) + paint('dim', ` · target ${options.target} · ${moduleIds.length} module${moduleIds.length === 1 ? '' : 's'} · into ${path.relative(process.cwd(), outDir) || '.'}`));
  try {
    const cards: Scorecard[] = [];
    const junitFiles: string[] = [];
    for (const moduleId of moduleIds) {
      const junitFile = path.join(work, `${moduleId}.junit.xml`);
      process.stdout.write(paint('dim', `  grading ${moduleId} …\n`));
      const { code, card } = await runModuleTests({ moduleId, target: options.target, jsonFile: path.join(work, `${moduleId}.json`), junitFile, quiet: true });
      const graded = card ?? (await crashedRun(moduleId, options.target, roots[moduleIds.indexOf(moduleId)]!, code));
      cards.push(graded);
      junitFiles.push(junitFile);
      for (const line of compactLines(graded)) say(line);
    }
    const environment = await collectEnvironment({ target: options.target, targetPath: roots[0]!, cards });
    const report = buildGradeReport({ startedAt, durationMs: Date.now() - startedAt.getTime(), environment, modules: cards });
    const existingJunit = junitFiles.filter((file) => existsSync(file));
    const written = await writeReport(report, outDir, formats, existingJunit);
    say('');
    say(`${paint('bold', `Total ${report.score.earned}/${report.score.total}`)}${report.passed ? paint('green', ' · every requirement passed') : ''} · ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s`);
    for (const file of written) say(paint('dim', `  wrote ${path.relative(process.cwd(), file)}`));
    return report.passed ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function parseFormats(value: string | undefined): ReportFormat[] {
  if (!value) return [...REPORT_FORMATS];
  const asked = value.split(',').map((format) => format.trim());
  const unknown = asked.filter((format) => !(REPORT_FORMATS as readonly string[]).includes(format));
  if (unknown.length > 0) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `Unknown format ${unknown.map((f) => `'${f}'`).join(', ')}: choose from ${REPORT_FORMATS.join(', ')}.` });
  return asked as ReportFormat[];
}

/** A module whose run ended before it wrote a scorecard: no points, and the reason, said once. */
async function crashedRun(moduleId: string, target: string, targetRoot: string, code: number): Promise<Scorecard> {
  return buildScorecard({
    manifest: await loadModule(moduleId),
    target,
    targetRoot,
    startedAt: new Date(),
    durationMs: 0,
    dependencies: [],
    outcomes: [],
    targets: [],
    runErrors: [{ message: `The test run of ${moduleId} ended (exit code ${code}) before it wrote a scorecard: run \`npx wb test ${moduleId}\` to see why.` }],
  });
}

/** One line per module, then each requirement that did not pass with its first failure line. */
function compactLines(card: Scorecard): string[] {
  const passed = card.requirements.filter((requirement) => requirement.status === 'passed').length;
  const score = `${card.score.earned}/${card.score.total}`.padStart(7);
  const mark = card.score.earned === card.score.total && !card.withheld ? paint('green', '✓') : paint('red', '✗');
  const lines = [`${mark} ${paint('bold', card.module.padEnd(16))} ${score}  ${passed}/${card.requirements.length} requirements  ${paint('dim', `${card.counts.passed + card.counts.failed} tests · ${(card.durationMs / 1000).toFixed(1)} s`)}`];
  const open = card.requirements.filter((r) => r.status !== 'passed');
  const untouched = open.filter((r) => r.notImplemented);
  // A stub's requirements all say the same thing: one line for them, not one each.
  if (untouched.length > 1) lines.push(`    ${paint('dim', `${untouched.length} requirements not implemented yet: ${untouched.map((r) => r.id).join(', ')}`.slice(0, 150))}`);
  for (const requirement of untouched.length > 1 ? open.filter((r) => !r.notImplemented) : open) {
    lines.push(`    ${paint('red', '✗')} ${requirement.id} ${requirement.earned}/${requirement.points}  ${paint('dim', requirementNote(requirement).slice(0, 110))}`);
  }
  if (card.withheld) lines.push(`    ${paint('red', '!')} ${card.withheld}`);
  return lines;
}
