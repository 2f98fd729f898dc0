import { notImplemented } from '#not-implemented';
import type { WorkerOptions } from './types.ts';

/**
 * What a worker process runs (SPEC.md#graceful-shutdown): starts a worker, and resolves once it
 * consumes. On SIGTERM: stop taking jobs, finish those in flight, close everything, and let the
 * process exit with code 0 by itself.
 */
export async function runWorkerProcess(options: WorkerOptions): Promise<void> {
  // TODO(graceful-shutdown): startWorker(options), then process.once('SIGTERM', …) → worker.close().
  throw notImplemented('03-queues', 'graceful-shutdown', 'runWorkerProcess()');
}
