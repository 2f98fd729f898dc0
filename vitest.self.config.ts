import { defineConfig } from 'vitest/config';
import { PlainSummaryReporter } from './test/support/plain-summary-reporter.ts';

// The project's own tests (`npm test`): the harness's unit tests, then the course checks, which
// grade every module's reference, stub and known-wrong implementations through `wb test`.
export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/shared-dependencies.ts'],
    // The course checks run whole module runs and measure load: one file at a time.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
    reporters: ['default', new PlainSummaryReporter()],
  },
});
