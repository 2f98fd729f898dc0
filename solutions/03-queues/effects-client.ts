import http from 'node:http';
import { STATUS_CODES } from 'node:http';
import { serviceCall } from './job.ts';
import type { Job } from './types.ts';

/** How a call to the effects service ended (SPEC.md#the-effects-service). */
export type CallOutcome = { readonly kind: 'done' } | { readonly kind: 'transient' | 'permanent'; readonly error: string };

/**
 * Calls the effects service for jobs over keep-alive connections of its own, which `close()` ends:
 * a worker that has stopped leaves no socket holding its process open.
 */
export class EffectsClient {
  private readonly agent = new http.Agent({ keepAlive: true });

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  /** Makes the job's call with its id as the idempotency key: a repeat performs nothing twice. */
  call(job: Job, jobId: string): Promise<CallOutcome> {
    const { path, body } = serviceCall(job);
    const payload = JSON.stringify(body);
    return new Promise((resolve) => {
      const request = http.request(new URL(path, this.baseUrl), {
        method: 'POST',
        agent: this.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'idempotency-key': jobId },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      request.once('response', (response) => {
        response.resume();
        response.once('end', () => resolve(outcomeOf(response.statusCode ?? 0)));
        response.once('error', (error) => resolve({ kind: 'transient', error: `the answer broke off: ${error.message}` }));
      });
      request.once('error', (error) => resolve({ kind: 'transient', error: error.name === 'TimeoutError' || error.name === 'AbortError' ? `timeout: no answer within ${this.timeoutMs} ms` : `no answer: ${error.message}` }));
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function outcomeOf(status: number): CallOutcome {
  if (status >= 200 && status < 300) return { kind: 'done' };
  const error = `${status} ${STATUS_CODES[status] ?? ''}`.trim();
  return status === 429 || status >= 500 || status < 200 ? { kind: 'transient', error } : { kind: 'permanent', error };
}
