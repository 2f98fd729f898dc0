import type { GradeReport } from './grade-report.ts';
import { requirementNote } from './markdown.ts';

/** One test in a runner's result, as GitHub Classroom's grading reporter reads it. */
export interface ClassroomTest {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'error';
  readonly score: number;
  readonly max_score: number;
  readonly message: string | null;
  readonly line_no: number;
  readonly execution_time: string;
  readonly filename: string;
  readonly test_code: string;
}

/** The result a runner step hands the reporter (base64 of this JSON, as its `result` output). */
export interface ClassroomResult {
  readonly version: 1;
  readonly status: 'pass' | 'fail' | 'error';
  readonly max_score: number;
  readonly tests: readonly ClassroomTest[];
}

/**
 * The scorecard as one autograding runner's result: a test per requirement, scored with its
 * points, so GitHub Classroom shows and totals the same figures as the other formats.
 */
export function toClassroomResult(report: GradeReport): ClassroomResult {
  const tests = report.modules.flatMap((card) =>
    card.requirements.map((requirement): ClassroomTest => {
      const seconds = requirement.tests.reduce((sum, test) => sum + test.durationMs, 0) / 1000;
      return {
        name: `${card.module} · ${requirement.id}: ${requirement.title}`,
        status: requirement.status === 'passed' ? 'pass' : requirement.status === 'not-run' && card.withheld ? 'error' : 'fail',
        score: requirement.earned,
        max_score: requirement.points,
        message: requirement.status === 'passed' ? null : requirementNote(requirement) || requirement.status,
        line_no: 0,
        execution_time: `${seconds.toFixed(2)}s`,
        filename: `modules/${card.module}/SPEC.md#${requirement.id}`,
        test_code: `npx wb test ${card.module} -t "\\[${requirement.id}\\]"`,
      };
    }),
  );
  const crashed = report.modules.some((card) => card.withheld);
  return {
    version: 1,
    status: crashed ? 'error' : report.passed ? 'pass' : 'fail',
    max_score: report.score.total,
    tests,
  };
}
