import type { RabbitMQContainer, StartedRabbitMQContainer } from '@testcontainers/rabbitmq';
import { startContainer, type StartedContainerServer } from '../containers/container-server.ts';
import { imageFor } from '../images.ts';
import type { RabbitmqInfo } from '../types.ts';
import { pingRabbitmq } from './ping-rabbitmq.ts';
import { rabbitmqUri } from './rabbitmq-uri.ts';

/**
 * RabbitMQ in a container through Testcontainers' official module (its wait strategy: the
 * broker's "Server startup complete"), on the shared container base. The image is pinned in
 * harness/deps/images.ts and overridable with WB_RABBITMQ_IMAGE.
 */
export function startContainerRabbitmq(persistent: boolean): Promise<StartedContainerServer<RabbitmqInfo>> {
  const image = imageFor('rabbitmq');
  return startContainer<RabbitmqInfo, RabbitMQContainer, StartedRabbitMQContainer>(
    {
      kind: 'rabbitmq',
      port: 5672,
      module: async () => (await import('@testcontainers/rabbitmq')).RabbitMQContainer,
      info: (started, resourceId) => ({
        kind: 'rabbitmq',
        backend: 'containers',
        host: started.getHost(),
        port: started.getMappedPort(5672),
        uri: rabbitmqUri(started.getHost(), started.getMappedPort(5672)),
        serverVersion: `RabbitMQ in ${image}`,
        resourceId,
      }),
      answers: (info) => pingRabbitmq(info.uri, 1000),
      // A clean stop takes the broker ~1 s; the engine kills it after this.
      stopGraceSeconds: 10,
    },
    image,
    persistent,
  );
}
