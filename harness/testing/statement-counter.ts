import { TcpRelay, type RelayedConnection } from './tcp-relay.ts';

interface MessageHandlers {
  /**
   * How long the untyped message at the front of `buffer` is (the startup message, the one-byte
   * answer to an SSLRequest), Infinity when that cannot be told yet, or 0 when the next message is
   * typed: a type byte, then an int32 length that counts itself.
   */
  untypedLength(buffer: Buffer): number;
  onUntyped(message: Buffer): void;
  onTyped(type: number): void;
}

/** Splits one direction of a protocol stream into whole messages, however the chunks fall. */
function messageReader(handlers: MessageHandlers): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      const untyped = handlers.untypedLength(pending);
      const length = untyped > 0 ? untyped : pending.length >= 5 ? pending.readInt32BE(1) + 1 : Infinity;
      if (pending.length < length) return;
      if (untyped > 0) handlers.onUntyped(pending.subarray(0, length));
      else handlers.onTyped(pending[0]!);
      pending = pending.subarray(length);
    }
  };
}

interface ConnectionReaders {
  fromClient(chunk: Buffer): void;
  fromServer(chunk: Buffer): void;
}

const SSL_OR_GSS_REQUEST = [80877103, 80877104];

/**
 * A loopback TCP proxy in front of PostgreSQL that counts the statements clients run: an exact
 * counter no machine speed changes, for targets such as "one query per request". It reads the
 * wire protocol's framing (https://www.postgresql.org/docs/current/protocol-message-formats.html)
 * on both sides. From the client, a simple Query ('Q') or an Execute ('E') of the extended
 * protocol runs one statement; BEGIN and COMMIT count too, because each is a round trip the
 * request waits for. From the server, each DataRow ('D') is a row the request made PostgreSQL
 * send, which a missing LIMIT shows.
 */
export class StatementCounter implements AsyncDisposable {
  private statements = 0;
  private rows = 0;

  private constructor(private readonly relay: TcpRelay) {}

  /** Starts a proxy to `host:port` on 127.0.0.1 and a free port. */
  static async start(host: string, port: number): Promise<StatementCounter> {
    let counter: StatementCounter | undefined;
    const readers = new WeakMap<RelayedConnection, ConnectionReaders>();
    const readersOf = (connection: RelayedConnection): ConnectionReaders => {
      let found = readers.get(connection);
      if (!found) readers.set(connection, (found = counter!.readers()));
      return found;
    };
    const relay = await TcpRelay.start(host, port, {
      fromClient: (chunk, connection) => readersOf(connection).fromClient(chunk),
      fromServer: (chunk, connection) => readersOf(connection).fromServer(chunk),
    });
    counter = new StatementCounter(relay);
    return counter;
  }

  get port(): number {
    return this.relay.port;
  }

  /** The same connection URI, pointed at the proxy. */
  proxyUrl(url: string): string {
    return this.relay.proxyUrl(url);
  }

  /** Statements run and rows sent back since the last reset. */
  read(): { statements: number; rows: number } {
    return { statements: this.statements, rows: this.rows };
  }

  reset(): void {
    this.statements = 0;
    this.rows = 0;
  }

  /** The two message readers of one connection, which count into this counter. */
  private readers(): ConnectionReaders {
    // The client opens with untyped messages: maybe an SSLRequest or GSSENCRequest (8 bytes, each
    // answered by one untyped byte), then the startup message; everything after is typed.
    let started = false;
    let untypedReplies = 0;
    const fromClient = messageReader({
      untypedLength: (buffer) => (started ? 0 : buffer.length < 4 ? Infinity : buffer.readInt32BE(0)),
      onUntyped: (message) => {
        if (message.length === 8 && SSL_OR_GSS_REQUEST.includes(message.readInt32BE(4))) untypedReplies++;
        else started = true;
      },
      onTyped: (type) => {
        if (type === 0x51 || type === 0x45) this.statements++; // 'Q' Query, 'E' Execute
      },
    });
    const fromServer = messageReader({
      untypedLength: () => (untypedReplies > 0 ? 1 : 0),
      onUntyped: () => untypedReplies--,
      onTyped: (type) => {
        if (type === 0x44) this.rows++; // 'D' DataRow
      },
    });
    return { fromClient, fromServer };
  }

  close(): Promise<void> {
    return this.relay.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
