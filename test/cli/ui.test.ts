import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { projectRoot, stateDir as developerStateDir } from '../../harness/paths.ts';
import { gradedTestFiles } from '../../harness/vitest/module-run-config.ts';
import { chromiumPath } from '../support/grade-formats.ts';
import { WbProcess } from '../support/wb-process.ts';

const stateDir = mkdtempSync(path.join(projectRoot, '.wb-test-state-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('wb ui', () => {
  test.skipIf(!chromiumPath() && process.env.WB_REQUIRE_BROWSER !== '1')(
    "serves @vitest/ui on loopback with the module's graded tests against the learner's tree; a browser shows them; SIGTERM stops it",
    async () => {
      const root = mkdtempSync(path.join(stateDir, 'tree-'));
      cpSync(path.join(projectRoot, 'exercises', '01-rest-api'), path.join(root, '01-rest-api'), { recursive: true });
      const ui = new WbProcess(['ui', '01-rest-api', '--target', root], { ...process.env, NO_COLOR: '1', WB_STATE_DIR: stateDir, WB_DEPS_FILE: inject('sharedDepsFile') });
      try {
        const output = await ui.waitFor(/vitest UI on (\S+)/, 0, 60_000);
        const url = /vitest UI on (\S+)/.exec(output)?.[1];
        expect(url, output).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__vitest__\/\?token=/);

        const { chromium } = await import('playwright-core');
        const browser = await chromium.launch({ executablePath: chromiumPath()!, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'] });
        try {
          const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
          await page.goto(url!);
          // The explorer lists the module's graded files and their tests; on the stub every file fails.
          await page.getByText('modules/01-rest-api/tests/auth.test.ts').first().waitFor({ timeout: 60_000 });
          // Once nothing runs, the stub has failed files and passed none.
          await expect.poll(async () => page.locator('body').innerText(), { timeout: 120_000, interval: 500 }).toMatch(/FAIL \([1-9]\d*\)[\s\S]*RUNNING \(0\)[\s\S]*PASS \(0\)/);
          const text = await page.locator('body').innerText();
          const failed = Number(/FAIL \((\d+)\)/.exec(text)?.[1] ?? 0);
          expect(failed, text.slice(0, 400)).toBeGreaterThan(0);
          expect(failed, text.slice(0, 400)).toBeLessThanOrEqual(gradedTestFiles('01-rest-api').length);
          expect(text).toContain('[auth-accounts] registers with 201');
          const artifacts = path.join(developerStateDir, 'test-artifacts');
          mkdirSync(artifacts, { recursive: true });
          await page.screenshot({ path: path.join(artifacts, 'vitest-ui.png') });
        } finally {
          await browser.close();
        }
      } finally {
        ui.signal('SIGTERM');
      }
      expect(await ui.exited, ui.output).toBe(130);
    },
    240_000,
  );
});
