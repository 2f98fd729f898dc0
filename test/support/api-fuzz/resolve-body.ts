import type { ApiModel } from './api-model.ts';
import type { Expectation } from './exchange.ts';
import { toJsonText } from './raw-json.ts';
import type { BodyPlan, ContentTypePlan } from './request-plan.ts';

/** The payload and Content-Type for a body plan, and what they decide before validation. */

export const CONTENT_TYPES: Record<ContentTypePlan, string | undefined> = {
  json: 'application/json',
  'json-charset': 'application/json; charset=utf-8',
  // Media types are case-insensitive (RFC 9110 8.3.1).
  'json-upper': 'Application/JSON',
  'text-plain': 'text/plain',
  form: 'application/x-www-form-urlencoded',
  none: undefined,
};

export interface BodyOutcome {
  payload: Buffer;
  /** Set when the body decides the answer before validation: it is not JSON, too large, or unparsable. */
  early?: Pick<Expectation, 'statuses' | 'unparsable'>;
  /** Fields at fault when the body parses but breaks its schema ([] for a violation of no single field). */
  invalidFields?: string[];
  /** The parsed body, when valid. */
  valid?: Record<string, unknown>;
}

export function body(plan: BodyPlan, contentType: ContentTypePlan, model: ApiModel): BodyOutcome {
  const json = (value: unknown) => Buffer.from(toJsonText(value));
  const outcome: BodyOutcome = (() => {
    switch (plan.kind) {
      case 'valid':
        return { payload: json(plan.value), valid: plan.value };
      case 'violation':
        return { payload: json(plan.value), invalidFields: plan.fields };
      case 'malformed':
        return { payload: Buffer.from(plan.text), early: { statuses: [400], unparsable: true } };
      case 'oversized':
        // SPEC.md body-limit: about 70 KiB.
        return { payload: json({ title: 'x', description: 'x'.repeat(71_680) }), early: { statuses: [413], unparsable: false } };
      case 'own-credentials': {
        const value = { email: plan.upperCase ? model.user.email.toUpperCase() : model.user.email, password: model.user.password };
        return { payload: json(value), valid: value };
      }
    }
  })();
  if (!['json', 'json-charset', 'json-upper'].includes(contentType)) {
    // text/plain has a parser in Fastify (then the schema refuses a string); the others have none.
    return { payload: outcome.payload, early: { statuses: plan.kind === 'oversized' ? [400, 413, 415] : [400, 415], unparsable: true } };
  }
  return outcome;
}

