import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import type { ClassroomResult } from '../../harness/grading/report/classroom.ts';
import type { GradeReport } from '../../harness/grading/report/grade-report.ts';
import { REPORT_FILES } from '../../harness/grading/report/write-report.ts';
import { projectRoot, stateDir } from '../../harness/paths.ts';

/** What `wb grade` wrote into one folder, each format read back. */
export interface GradeOutput {
  readonly dir: string;
  readonly report: GradeReport;
  readonly markdown: string;
  readonly html: string;
  readonly junit: string;
  readonly classroom: ClassroomResult;
}

export function readGradeOutput(dir: string): GradeOutput {
  const read = (format: keyof typeof REPORT_FILES): string => readFileSync(path.join(dir, REPORT_FILES[format]), 'utf8');
  return { dir, report: JSON.parse(read('json')) as GradeReport, markdown: read('md'), html: read('html'), junit: read('junit'), classroom: JSON.parse(read('classroom')) as ClassroomResult };
}

/** Validates a scorecard against the schema published in docs/, with ajv: the list of errors. */
export function scorecardSchemaErrors(value: unknown): string[] {
  const ajv = new Ajv2020({ allErrors: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(path.join(projectRoot, 'docs', 'scorecard.schema.json'), 'utf8')) as object);
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

/** Validates JUnit XML against the Jenkins xunit plugin's junit-10.xsd, with libxml2 (WASM): the errors. */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
  const schema = readFileSync(path.join(projectRoot, 'test', 'support', 'schemas', 'junit-10.xsd'), 'utf8');
  const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: schema }] });
  return result.errors.map((error) => error.message);
}

/** Every `<testcase>` of a JUnit report: classname, name, and whether it failed or was skipped. */
export function junitTestCases(xml: string): { classname: string; name: string; failed: boolean; skipped: boolean }[] {
  const cases: { classname: string; name: string; failed: boolean; skipped: boolean }[] = [];
  const decode = (text: string): string => text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attributes = match[1]!;
    const body = match[3] ?? '';
    cases.push({
      classname: decode(/classname="([^"]*)"/.exec(attributes)?.[1] ?? ''),
      name: decode(/\bname="([^"]*)"/.exec(attributes)?.[1] ?? ''),
      failed: /<failure\b/.test(body),
      skipped: /<skipped\b/.test(body),
    });
  }
  return cases;
}

/** Chromium from Debian (or WB_CHROMIUM), for opening the HTML scorecard in a real browser. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.WB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((candidate): candidate is string => Boolean(candidate));
  return candidates.find((candidate) => existsSync(candidate));
}

/** What a browser shows of the HTML scorecard: its text per part, and a screenshot on disk. */
export interface RenderedScorecard {
  readonly heading: string;
  readonly score: string;
  readonly modules: { readonly id: string; readonly heading: string; readonly requirements: { id: string; status: string; text: string }[]; readonly chartBars: number }[];
  readonly screenshot: string;
  /** Requests the page made to anywhere: it must make none. */
  readonly requests: string[];
}

/** Opens the HTML scorecard from disk in headless Chromium, offline, and reads what it shows. */
export async function renderScorecard(htmlFile: string, screenshotName: string): Promise<RenderedScorecard> {
  const { chromium } = await import('playwright-core');
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('No Chromium found: install Debian\'s `chromium` package or set WB_CHROMIUM.');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.goto(pathToFileURL(htmlFile).href);
    const heading = (await page.locator('h1').innerText()).trim();
    const score = (await page.locator('h1').getAttribute('data-score')) ?? '';
    const modules = await page.locator('section[data-module]').evaluateAll((sections) =>
      sections.map((section) => ({
        id: section.getAttribute('data-module') ?? '',
        heading: (section.querySelector('h2') as { innerText?: string } | null)?.innerText ?? '',
        requirements: [...section.querySelectorAll('tr[data-requirement]')].map((row) => ({
          id: row.getAttribute('data-requirement') ?? '',
          status: row.getAttribute('data-status') ?? '',
          text: (row as unknown as { innerText: string }).innerText,
        })),
        chartBars: section.querySelectorAll('svg g[data-figure] rect').length,
      })),
    );
    const dir = path.join(stateDir, 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    const screenshot = path.join(dir, screenshotName);
    await page.screenshot({ path: screenshot, fullPage: true });
    return { heading, score, modules, screenshot, requests };
  } finally {
    await browser.close();
  }
}
