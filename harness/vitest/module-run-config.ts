import { globSync } from 'node:fs';
import path from 'node:path';
import type { ViteUserConfig } from 'vitest/config';
import type { Reporter } from 'vitest/node';
import { ScorecardReporter } from '../grading/scorecard-reporter.ts';
import { PathOrderSequencer } from './path-order-sequencer.ts';
import { LOAD_TAG } from '../testing/measurements.ts';
import { requirementOfTitle } from '../testing/requirement.ts';
import { loadModule } from '../modules.ts';
import { projectRoot } from '../paths.ts';
import { resolveTargetRoot, targetFromEnv } from '../target.ts';

export interface ModuleRunOptions {
  readonly moduleId: string;
  readonly target?: string;
  readonly jsonFile?: string;
  /** Also write vitest's own JUnit XML here (`wb grade`). */
  readonly junitFile?: string;
  /** No line per test and no scorecard in the terminal (`wb grade` prints its own). */
  readonly quiet?: boolean;
  /** Report with these instead of the scorecard reporter (`wb watch` reads each run's results itself). */
  readonly reporters?: readonly Reporter[];
}

/**
 * Vitest's JUnit reporter, named so a CI system's test view groups the tests by module and
 * requirement: classname `02-caching.stampede`, name the test's own title (`[stampede] …`).
 */
function junitReporter(moduleId: string, outputFile: string): [string, Record<string, unknown>] {
  return [
    'junit',
    {
      outputFile,
      suiteName: moduleId,
      classnameTemplate: ({ title }: { title: string }) => `${moduleId}.${requirementOfTitle(title) ?? 'untagged'}`,
      titleTemplate: ({ title }: { title: string }) => title,
      suiteNameTemplate: ({ filename }: { filename: string }) => `${moduleId} · ${filename}`,
      includeConsoleOutput: false,
    },
  ];
}

/** A module's graded test files, relative to the project root. */
const gradedTestsGlob = (moduleId: string): string => `modules/${moduleId}/tests/**/*.test.ts`;

/** The graded test files themselves, in the order the run takes them (path order). */
export function gradedTestFiles(moduleId: string): string[] {
  return globSync(gradedTestsGlob(moduleId), { cwd: projectRoot }).sort((a, b) => a.localeCompare(b));
}

/**
 * The vitest configuration of one module run: its graded tests, its servers (global setup), the
 * `@wb/target` alias that decides which tree the tests import, and the scorecard reporter.
 */
export async function moduleRunConfig(options: ModuleRunOptions): Promise<ViteUserConfig> {
  const manifest = await loadModule(options.moduleId);
  const target = options.target ?? targetFromEnv();
  const targetRoot = resolveTargetRoot(target, manifest.id);
  return {
    root: projectRoot,
    resolve: {
      alias: {
        '@wb/target': targetRoot,
        // The stubs import it as a package import (package.json "imports"), which Node resolves
        // from the nearest package.json: a tree outside the project has none, so name it here.
        '#not-implemented': path.join(projectRoot, 'harness', 'not-implemented.ts'),
      },
    },
    test: {
      include: [gradedTestsGlob(manifest.id)],
      globalSetup: ['harness/vitest/global-setup.ts'],
      // Says the worker's process to the stall watch, and skips what an earlier part of the run ran.
      setupFiles: ['harness/vitest/worker-setup.ts'],
      env: { WB_MODULE: manifest.id, WB_TARGET: target },
      // One file at a time: the load tests must not share the two cores with other files, and
      // the API tests are I/O-bound, so parallel files would buy little here.
      fileParallelism: false,
      sequence: { sequencer: PathOrderSequencer },
      // One worker for all files: a fresh worker per file cost ~0.4 s each, most of a short
      // filtered run. The graded tests keep no state between files (each file builds its own app
      // on its own database).
      isolate: false,
      // A learner's hang fails its own test, with this message, and the run goes on.
      testTimeout: 15_000,
      // A load test may measure twice: calibration and 3.5 s of load each, after seeding data.
      tags: [{ name: LOAD_TAG, description: 'measures a target under load: slow, and needs the machine to itself', timeout: 60_000 }],
      hookTimeout: 30_000,
      teardownTimeout: 10_000,
      reporters: options.reporters ? [...options.reporters] : [
        new ScorecardReporter({ manifest, target, targetRoot, ...(options.jsonFile ? { jsonFile: options.jsonFile } : {}), ...(options.quiet ? { quiet: true } : {}) }),
        ...(options.junitFile ? [junitReporter(manifest.id, options.junitFile)] : []),
      ],
    },
  };
}
