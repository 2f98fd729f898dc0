import { describe, expect, test } from 'vitest';
import { dockerEngineAnswers } from '../../harness/deps/docker-engine.ts';
import { listOwned } from '../../harness/deps/process/owned-resources.ts';
import { runModule } from '../support/run-module.ts';

// CI sets WB_REQUIRE_DOCKER=1 so that a missing engine fails here instead of skipping.
const required = process.env.WB_REQUIRE_DOCKER === '1';
const available = await dockerEngineAnswers();

describe.skipIf(!available && !required)(`the containers backend${available ? '' : ' (needs a Docker engine: skipped without one unless WB_REQUIRE_DOCKER=1)'}`, () => {
  test('grades the 01-rest-api reference against PostgreSQL in a container, then removes it', async () => {
    expect(available, 'WB_REQUIRE_DOCKER=1 but no Docker engine answers (DOCKER_HOST?)').toBe(true);
    const containersBefore = listOwned().filter((resource) => resource.containerId).length;
    const run = await runModule({ module: '01-rest-api', target: 'solutions', ownDependencies: true, env: { WB_DEPS: 'containers' } });
    expect(run.scorecard.dependencies.join('\n'), run.output).toMatch(/containers, started for this run/);
    const failed = run.scorecard.requirements.filter((requirement) => requirement.status !== 'passed').map((requirement) => requirement.id);
    expect(failed, run.output).toEqual([]);
    expect(listOwned().filter((resource) => resource.containerId).length).toBe(containersBefore);
    console.log(`01-rest-api reference on containers: ${run.scorecard.counts.passed} tests in ${run.seconds.toFixed(1)} s`);
  });
});
