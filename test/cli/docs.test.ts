import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { buildScorecard, type TestOutcome } from '../../harness/grading/scorecard.ts';
import { loadModule } from '../../harness/modules.ts';
import { projectRoot, stateDir as developerStateDir } from '../../harness/paths.ts';
import { chromiumPath } from '../support/grade-formats.ts';
import { WbProcess } from '../support/wb-process.ts';
import { runWb } from '../support/run-module.ts';

const stateDir = mkdtempSync(path.join(projectRoot, '.wb-test-state-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));
const env = (): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: '1', WB_STATE_DIR: stateDir, WB_DEPS_FILE: inject('sharedDepsFile') });

/** A saved result of module 01 in which every requirement but list-pagination passed. */
async function saveProgress(): Promise<void> {
  const manifest = await loadModule('01-rest-api');
  const outcomes: TestOutcome[] = manifest.requirements.map((requirement) => ({
    name: `[${requirement.id}] a test`,
    requirement: requirement.id,
    state: requirement.id === 'list-pagination' ? 'failed' : 'passed',
    durationMs: 1,
    file: 'x.test.ts',
    ...(requirement.id === 'list-pagination' ? { error: { name: 'AssertionError', message: 'Expected 20, got 19.', notImplemented: false } } : {}),
  }));
  const card = buildScorecard({ manifest, target: 'exercises', targetRoot: '/x', startedAt: new Date(), durationMs: 1, dependencies: [], outcomes, targets: [], runErrors: [] });
  mkdirSync(path.join(stateDir, 'results'), { recursive: true });
  writeFileSync(path.join(stateDir, 'results', '01-rest-api.json'), JSON.stringify(card));
}

describe('wb docs', () => {
  test.skipIf(!chromiumPath() && process.env.WB_REQUIRE_BROWSER !== '1')(
    "serves the specs as a site with the learner's progress; a failure message links into it, and the link shows the requirement",
    async () => {
      await saveProgress();
      const docs = new WbProcess(['docs'], env());
      try {
        const output = await docs.waitFor(/docs on (\S+)/, 0, 30_000);
        const site = /docs on (\S+)/.exec(output)?.[1];
        expect(site, output).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

        // A failing run while the site is up names the requirement's page in it.
        const run = await runWb(['test', '01-rest-api', '--target', 'exercises', '-t', '\\[health\\]'], env());
        const link = /read: (\S+)/.exec(run.output)?.[1];
        expect(link, run.output).toBe(`${site}modules/01-rest-api/spec.html#health`);

        const { chromium } = await import('playwright-core');
        const browser = await chromium.launch({ executablePath: chromiumPath()!, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'] });
        try {
          const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
          const offSite: string[] = [];
          page.on('request', (request) => {
            if (!request.url().startsWith(site!)) offSite.push(request.url());
          });
          await page.goto(site!);
          expect(await page.locator('tr[data-module="01-rest-api"]').innerText()).toContain('19 of 20 requirements');
          await page.locator('tr[data-module="01-rest-api"] a').click();
          await page.waitForURL(/modules\/01-rest-api\/spec\.html$/);
          // The requirements table links each requirement to its section, which shows its progress.
          await page.locator('table a[href="#list-pagination"]').first().click();
          await page.waitForURL(/#list-pagination$/);
          const heading = page.locator('h2#list-pagination');
          await expect.poll(() => heading.isVisible()).toBe(true);
          expect(await heading.innerText()).toMatch(/list-pagination\s+✗ 0\/8/);
          expect(await page.locator('h2#schema .badge').innerText()).toBe('✓ 5/5');
          // Code is highlighted, and the page lists its sections.
          expect(await page.locator('pre.hljs code span').count()).toBeGreaterThan(0);
          expect(await page.locator('nav a[href="#optimistic-concurrency"]').count()).toBe(1);
          // The link from the failure message opens the requirement's section.
          await page.goto(link!);
          expect(await page.locator('h2#health').isVisible()).toBe(true);
          expect(await page.locator('h2#health').innerText()).toMatch(/health/);
          // Module pages link to their hints, and the hints back to the SPEC section.
          await page.locator('nav li[data-module="01-rest-api"] a', { hasText: 'hints' }).click();
          await page.waitForURL(/hints\.html$/);
          expect(await page.locator('a[href="spec.html#schema"]').count()).toBeGreaterThan(0);
          const artifacts = path.join(developerStateDir, 'test-artifacts');
          mkdirSync(artifacts, { recursive: true });
          await page.goto(`${site}modules/01-rest-api/spec.html#list-pagination`);
          await page.screenshot({ path: path.join(artifacts, 'docs-site.png') });
          expect(offSite).toEqual([]);
        } finally {
          await browser.close();
        }
      } finally {
        docs.signal('SIGTERM');
      }
      expect(await docs.exited).toBe(130);
      // Once the site stops, failure messages no longer link to it.
      const after = await runWb(['test', '01-rest-api', '--target', 'exercises', '-t', '\\[health\\]'], env());
      expect(after.output).not.toContain('read: http');
    },
    180_000,
  );
});
