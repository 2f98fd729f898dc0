import type { RelayHooks, RelayedConnection } from './tcp-relay.ts';

/** An AMQP 0-9-1 method by its class and method ids, as `basic.publish` names 60/40. */
const METHOD_NAMES: Readonly<Record<string, string>> = {
  '60.40': 'basic.publish',
  '60.60': 'basic.deliver',
  '60.70': 'basic.get',
  '60.71': 'basic.get-ok',
  '60.80': 'basic.ack',
  '60.90': 'basic.reject',
  '60.120': 'basic.nack',
  '60.110': 'basic.recover',
};

const FRAME_METHOD = 1;
const FRAME_END = 0xce;
const PROTOCOL_HEADER = 8;

/**
 * Counts the AMQP methods that cross a TCP relay, per direction: the harness's exact counters for
 * a broker (messages published per job, deliveries per job), read from the wire, so they hold
 * whatever client library the learner chose. Frames split across TCP chunks are reassembled.
 */
export class AmqpFrameCounter {
  private readonly counts = new Map<string, number>();
  private readonly parsers = new WeakMap<RelayedConnection, { client: FrameParser; server: FrameParser }>();

  /** Hooks for TcpRelay.start(): `basic.publish` from clients, `basic.deliver` from the broker. */
  readonly hooks: RelayHooks = {
    fromClient: (chunk, connection) => this.parsersOf(connection).client.push(chunk),
    fromServer: (chunk, connection) => this.parsersOf(connection).server.push(chunk),
  };

  /** How many of a method crossed: `count('basic.publish')`. */
  count(method: string): number {
    return this.counts.get(method) ?? 0;
  }

  reset(): void {
    this.counts.clear();
  }

  private parsersOf(connection: RelayedConnection): { client: FrameParser; server: FrameParser } {
    let parsers = this.parsers.get(connection);
    if (!parsers) {
      const seen = (name: string): void => void this.counts.set(name, this.count(name) + 1);
      parsers = { client: new FrameParser(seen, PROTOCOL_HEADER), server: new FrameParser(seen, 0) };
      this.parsers.set(connection, parsers);
    }
    return parsers;
  }
}

/** Frame by frame over one direction of one connection: type, channel, size, payload, end octet. */
class FrameParser {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    private readonly seen: (method: string) => void,
    /** The client's first bytes are the protocol header `AMQP\0\0\9\1`, not a frame. */
    private skip: number,
  ) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    if (this.skip > 0) {
      const skipped = Math.min(this.skip, this.buffer.length);
      this.buffer = this.buffer.subarray(skipped);
      this.skip -= skipped;
    }
    while (this.buffer.length >= 7) {
      const size = this.buffer.readUInt32BE(3);
      if (this.buffer.length < 7 + size + 1) return;
      const type = this.buffer.readUInt8(0);
      if (this.buffer.readUInt8(7 + size) !== FRAME_END) throw new Error('The relay lost track of the AMQP frames (no frame-end octet where one belongs).');
      if (type === FRAME_METHOD && size >= 4) {
        const name = METHOD_NAMES[`${this.buffer.readUInt16BE(7)}.${this.buffer.readUInt16BE(9)}`];
        if (name) this.seen(name);
      }
      this.buffer = this.buffer.subarray(7 + size + 1);
    }
  }
}
