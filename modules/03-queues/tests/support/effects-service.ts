import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/**
 * What the service does with one call for a subject (an image or a user): answer a status,
 * succeed, hold the call until the test releases it, or never answer.
 */
export type Step = number | 'ok' | 'hold' | 'hang';

/** One call the service received, as the tests read it. */
export interface ServiceCall {
  readonly path: string;
  /** The `Idempotency-Key` header, or undefined without one. */
  readonly key: string | undefined;
  readonly body: Record<string, unknown>;
  /** The image or user the call is for. */
  readonly subject: string;
  readonly receivedAt: number;
  answeredAt?: number;
  status?: number;
  /** The caller hung up (or died) before the answer. */
  aborted: boolean;
  /** This call performed the effect (a success for a key not performed before, or an unkeyed one). */
  performed: boolean;
}

interface Held {
  readonly call: ServiceCall;
  readonly answer: () => void;
}

/**
 * The effects service of SPEC.md#the-effects-service, run by the harness on loopback: it performs
 * an effect once per `Idempotency-Key` and counts every effect and every call by key, so "exactly
 * once in effect" and "none lost" are counted, not guessed. A test scripts what each subject's
 * calls get (`plan`), or holds every call (`holdAll`) to catch a worker with jobs in flight.
 */
export class EffectsService implements AsyncDisposable {
  readonly calls: ServiceCall[] = [];
  private readonly plans = new Map<string, Step[]>();
  private readonly answers = new Map<string, { status: number; body: string }>();
  /** Keys whose first call is still being answered: a second call waits for it. */
  private readonly pending = new Map<string, Promise<void>>();
  private held: Held[] = [];
  private holdingAll = false;
  private inFlightNow = 0;
  private inFlightMax = 0;
  private readonly listeners = new Set<() => void>();
  private readonly performedWaiters = new Map<string, () => void>();
  /** How long every successful call takes to answer (the work itself). */
  latencyMs = 0;

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<EffectsService> {
    let service: EffectsService | undefined;
    const server = http.createServer((request, response) => void service!.handle(request, response));
    server.keepAliveTimeout = 1000;
    service = new EffectsService(server);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** The next calls for a subject get these steps in order; after them, success. */
  plan(subject: string, steps: readonly Step[]): void {
    this.plans.set(subject, [...steps]);
  }

  /** Every call from now on is held until `releaseAll()`, or `release(n)`. */
  holdAll(): void {
    this.holdingAll = true;
  }

  /** Answers the calls held so far; with `stopHolding`, calls after it are answered at once. */
  releaseAll(stopHolding = true): void {
    if (stopHolding) this.holdingAll = false;
    for (const held of this.held.splice(0)) held.answer();
  }

  get heldCount(): number {
    return this.held.filter((held) => !held.call.aborted).length;
  }

  /** Calls received and not yet answered or abandoned, now and at most so far. */
  get inFlight(): number {
    return this.inFlightNow;
  }

  get maxInFlight(): number {
    return this.inFlightMax;
  }

  resetMaxInFlight(): void {
    this.inFlightMax = this.inFlightNow;
  }

  /** Effects performed for a job's key (0, 1, or more for a service that was called without it). */
  effectsOf(key: string): number {
    return this.calls.filter((call) => call.key === key && call.performed).length;
  }

  callsOf(key: string): ServiceCall[] {
    return this.calls.filter((call) => call.key === key);
  }

  callsFor(subject: string): ServiceCall[] {
    return this.calls.filter((call) => call.subject === subject);
  }

  /** Resolves once an effect was performed for the key: the timed runs wait on it per job. */
  whenPerformed(key: string): Promise<void> {
    if (this.calls.some((call) => call.key === key && call.performed)) return Promise.resolve();
    return new Promise((resolve) => this.performedWaiters.set(key, resolve));
  }

  /** Effects performed in all, keyed or not. */
  get effects(): number {
    return this.calls.filter((call) => call.performed).length;
  }

  /** Resolves once `condition()` holds (checked after every call and answer), or after `timeoutMs` with false. */
  async until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    if (condition()) return true;
    return new Promise((resolve) => {
      const check = (): void => {
        if (!condition()) return;
        finish(true);
      };
      const timer = setTimeout(() => finish(condition()), timeoutMs);
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(result);
      };
      this.listeners.add(check);
    });
  }

  async close(): Promise<void> {
    this.releaseAll();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      // A body that is not JSON is answered 400 below.
    }
    const header = request.headers['idempotency-key'];
    const call: ServiceCall = {
      path: request.url ?? '',
      key: typeof header === 'string' && header !== '' ? header : undefined,
      body,
      subject: String(body.imageId ?? body.userId ?? ''),
      receivedAt: performance.now(),
      aborted: false,
      performed: false,
    };
    this.calls.push(call);
    this.inFlightNow++;
    this.inFlightMax = Math.max(this.inFlightMax, this.inFlightNow);
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      this.inFlightNow--;
      this.changed();
    };
    response.once('close', () => {
      if (!response.writableFinished) call.aborted = true;
      settle();
    });
    this.changed();

    const step = this.plans.get(call.subject)?.shift() ?? 'ok';
    if (step === 'hang') return;
    if (step === 'hold' || this.holdingAll) {
      const released = new Promise<void>((resolve) => this.held.push({ call, answer: resolve }));
      this.changed();
      await released;
    }
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (call.aborted) return;
    await this.answer(call, step === 'hold' ? 'ok' : step, response);
    settle();
  }

  private async answer(call: ServiceCall, step: number | 'ok', response: ServerResponse): Promise<void> {
    const valid = (call.path === '/thumbnails' && typeof call.body.imageId === 'string' && Number.isInteger(call.body.width)) || (call.path === '/emails' && typeof call.body.to === 'string' && call.body.template === 'welcome' && typeof call.body.userId === 'string');
    if (!valid) return void (await this.send(call, response, call.path === '/thumbnails' || call.path === '/emails' ? 400 : 404, { error: 'not a call this service takes' }));
    if (step !== 'ok') return void (await this.send(call, response, step, { error: `scripted ${step}` }));
    if (call.key === undefined) return this.perform(call, response);
    // One effect per key: a second call waits for the first to be answered, then gets its answer.
    while (this.pending.has(call.key)) await this.pending.get(call.key);
    const earlier = this.answers.get(call.key);
    if (earlier) return void (await this.send(call, response, earlier.status, JSON.parse(earlier.body) as object));
    let done!: () => void;
    this.pending.set(call.key, new Promise<void>((resolve) => (done = resolve)));
    try {
      await this.perform(call, response);
    } finally {
      this.pending.delete(call.key);
      done();
    }
  }

  /** Answers success; the effect counts once the answer was handed to a caller still there. */
  private async perform(call: ServiceCall, response: ServerResponse): Promise<void> {
    const [status, body] = call.path === '/thumbnails' ? [201, { url: `https://images.test/${encodeURIComponent(call.subject)}-${String(call.body.width)}.png` }] : [202, { messageId: randomUUID() }];
    const sent = await this.send(call, response, status, body);
    if (!sent) return;
    call.performed = true;
    if (call.key !== undefined) {
      this.answers.set(call.key, { status, body: JSON.stringify(body) });
      this.performedWaiters.get(call.key)?.();
      this.performedWaiters.delete(call.key);
    }
    this.changed();
  }

  private send(call: ServiceCall, response: ServerResponse, status: number, body: object): Promise<boolean> {
    if (call.aborted || response.destroyed) return Promise.resolve(false);
    call.status = status;
    call.answeredAt = performance.now();
    return new Promise((resolve) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body), () => resolve(!call.aborted));
      response.once('close', () => resolve(response.writableFinished && !call.aborted));
    });
  }
}
