import { defineModule } from '../../harness/manifest.ts';

export default defineModule({
  id: '03-queues',
  title: 'Queues: background jobs on RabbitMQ',
  summary: 'Thumbnails and welcome e-mails as background jobs on RabbitMQ: publisher confirms, bounded prefetch, acks after the effect, retries with backoff in delay queues, dead letters, poison messages, idempotent effects, and workers that survive being killed, stopped and cut off from the broker.',
  dependencies: ['rabbitmq'],
  // Its first requirement's tests restart a broker of their own (~25 s); these take half a second.
  quickRequirement: 'poison-messages',
  requirements: [
    { id: 'confirmed-enqueue', title: 'enqueue() resolves once the broker confirmed a persistent job on a durable queue', points: 12 },
    { id: 'bounded-concurrency', title: 'A worker holds at most `concurrency` jobs at once (prefetch)', points: 8 },
    { id: 'retry-backoff', title: 'Transient failures are retried with exponential backoff, waiting in the broker', points: 12 },
    { id: 'dead-letters', title: 'Jobs that cannot be done end up on queue.dead with their last error', points: 10 },
    { id: 'poison-messages', title: 'A malformed message is dead-lettered at once, never looped', points: 6 },
    { id: 'idempotency', title: 'A job delivered twice takes effect once', points: 10 },
    { id: 'crash-recovery', title: 'Acks after the effect: a killed worker loses no job', points: 12 },
    { id: 'graceful-shutdown', title: 'SIGTERM: stop taking jobs, finish those in flight, exit 0', points: 10 },
    { id: 'broker-restart', title: 'Producers and workers reconnect with backoff and lose no confirmed job', points: 12 },
    { id: 'observability', title: 'stats() and depth() count exactly', points: 4 },
    { id: 'throughput', title: 'Jobs through the queue meet their targets', points: 4 },
  ],
  targets: [
    { kind: 'counter', requirement: 'throughput', measure: 'basic.publish frames per job in the throughput run', max: 1 },
    { kind: 'counter', requirement: 'throughput', measure: 'basic.deliver frames per job in the throughput run', max: 1 },
    { kind: 'counter', requirement: 'throughput', measure: 'basic.publish frames on the wire before the first confirm, of 20 concurrent enqueue() calls', min: 20 },
    // The reference's runs on the reference machine, 2026-12-06 (producer, worker, effects service
    // and the frame-counting relay in one process): 1.2k-1.5k jobs/s, p99 32-47 ms. The bounds
    // leave it a margin.
    { kind: 'operation', requirement: 'throughput', operation: 'a job from enqueue() to its effect', count: 2000, concurrency: 32, p99Ms: 80, minOperationsPerSecond: 800, baseline: 'rabbitmq' },
  ],
});
