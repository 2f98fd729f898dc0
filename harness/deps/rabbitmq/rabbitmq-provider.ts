import amqp from 'amqplib';
import type { DependencyProvider } from '../provider.ts';
import { rabbitmqClientBaseline } from './client-baseline.ts';
import { startContainerRabbitmq } from './container-rabbitmq.ts';
import { findRabbitmq, rabbitmqInstallHint, rabbitmqPackages } from './find-rabbitmq.ts';
import { startNativeRabbitmq } from './native-rabbitmq.ts';
import { pingRabbitmq } from './ping-rabbitmq.ts';

export const rabbitmqProvider: DependencyProvider<'rabbitmq'> = {
  kind: 'rabbitmq',
  packages: rabbitmqPackages,
  nativeMissing: () => (findRabbitmq() ? undefined : { missing: "no `rabbitmq-server` (with Erlang's `epmd`) on PATH or under /usr/lib/rabbitmq/bin", install: rabbitmqInstallHint() }),
  nativeFound: () => findRabbitmq()?.server ?? 'not found',
  start: ({ backend, persistent }) => (backend === 'native' ? startNativeRabbitmq(persistent) : startContainerRabbitmq(persistent)),
  ping: (info, timeoutMs) => pingRabbitmq(info.uri, timeoutMs),
  baseline: {
    description: 'a Fastify route with one AMQP round trip (queue.declare passive)',
    open: (info) => {
      const opened = amqp.connect(info.uri, { noDelay: true }).then(async (connection) => {
        connection.on('error', () => {});
        const channel = await connection.createChannel();
        const { queue } = await channel.assertQueue('', { exclusive: true });
        return { connection, channel, queue };
      });
      return {
        roundTrip: async (n) => {
          const { channel, queue } = await opened;
          await channel.checkQueue(queue);
          return { n };
        },
        close: async () => void (await (await opened).connection.close().catch(() => undefined)),
      };
    },
  },
  clientBaseline: rabbitmqClientBaseline,
  warmUp: async () => {
    const started = performance.now();
    const server = await startNativeRabbitmq(false);
    await server.stop();
    return `RabbitMQ starts and answers (${Math.round(performance.now() - started)} ms; every run starts its own broker, \`wb deps up\` keeps one)`;
  },
};
