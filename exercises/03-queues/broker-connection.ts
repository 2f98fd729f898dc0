import type { Channel, ChannelModel } from 'amqplib';
import { notImplemented } from '#not-implemented';

/**
 * A connection to the broker that comes back by itself (SPEC.md#broker-restart). `setup` runs on
 * every new connection (channels, prefetch, queues, a consumer) and what it returns is what
 * `ready()` hands out; while the broker is away, `ready()` waits for the next connection.
 * `watch(channel)` ties a channel to the connection: if it closes on its own, set everything up
 * again. A suggested shape; any other that meets the SPEC is as good.
 */
export class BrokerConnection<T> {
  /** Connects and sets up once; a broker that cannot be reached now is an error for the caller. */
  static async open<T>(url: string, setup: (connection: ChannelModel, watch: (channel: Channel) => void) => Promise<T>): Promise<BrokerConnection<T>> {
    // TODO(broker-restart): amqp.connect(url, { noDelay: true }); on the connection's 'close'
    // event, reconnect after a wait that doubles from ~100 ms up to 2 s, and run setup again.
    throw notImplemented('03-queues', 'broker-restart', 'BrokerConnection.open()');
  }

  /** What `setup` returned for the live connection, once there is one. */
  ready(): Promise<T> {
    throw notImplemented('03-queues', 'broker-restart', 'BrokerConnection.ready()');
  }

  get connected(): boolean {
    throw notImplemented('03-queues', 'broker-restart', 'BrokerConnection.connected');
  }

  /** Closes the channels, then the connection, and stops reconnecting. */
  async close(): Promise<void> {
    throw notImplemented('03-queues', 'graceful-shutdown', 'BrokerConnection.close()');
  }
}
