import type { ApiModel, Task } from './api-model.ts';
import type { IdPlan } from './request-plan.ts';
import { NO_SUCH_USER } from './resolve-auth.ts';

/** The `{id}` path segment for an id plan, and what it names. */

export type Target = { kind: 'live'; task: Task } | { kind: 'missing' } | { kind: 'not-uuid' } | { kind: 'broken' } | { kind: 'overlong' };

// Routers cap a path parameter's length (find-my-way: 100) and may refuse a longer one before any hook runs.
const ROUTER_PARAMETER_LIMIT = 100;

export function target(plan: IdPlan, model: ApiModel): { segment: string; target: Target } {
  switch (plan.kind) {
    case 'live': {
      const task = model.liveTask(plan.pick);
      if (!task) throw new Error('resolve-request: the model has no live task; top it up before each case');
      return { segment: plan.upperCase ? task.id.toUpperCase() : task.id, target: { kind: 'live', task } };
    }
    case 'deleted':
      return { segment: model.deleted[plan.pick % Math.max(model.deleted.length, 1)] ?? NO_SUCH_USER, target: { kind: 'missing' } };
    case 'foreign':
      return { segment: model.foreignTaskId, target: { kind: 'missing' } };
    case 'absent-uuid':
      return { segment: plan.value, target: { kind: 'missing' } };
    case 'not-uuid': {
      const segment = encodeURIComponent(plan.value);
      return { segment, target: { kind: segment.length > ROUTER_PARAMETER_LIMIT ? 'overlong' : 'not-uuid' } };
    }
    case 'broken-encoding':
      return { segment: plan.raw, target: { kind: 'broken' } };
  }
}

