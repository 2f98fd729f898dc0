import { describe, inject, test } from 'vitest';
import { formatTargetResult } from '../../../harness/load/evaluate-target.ts';
import { measureTarget } from '../../../harness/load/measure-target.ts';
import type { LoadRequest } from '../../../harness/load/run-load.ts';
import { recordTarget, TargetNotMeasuredError } from '../../../harness/testing/measurements.ts';
import manifest from '../module.ts';
import { useAppUnderTest } from './support/app-under-test.ts';
import { check } from '../../../harness/testing/expectations.ts';
import { createTasks, getPage } from './support/tasks.ts';
import { registerUser } from './support/users.ts';

// No logger: its per-request work is no part of what the targets measure.
const appUnderTest = useAppUnderTest({ logger: false });

function targetOf(requirement: string) {
  const target = manifest.targets.find((entry) => entry.kind === 'load' && entry.requirement === requirement);
  if (target?.kind !== 'load') throw new Error(`module.ts has no load target for ${requirement}`);
  return target;
}

/** Loads the running app over real HTTP and grades the run against the manifest's target. */
async function measure(task: Parameters<typeof recordTarget>[0], requirement: string, url: string, token: string, requests: LoadRequest[]): Promise<void> {
  const target = targetOf(requirement);
  const result = await measureTarget(target, { url, requests, headers: { authorization: `Bearer ${token}` }, dependencies: inject('wbDeps') });
  recordTarget(task, result);
  if (result.status === 'not-measured') throw new TargetNotMeasuredError(`${target.operation} was not graded: ${formatTargetResult(result)}.`);
  check(result.ok, `Expected ${target.operation} to meet its target under ${target.connections} connections: ${formatTargetResult(result)}`);
}

describe('performance', () => {
  // The `load` tag gives these tests the time two measurements take, and lets runs that only
  // check behaviour leave them out (--tags-filter='!load').
  test('[perf-read] GET /tasks/:id under load meets its p99 and throughput targets', { tags: ['load'] }, async ({ task }) => {
    const { app, api } = await appUnderTest();
    const user = await registerUser(api);
    const tasks = await createTasks(api, user.token, 50);
    // One request through inject first: a stub fails here, with its own message, not under load.
    const sample = await api.get(`/tasks/${tasks[0]!.id}`, { token: user.token });
    check(sample.status === 200, `Expected 200 from GET /tasks/:id before loading it, got ${sample.status}.`, sample);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    await measure(task, 'perf-read', url, user.token, tasks.map((entry) => ({ method: 'GET', path: `/tasks/${entry.id}` })));
  });

  test('[perf-list] a list page under load meets its p99 and throughput targets', { tags: ['load'] }, async ({ task }) => {
    const { app, api } = await appUnderTest();
    const user = await registerUser(api);
    await createTasks(api, user.token, 200);
    const first = await getPage(api, user.token, 'limit=20');
    const middle = await getPage(api, user.token, `limit=20&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`);
    const url = app.server.listening ? `http://127.0.0.1:${(app.server.address() as { port: number }).port}` : await app.listen({ host: '127.0.0.1', port: 0 });
    await measure(task, 'perf-list', url, user.token, [
      { method: 'GET', path: '/tasks?limit=20' },
      { method: 'GET', path: `/tasks?limit=20&cursor=${encodeURIComponent(middle.body.nextCursor ?? '')}` },
    ]);
  });
});
