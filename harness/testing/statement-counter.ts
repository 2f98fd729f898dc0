import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of PostgreSQL that counts the statements clients run: an exact
 * counter no machine speed changes, for targets such as "one query per request". It reads only
 * the client's side of the wire protocol (https://www.postgresql.org/docs/current/protocol-message-formats.html):
 * after the untyped startup message, each message is a type byte and an int32 length. A simple
 * Query ('Q') or an Execute ('E') of the extended protocol runs one statement; BEGIN and COMMIT
 * count too, because each is a round trip the request waits for. On the server's side it counts
 * DataRow ('D') messages: the rows a request made PostgreSQL send, which a missing LIMIT shows.
 */
export class StatementCounter implements AsyncDisposable {
  private statements = 0;
  private rows = 0;
  private connections = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  /** Starts a proxy to `host:port` on 127.0.0.1 and a free port. */
  static async start(host: string, port: number): Promise<StatementCounter> {
    let counter: StatementCounter | undefined;
    const server = createServer((client) => counter!.relay(client, host, port));
    counter = new StatementCounter(server);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    return counter;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** The same connection URI, pointed at the proxy. */
  proxyUrl(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  /** Statements run, rows sent back and new connections since the last reset. */
  read(): { statements: number; rows: number; connections: number } {
    return { statements: this.statements, rows: this.rows, connections: this.connections };
  }

  reset(): void {
    this.statements = 0;
    this.rows = 0;
    this.connections = 0;
  }

  private relay(client: Socket, host: string, port: number): void {
    this.connections++;
    const server = connect({ host, port });
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        server.destroy();
      });
    }
    let pending = Buffer.alloc(0);
    let started = false;
    // Answers to an SSLRequest or GSSENCRequest: one untyped byte each, before any typed message.
    let untypedReplies = 0;
    client.on('data', (chunk: Buffer) => {
      server.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        // The startup message (and an SSLRequest before it) has no type byte: int32 length first.
        const header = started ? 5 : 4;
        if (pending.length < header) break;
        const length = started ? pending.readInt32BE(1) + 1 : pending.readInt32BE(0);
        if (pending.length < length) break;
        const type = started ? String.fromCharCode(pending[0]!) : '';
        // An SSLRequest or GSSENCRequest (8 bytes) is followed by the real startup message.
        if (!started && length === 8 && [80877103, 80877104].includes(pending.readInt32BE(4))) untypedReplies++;
        else if (!started) started = true;
        if (type === 'Q' || type === 'E') this.statements++;
        pending = pending.subarray(length);
      }
    });
    let answers = Buffer.alloc(0);
    server.on('data', (chunk: Buffer) => {
      client.write(chunk);
      answers = Buffer.concat([answers, chunk]);
      for (;;) {
        if (untypedReplies > 0 && answers.length > 0) {
          untypedReplies--;
          answers = answers.subarray(1);
          continue;
        }
        if (answers.length < 5) break;
        const length = answers.readInt32BE(1) + 1;
        if (answers.length < length) break;
        if (answers[0] === 0x44) this.rows++; // 'D': DataRow
        answers = answers.subarray(length);
      }
    });
    client.on('end', () => server.end());
    server.on('end', () => client.end());
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
