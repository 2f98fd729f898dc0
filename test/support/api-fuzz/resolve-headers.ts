import type { ApiModel, StoredKey, Task } from './api-model.ts';
import type { IdempotencyPlan, IfMatchPlan } from './request-plan.ts';

/** If-Match and Idempotency-Key values for their plans, and how they relate to the model's state. */

export function ifMatch(plan: IfMatchPlan, task: Task | undefined): { header: string | undefined; matches: boolean | 'unknown' } {
  const version = task?.version ?? 1;
  switch (plan.kind) {
    case 'absent':
      return { header: undefined, matches: true };
    case 'star':
      return { header: '*', matches: true };
    case 'current':
      return { header: `"${version}"`, matches: true };
    case 'other-version':
      return { header: `"${version + plan.delta}"`, matches: false };
    case 'text':
      // A list, or padding that an HTTP parser would strip, is a judgment call SPEC does not make.
      if (plan.text.includes(',') || plan.text.trim() !== plan.text) return { header: plan.text, matches: 'unknown' };
      return { header: plan.text, matches: plan.text === `"${version}"` || plan.text === '*' };
  }
}

/** The Idempotency-Key to send, what the model holds for it, and the stored body when the plan resends it. */
export interface KeyChoice {
  header?: string | undefined;
  key?: string;
  stored?: StoredKey | undefined;
  resend?: Record<string, unknown> | undefined;
  invalid?: boolean;
}

export function idempotency(plan: IdempotencyPlan, model: ApiModel): KeyChoice {
  switch (plan.kind) {
    case 'absent':
      return { header: undefined };
    case 'key':
      return { header: plan.text, stored: model.keys.get(plan.text), key: plan.text };
    case 'replay': {
      const entry = model.storedKey(plan.pick);
      if (!entry) return { header: undefined };
      return { header: entry[0], stored: entry[1], key: entry[0], resend: plan.sameBody ? entry[1].body : undefined };
    }
    case 'invalid':
      return { header: plan.text, invalid: true };
  }
}

export const withHeader = (headers: Record<string, string>, name: string, value: string | undefined) => {
  if (value !== undefined) headers[name] = value;
};

