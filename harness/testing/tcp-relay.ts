import { createServer, connect, type Server, type Socket } from 'node:net';

/** One client's connection through the relay, as its hooks see it. */
export interface RelayedConnection {
  /** Keeps the server's bytes for this client until `releaseReplies()`; they are then sent in order. */
  holdReplies(): void;
  releaseReplies(): void;
}

/**
 * What a relay does with the bytes it passes on, per direction. A hook runs before its chunk is
 * forwarded, so a hold it starts covers the answer to that very chunk.
 */
export interface RelayHooks {
  /** A client connected (counted even when the server behind refuses it). */
  connected?(connection: RelayedConnection): void;
  fromClient?(chunk: Buffer, connection: RelayedConnection): void;
  fromServer?(chunk: Buffer, connection: RelayedConnection): void;
}

/**
 * A loopback TCP relay in front of a server, which a test points one client at to watch or delay
 * its traffic: the base of the harness's exact counters (statements per request) and of the
 * orderings a race test has to force (a reply held until another instance has acted).
 */
export class TcpRelay implements AsyncDisposable {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly hooks: RelayHooks,
  ) {}

  /** Starts a relay to `host:port` on 127.0.0.1 and a free port. */
  static async start(host: string, port: number, hooks: RelayHooks = {}): Promise<TcpRelay> {
    let relay: TcpRelay | undefined;
    const server = createServer((client) => relay!.relay(client, host, port));
    relay = new TcpRelay(server, hooks);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** The same connection URL, pointed at the relay. */
  proxyUrl(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  private relay(client: Socket, host: string, port: number): void {
    const server = connect({ host, port });
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        server.destroy();
      });
    }
    let held: Buffer[] | undefined;
    const connection: RelayedConnection = {
      holdReplies: () => {
        held ??= [];
      },
      releaseReplies: () => {
        const chunks = held ?? [];
        held = undefined;
        for (const chunk of chunks) client.write(chunk);
      },
    };
    this.hooks.connected?.(connection);
    client.on('data', (chunk: Buffer) => {
      this.hooks.fromClient?.(chunk, connection);
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => {
      this.hooks.fromServer?.(chunk, connection);
      if (held) held.push(chunk);
      else client.write(chunk);
    });
    client.on('end', () => server.end());
    server.on('end', () => {
      connection.releaseReplies();
      client.end();
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
