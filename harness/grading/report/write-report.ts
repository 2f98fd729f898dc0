import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toClassroomResult } from './classroom.ts';
import type { GradeReport } from './grade-report.ts';
import { formatHtml } from './html.ts';
import { mergeJunitReports } from './junit.ts';
import { formatMarkdown } from './markdown.ts';

export const REPORT_FORMATS = ['json', 'md', 'html', 'junit', 'classroom'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The file each format is written to, inside `--out`. */
export const REPORT_FILES: Record<ReportFormat, string> = {
  json: 'scorecard.json',
  md: 'scorecard.md',
  html: 'scorecard.html',
  junit: 'junit.xml',
  classroom: 'classroom.json',
};

/**
 * Writes the chosen formats into `outDir`. `junitFiles` are vitest's own JUnit reports, one per
 * module run, merged into one.
 */
export async function writeReport(report: GradeReport, outDir: string, formats: readonly ReportFormat[], junitFiles: readonly string[]): Promise<string[]> {
  const written: string[] = [];
  const write = (format: ReportFormat, text: string): void => {
    const file = path.join(outDir, REPORT_FILES[format]);
    writeFileSync(file, text);
    written.push(file);
  };
  for (const format of formats) {
    if (format === 'json') write(format, `${JSON.stringify(report, null, 2)}\n`);
    if (format === 'md') write(format, formatMarkdown(report));
    if (format === 'html') write(format, formatHtml(report));
    if (format === 'classroom') write(format, `${JSON.stringify(toClassroomResult(report), null, 2)}\n`);
    if (format === 'junit') write(format, await mergeJunitReports(junitFiles.map((file) => readFileSync(file, 'utf8'))));
  }
  return written;
}
