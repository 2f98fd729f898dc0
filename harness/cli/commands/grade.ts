import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkbenchError } from '../../errors.ts';
import { checkoutCandidate } from '../../grading/candidate-checkout.ts';
import { chooseIsolation, ISOLATION_CHOICES, IsolationUnavailable, type IsolationChoice, type IsolationLauncher } from '../../grading/isolation/isolation.ts';
import { runIsolatedModule } from '../../grading/isolation/isolated-module-run.ts';
import type { DependencyKind } from '../../manifest.ts';
import { buildGradeReport, hiddenRequirementsText, type CandidateRepository } from '../../grading/report/grade-report.ts';
import { findTampering } from '../../grading/tamper.ts';
import { collectEnvironment } from '../../grading/report/environment.ts';
import { requirementNote } from '../../grading/report/markdown.ts';
import { REPORT_FORMATS, writeReport, type ReportFormat } from '../../grading/report/write-report.ts';
import { buildScorecard, type Scorecard } from '../../grading/scorecard.ts';
import { NOTHING_RAN } from '../../grading/scorecard-reporter.ts';
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
  /** A candidate's repository (path or Git URL) to clone and grade instead of `target`. */
  readonly repo?: string;
  readonly ref?: string;
  /** How the candidate's code is kept from the grader's files and network (`--repo` only): auto by default. */
  readonly isolation?: string;
  /** What the candidate was given (`wb takehome grade`): tampering is measured against it, not this checkout. */
  readonly kit?: NonNullable<CandidateRepository['kit']> & { readonly files: string };
}

/**
 * Grades a tree module by module and writes the scorecard in every format a mentor's tools read.
 * Exit code 0 only when every graded requirement passed.
 */
export async function gradeCommand(options: GradeCommandOptions): Promise<number> {
  if (!options.repo) {
    if (options.isolation) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: '--isolation applies to a repository graded with --repo: a tree of your own (--target) runs as you.' });
    return grade(options);
  }
  const choice = parseIsolation(options.isolation);
  const moduleIds = chosenModules(options.modules);
  const kinds = [...new Set((await Promise.all(moduleIds.map(loadModule))).flatMap((manifest) => manifest.dependencies))];
  // Chosen before the clone: a mode asked for by name that cannot run here stops everything.
  const isolation = await chooseIsolationOrExplain(choice, kinds);
  const checkout = await checkoutCandidate(options.repo, options.ref);
  try {
    const tampering = await findTampering(checkout.clone, options.kit?.files ?? projectRoot);
    const candidate: CandidateRepository = {
      source: options.repo,
      ref: options.ref ?? null,
      commit: checkout.commit,
      tampering,
      isolation: { mode: isolation.mode, note: isolation.note },
      ...(options.kit ? { kit: { id: options.kit.id, hiddenRequirements: options.kit.hiddenRequirements } } : {}),
    };
    return await grade({ ...options, target: checkout.target }, candidate, isolation.launcher);
  } finally {
    checkout.remove();
  }
}

function chosenModules(modules: string | undefined): string[] {
  return modules ? [...new Set(modules.split(',').map((name) => resolveModuleId(name.trim())))] : listModuleIds();
}

function parseIsolation(value: string | undefined): IsolationChoice {
  if (value === undefined) return 'auto';
  if ((ISOLATION_CHOICES as readonly string[]).includes(value)) return value as IsolationChoice;
  throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `Unknown isolation '${value}': choose from ${ISOLATION_CHOICES.join(', ')}.` });
}

async function chooseIsolationOrExplain(choice: IsolationChoice, kinds: readonly DependencyKind[]): Promise<Awaited<ReturnType<typeof chooseIsolation>>> {
  try {
    return await chooseIsolation(choice, kinds);
  } catch (error) {
    if (error instanceof IsolationUnavailable) throw new WorkbenchError('WB_ERR_ISOLATION_UNAVAILABLE', { mode: error.mode, reason: error.reason });
    throw error;
  }
}

