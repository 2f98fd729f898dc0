import { TcpRelay, type RelayedConnection } from '../../../../harness/testing/tcp-relay.ts';

/** A hold on one instance's Redis traffic, armed for the next command that mentions a text. */
export interface ReplyHold {
  /** Resolves once such a command went to Redis: it has run there, but its reply waits. */
  readonly sent: Promise<void>;
  /** Lets the held replies through, in order (whether or not the command came). */
  release(): void;
}

/**
 * A relay between one instance and Redis that can hold the replies to a chosen command, so a test
 * can make another instance act between that command and the instance's next one: an ordering a
 * race test needs on every run, which a round trip of a fraction of a millisecond never gives by
 * chance. Commands are found by a text in their bytes (a key, a command's name): RESP sends
 * both as they are.
 */
export class ReplyHolder implements AsyncDisposable {
  private armed: { text: string; matched: (connection: RelayedConnection) => void } | undefined;

  private constructor(
    private readonly relay: TcpRelay,
    readonly url: string,
  ) {}

  static async start(redisUrl: string): Promise<ReplyHolder> {
    const target = new URL(redisUrl);
    let holder: ReplyHolder | undefined;
    const relay = await TcpRelay.start(target.hostname, Number(target.port), {
      fromClient: (chunk, connection) => holder!.look(chunk, connection),
    });
    holder = new ReplyHolder(relay, relay.proxyUrl(redisUrl));
    return holder;
  }

  /** Holds the replies on the connection that next sends a command holding `text` (ASCII, any case). */
  holdAfter(text: string): ReplyHold {
    let connection: RelayedConnection | undefined;
    let released = false;
    const sent = new Promise<void>((resolve) => {
      this.armed = {
        text: text.toLowerCase(),
        matched: (matched) => {
          connection = matched;
          if (!released) matched.holdReplies();
          resolve();
        },
      };
    });
    return {
      sent,
      release: () => {
        released = true;
        if (this.armed?.text === text.toLowerCase()) this.armed = undefined;
        connection?.releaseReplies();
      },
    };
  }

  private look(chunk: Buffer, connection: RelayedConnection): void {
    const armed = this.armed;
    if (!armed || !chunk.toString('latin1').toLowerCase().includes(armed.text)) return;
    this.armed = undefined;
    armed.matched(connection);
  }

  close(): Promise<void> {
    return this.relay.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
