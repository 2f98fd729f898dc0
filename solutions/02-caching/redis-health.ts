import type { Redis } from 'ioredis';

/**
 * Whether Redis is usable now. After a failed command the service stops asking Redis (a request
 * would pay the timeout on every command) and a background probe PINGs it until it answers: every
 * `probeEveryMs`, and at once when the client has reconnected.
 */
export class RedisHealth<Client extends Redis = Redis> {
  private down = false;
  private probe: NodeJS.Timeout | undefined;
  private probing = false;
  private closed = false;

  constructor(
    private readonly redis: Client,
    private readonly probeEveryMs: number,
    /** Called when Redis answers again: what happened meanwhile was missed. */
    private readonly onRecovered: () => void,
  ) {
    // A reconnect is the likeliest moment for Redis to be back: do not wait for the next probe.
    redis.on('ready', () => {
      if (this.down) this.probeIn(0);
    });
  }

  get up(): boolean {
    return !this.down;
  }

  /** Runs a command unless Redis is down; a failure marks it down. Never throws. */
  async attempt<T>(command: (redis: Client) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    if (this.down) return { ok: false };
    try {
      return { ok: true, value: await command(this.redis) };
    } catch {
      this.markDown();
      return { ok: false };
    }
  }

  /** `/health` asks Redis itself, so an outage no request has met yet shows too. */
  async check(): Promise<boolean> {
    if (this.down) return false;
    return (await this.attempt((redis) => redis.ping())).ok;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.probe);
  }

  private markDown(): void {
    if (this.down || this.closed) return;
    this.down = true;
    this.probeIn(this.probeEveryMs);
  }

  private probeIn(ms: number): void {
    clearTimeout(this.probe);
    this.probe = setTimeout(() => void this.runProbe(), ms);
  }

  private async runProbe(): Promise<void> {
    if (this.closed || !this.down || this.probing) return;
    this.probing = true;
    const answered = await this.redis.ping().then(
      () => true,
      () => false,
    );
    this.probing = false;
    if (this.closed) return;
    if (answered) {
      this.down = false;
      this.onRecovered();
    } else {
      this.probeIn(this.probeEveryMs);
    }
  }
}
