export { createProducer } from './producer.ts';
export { startWorker } from './worker.ts';
export { runWorkerProcess } from './worker-process.ts';
export type { Job, Producer, QueueOptions, RetryPolicy, Worker, WorkerOptions, WorkerStats } from './types.ts';
