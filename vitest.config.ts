import { defineConfig } from 'vitest/config';
import { listModuleIds } from './harness/modules.ts';
import { moduleRunConfig } from './harness/vitest/module-run-config.ts';

// Grades one module: WB_MODULE=01-rest-api (default: the first), WB_TARGET=exercises|solutions|<dir>.
// `npx wb test <module>` is the friendlier way in; it runs vitest with this same configuration.
export default defineConfig(async () =>
  moduleRunConfig({
    moduleId: process.env.WB_MODULE ?? listModuleIds()[0] ?? '01-rest-api',
    ...(process.env.WB_SCORECARD_JSON ? { jsonFile: process.env.WB_SCORECARD_JSON } : {}),
    ...(process.env.WB_JUNIT_FILE ? { junitFile: process.env.WB_JUNIT_FILE } : {}),
    quiet: process.env.WB_QUIET === '1',
  }),
);
