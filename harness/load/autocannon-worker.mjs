// Runs autocannon on its own thread so the load generator does not share an event loop with the
// server under test (they still share the machine's cores, which the machine factor accounts
// for). Plain JavaScript: a worker thread does not inherit the tsx loader.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

function run({ url, connections, durationSeconds, requests, headers, timeoutSeconds }, record) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statusCounts = {};
    const instance = autocannon(
      { url, connections, duration: durationSeconds, requests, headers, timeout: timeoutSeconds },
      (error, result) => (error ? reject(error) : resolve({ result, latencies, statusCounts })),
    );
    // autocannon's own percentiles are whole milliseconds rounded down (measured-facts.md);
    // each response's hrtime duration is exact, so keep those.
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (!record) return;
      latencies.push(responseTimeMs);
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
    });
  });
}

const options = workerData;
if (options.warmupSeconds > 0) await run({ ...options, durationSeconds: options.warmupSeconds }, false);
const startedAt = performance.now();
const { result, latencies, statusCounts } = await run(options, true);
const elapsedSeconds = (performance.now() - startedAt) / 1000;
parentPort.postMessage({
  latencies: Float64Array.from(latencies),
  statusCounts,
  elapsedSeconds,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
});