async function grade(options: GradeCommandOptions, candidate?: CandidateRepository, launcher?: IsolationLauncher): Promise<number> {
  const moduleIds = chosenModules(options.modules);
  const formats = parseFormats(options.format);
  const outDir = path.resolve(options.out ?? path.join(projectRoot, '.wb', 'grade'));
  // Resolve every module's tree first: a wrong --target fails at once, not after the first module.
  const roots = moduleIds.map((id) => resolveTargetRoot(options.target, id));
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'wb-grade-'));
  const startedAt = new Date();
  const graded = candidate ? `${candidate.source}${candidate.ref ? ` at ${candidate.ref}` : ''} (${candidate.commit.slice(0, 12)})` : `target ${options.target}`;
  say(paint('bold', `wb grade`) + paint('dim', ` · ${graded} · ${moduleIds.length} module${moduleIds.length === 1 ? '' : 's'} · into ${path.relative(process.cwd(), outDir) || '.'}`));
  const hidden = candidate?.kit ? hiddenRequirementsText(candidate.kit.hiddenRequirements) : '';
  if (candidate?.kit) say(paint('dim', `  take-home kit ${candidate.kit.id}: tampering measured against the kit as sent${hidden ? `; hidden tests for ${hidden}` : ''}`));
  if (candidate) for (const line of tamperLines(candidate)) say(line);
  if (candidate) say(paint(candidate.isolation.mode === 'none' ? 'yellow' : 'dim', `  ${candidate.isolation.mode === 'none' ? 'unisolated' : `isolated (${candidate.isolation.mode})`}: ${candidate.isolation.note}`));
  try {
    const cards: Scorecard[] = [];
    const junitFiles: string[] = [];
    for (const [index, moduleId] of moduleIds.entries()) {
      const junitFile = path.join(work, `${moduleId}.junit.xml`);
      process.stdout.write(paint('dim', `  grading ${moduleId} …\n`));
      const root = roots[index]!;
      const jsonFile = path.join(work, `${moduleId}.json`);
      const { code, card, output } = launcher
        ? await runIsolatedModule(launcher, { moduleId, targetRoot: root, workDir: work, jsonFile, junitFile })
        : { ...(await runModuleTests({ moduleId, target: options.target, jsonFile, junitFile, quiet: true })), output: '' };
      const graded = card ? withIsolatedOutput(card, output) : await crashedRun(moduleId, options.target, root, code, output);
      cards.push(graded);
      junitFiles.push(junitFile);
      for (const line of compactLines(graded)) say(line);
    }
    // A candidate's tree is graded from a copy: its provenance is the clone's commit, not the copy's folder.
    const environment = await collectEnvironment({
      target: candidate?.source ?? options.target,
      targetPath: roots[0]!,
      cards,
      ...(candidate ? { gradedGit: { commit: candidate.commit, uncommittedChanges: false, changedFiles: [] } } : {}),
    });
    const report = buildGradeReport({ startedAt, durationMs: Date.now() - startedAt.getTime(), environment, modules: cards, ...(candidate ? { candidate } : {}) });
    const existingJunit = junitFiles.filter((file) => existsSync(file));
    const written = await writeReport(report, outDir, formats, existingJunit);
    say('');
    say(`${paint('bold', `Total ${report.score.earned}/${report.score.total}`)}${report.passed ? paint('green', ' · every requirement passed') : ''} · ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s`);
    if (candidate && candidate.tampering.files.length + candidate.tampering.dependencies.length > 0) say(paint('yellow', `Tampering: ${candidate.tampering.files.length} file(s) outside exercises/ changed, ${candidate.tampering.dependencies.length} dependenc${candidate.tampering.dependencies.length === 1 ? 'y' : 'ies'} added; graded with the grader's own tests and harness.`));
    if (candidate?.isolation.mode === 'none') say(paint('yellow', candidate.isolation.note));
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

/** An isolated run's printed lines are not on the terminal: when nothing ran, they are the only clue. */
function withIsolatedOutput(card: Scorecard, output: string): Scorecard {
  if (!output.trim() || !card.runErrors.some((error) => error.message === NOTHING_RAN)) return card;
  const tail = output.trim().split('\n').slice(-12).join('\n');
  return { ...card, runErrors: card.runErrors.map((error) => (error.message === NOTHING_RAN ? { ...error, message: `${error.message} Its last lines were:\n${tail}` } : error)) };
}

/** A module whose run ended before it wrote a scorecard: no points, and the reason, said once. */
async function crashedRun(moduleId: string, target: string, targetRoot: string, code: number, output: string): Promise<Scorecard> {
  // An isolated run's own words are all there is to go on: its last lines say why it ended.
  const tail = output.trim().split('\n').slice(-8).join('\n');
  return buildScorecard({
    manifest: await loadModule(moduleId),
    target,
    targetRoot,
    startedAt: new Date(),
    durationMs: 0,
    dependencies: [],
    outcomes: [],
    targets: [],
    runErrors: [{ message: `The test run of ${moduleId} ended (exit code ${code}) before it wrote a scorecard: ${tail ? `its last lines were:\n${tail}` : `run \`npx wb test ${moduleId}\` to see why.`}` }],
  });
}

/** What the candidate changed outside their own tree, before the grading starts. */
function tamperLines(candidate: CandidateRepository): string[] {
  const { files, dependencies } = candidate.tampering;
  if (files.length + dependencies.length === 0) return [paint('dim', '  nothing changed outside exercises/')];
  return [
    paint('yellow', `  changed outside exercises/${candidate.kit ? ', against the kit as sent' : ''} (graded with the grader's copies instead):`),
    ...files.map((file) => paint('yellow', `    ${file.change === 'added' ? 'added   ' : 'modified'} ${file.path} (+${file.linesAdded} -${file.linesRemoved})`)),
    ...dependencies.map((dependency) => paint('yellow', `    dependency ${dependency.name}@${dependency.range} in ${dependency.section}${dependency.graderRange ? ` (the grader has ${dependency.graderRange})` : ' (not installed here)'}`)),
  ];
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
