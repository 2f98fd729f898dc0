import { notImplemented } from '#not-implemented';
import type { Job } from './types.ts';

export type ParsedJob = { readonly job: Job } | { readonly problem: string };

/** A message body as a job, or why it is not one (a poison message, SPEC.md#poison-messages). */
export function parseJob(body: Buffer): ParsedJob {
  // TODO(poison-messages): JSON.parse can throw; check every field of SPEC.md#jobs.
  throw notImplemented('03-queues', 'poison-messages', 'parseJob()');
}

/** The effects service's call that does the job's work (SPEC.md#the-effects-service). */
export function serviceCall(job: Job): { readonly path: string; readonly body: object } {
  throw notImplemented('03-queues', 'idempotency', 'serviceCall()');
}
