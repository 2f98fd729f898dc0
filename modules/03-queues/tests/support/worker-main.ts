// A worker process as the harness starts it (SPEC.md#the-pieces): a fresh Node that imports the
// implementation under test and calls runWorkerProcess(options), then leaves the process to it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const READY = 'WB_WORKER_READY';
const moduleDir = process.env.WB_WORKER_MODULE_DIR;
const options = process.env.WB_WORKER_OPTIONS;
if (!moduleDir || !options) throw new Error('worker-main.ts is started by the harness (modules/03-queues/tests/support/worker-process.ts).');

try {
  const { runWorkerProcess } = (await import(pathToFileURL(path.join(moduleDir, 'index.ts')).href)) as { runWorkerProcess(options: unknown): Promise<void> };
  await runWorkerProcess(JSON.parse(options));
  process.stdout.write(`${READY}\n`);
} catch (error) {
  process.stderr.write(`runWorkerProcess() failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(3);
}
