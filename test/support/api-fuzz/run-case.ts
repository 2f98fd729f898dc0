import type { FastifyInstance } from 'fastify';
import type { ShapeCheck } from './document-shapes.ts';
import type { FuzzRequest, FuzzResponse } from './exchange.ts';
import type { RequestPlan } from './request-plan.ts';
import { resolve, type ResolveContext } from './resolve-request.ts';
import { violationsOf, type Violation } from './violations.ts';

export interface CaseResult {
  plan: RequestPlan;
  request: FuzzRequest;
  response: FuzzResponse;
  violations: Violation[];
}

/** Sends one planned request through `inject()`, judges the answer, then updates the model with it. */
export async function runCase(app: FastifyInstance, plan: RequestPlan, context: ResolveContext & { shapes: { problem: ShapeCheck } }): Promise<CaseResult> {
  const { request, expectation } = resolve(plan, context);
  const reply = await app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, ...(request.payload ? { payload: request.payload } : {}) });
  const response: FuzzResponse = { status: reply.statusCode, headers: reply.headers, body: reply.body };
  const violations = violationsOf(response, expectation, context.model, context.shapes.problem);
  expectation.learn?.(response, context.model);
  return { plan, request, response, violations };
}
