import type { Job } from './types.ts';

export type ParsedJob = { readonly job: Job } | { readonly problem: string };

/** A message body as a job, or why it is not one (a poison message, SPEC.md#poison-messages). */
export function parseJob(body: Buffer): ParsedJob {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return { problem: 'the body is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'the body is not a JSON object' };
  const fields = value as Record<string, unknown>;
  switch (fields.type) {
    case 'thumbnail':
      if (!isId(fields.imageId)) return { problem: 'imageId must be a string of 1 to 200 characters' };
      if (!Number.isInteger(fields.width) || (fields.width as number) < 1 || (fields.width as number) > 4096) return { problem: 'width must be an integer from 1 to 4096' };
      return { job: { type: 'thumbnail', imageId: fields.imageId, width: fields.width as number } };
    case 'welcome-email':
      if (!isId(fields.userId)) return { problem: 'userId must be a string of 1 to 200 characters' };
      if (typeof fields.email !== 'string' || !fields.email.includes('@')) return { problem: 'email must be a string with an @' };
      return { job: { type: 'welcome-email', userId: fields.userId, email: fields.email } };
    default:
      return { problem: `unknown job type ${JSON.stringify(fields.type)}` };
  }
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= 200;
}

/** The effects service's call that does the job's work (SPEC.md#the-effects-service). */
export function serviceCall(job: Job): { readonly path: string; readonly body: object } {
  return job.type === 'thumbnail'
    ? { path: '/thumbnails', body: { imageId: job.imageId, width: job.width } }
    : { path: '/emails', body: { to: job.email, template: 'welcome', userId: job.userId } };
}
