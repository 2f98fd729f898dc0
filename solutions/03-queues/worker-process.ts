import type { WorkerOptions } from './types.ts';
import { startWorker } from './worker.ts';

/**
 * A worker process: starts a worker and, on SIGTERM, shuts it down gracefully. With its
 * connection, channels and sockets closed nothing is left to keep the process alive, so it exits
 * by itself, with code 0 (SPEC.md#graceful-shutdown).
 */
export async function runWorkerProcess(options: WorkerOptions): Promise<void> {
  const worker = await startWorker(options);
  process.once('SIGTERM', () => {
    worker.close().catch((error: unknown) => {
      console.error('The worker could not shut down cleanly:', error);
      process.exitCode = 1;
    });
  });
}
