import { notImplemented } from '#not-implemented';
import type { Job } from './types.ts';

/** How a call to the effects service ended (SPEC.md#the-effects-service). */
export type CallOutcome = { readonly kind: 'done' } | { readonly kind: 'transient' | 'permanent'; readonly error: string };

/** Calls the effects service for jobs; `close()` ends its keep-alive connections. */
export class EffectsClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  /** Makes the job's call with its id as the idempotency key (SPEC.md#idempotency). */
  call(job: Job, jobId: string): Promise<CallOutcome> {
    // TODO(idempotency): POST serviceCall(job) with `Idempotency-Key: jobId`, given up after timeoutMs.
    throw notImplemented('03-queues', 'idempotency', 'EffectsClient.call()');
  }

  close(): void {
    throw notImplemented('03-queues', 'graceful-shutdown', 'EffectsClient.close()');
  }
}
