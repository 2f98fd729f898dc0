import amqp, { type Channel, type ChannelModel } from 'amqplib';

/** The waits between reconnection tries: 100 ms, doubling, at most 2 s (SPEC.md#broker-restart). */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2000;

/**
 * A connection to the broker that comes back by itself. `setup` runs on every new connection
 * (channels, prefetch, queues, a consumer) and what it returns is what `ready()` hands out; while
 * the broker is away, `ready()` waits for the next connection. A channel `setup` watches that
 * closes on its own (a channel error) takes the connection down with it, so everything is set up
 * again in one place.
 */
export class BrokerConnection<T> {
  private current: { readonly connection: ChannelModel; readonly value: T; readonly channels: Channel[] } | undefined;
  private waiting: Array<(value: T) => void> = [];
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly url: string,
    private readonly setup: (connection: ChannelModel, watch: (channel: Channel) => void) => Promise<T>,
  ) {}

  /** Connects and sets up once; a broker that cannot be reached now is an error for the caller. */
  static async open<T>(url: string, setup: (connection: ChannelModel, watch: (channel: Channel) => void) => Promise<T>): Promise<BrokerConnection<T>> {
    const broker = new BrokerConnection(url, setup);
    await broker.connect();
    return broker;
  }

  /** What `setup` returned for the live connection, once there is one. */
  ready(): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The connection to the broker is closed.'));
    if (this.current) return Promise.resolve(this.current.value);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  get connected(): boolean {
    return this.current !== undefined;
  }

  /**
   * Closes the channels, then the connection. In that order: amqplib interleaves the frames of
   * its channels, and a connection closed at once can reach the broker before the acks just sent
   * on a channel, which the broker then drops, and gives the acked jobs out again.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    for (const channel of current.channels) await channel.close().catch(() => undefined);
    await current.connection.close().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    // noDelay: amqplib writes a publish as three frames; with Nagle's algorithm on, a lone
    // publish can wait for the broker's delayed ACK (~40 ms) before its last frames leave.
    const connection = await amqp.connect(this.url, { noDelay: true });
    connection.on('error', () => {}); // 'close' follows every error, and is where we act.
    connection.once('close', () => this.lost(connection));
    try {
      const channels: Channel[] = [];
      const value = await this.setup(connection, (channel) => {
        channels.push(channel);
        channel.once('close', () => this.drop(connection));
      });
      if (this.closed) return void (await connection.close().catch(() => undefined));
      this.current = { connection, value, channels };
      for (const resolve of this.waiting.splice(0)) resolve(value);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  /** A channel of this connection closed: nothing more goes out on it, and it is replaced. */
  private drop(connection: ChannelModel): void {
    if (this.current?.connection !== connection) return;
    this.current = undefined;
    connection.close().catch(() => undefined);
  }

  private lost(connection: ChannelModel): void {
    if (this.current?.connection === connection) this.current = undefined;
    if (!this.closed) this.reconnect(0);
  }

  private reconnect(tries: number): void {
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** tries);
    this.retryTimer = setTimeout(() => {
      this.connect().catch(() => {
        if (!this.closed) this.reconnect(tries + 1);
      });
    }, delay);
  }
}
