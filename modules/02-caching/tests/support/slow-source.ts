import { setTimeout as sleep } from 'node:timers/promises';
import type { Product, ProductSource } from '@wb/target/02-caching/types.ts';

export interface SlowSourceOptions {
  /** @default 20 */
  readonly readLatencyMs?: number;
  /** @default 40 */
  readonly writeLatencyMs?: number;
}

/**
 * The catalogue's source of truth as the harness supplies it: slow on purpose, and counting every
 * call per id, which is what the cache's grades are made of. Reads see the state at the end of
 * their latency and writes take effect at the end of theirs, as a database's would. Products are
 * kept as JSON text, so each read hands out a fresh object and keys like `__proto__` stay data.
 */
export class SlowSource implements ProductSource {
  private readonly stored = new Map<string, string>();
  private readonly reads = new Map<string, number>();
  private readonly readLatency = new Map<string, number[]>();
  private readonly failures = new Map<string, number>();
  private readonly holds = new Map<string, { ms: number; taken: () => void }>();
  readonly readLatencyMs: number;
  readonly writeLatencyMs: number;
  writes = 0;

  constructor(options: SlowSourceOptions = {}) {
    this.readLatencyMs = options.readLatencyMs ?? 20;
    this.writeLatencyMs = options.writeLatencyMs ?? 40;
  }

  async get(id: string): Promise<Product | undefined> {
    this.reads.set(id, (this.reads.get(id) ?? 0) + 1);
    const latency = this.readLatency.get(id)?.shift() ?? this.readLatencyMs;
    await sleep(latency);
    const failing = this.failures.get(id) ?? 0;
    if (failing > 0) {
      this.failures.set(id, failing - 1);
      throw new Error(`the source failed to read '${id}' (a failure the test asked for)`);
    }
    const json = this.stored.get(id);
    const hold = this.holds.get(id);
    if (hold) {
      this.holds.delete(id);
      hold.taken();
      await sleep(hold.ms);
    }
    return json === undefined ? undefined : (JSON.parse(json) as Product);
  }

  async put(product: Product): Promise<Product> {
    this.writes++;
    const json = JSON.stringify(product);
    await sleep(this.writeLatencyMs);
    this.stored.set(product.id, json);
    return JSON.parse(json) as Product;
  }

  async delete(id: string): Promise<boolean> {
    this.writes++;
    await sleep(this.writeLatencyMs);
    return this.stored.delete(id);
  }

  /** Removes a product at once, without a call counted (a change made by another path). */
  forget(id: string): void {
    this.stored.delete(id);
  }

  /** Puts a product in place at once, without a call counted (the test's own set-up). */
  seed(...products: Product[]): void {
    for (const product of products) this.stored.set(product.id, JSON.stringify(product));
  }

  current(id: string): Product | undefined {
    const json = this.stored.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as Product);
  }

  /** Source reads of one id so far. */
  readsOf(id: string): number {
    return this.reads.get(id) ?? 0;
  }

  /** Source reads of every id so far. */
  get totalReads(): number {
    let total = 0;
    for (const count of this.reads.values()) total += count;
    return total;
  }

  /** The most reads any one id got, and which. */
  mostReadId(): { id: string; reads: number } {
    let most = { id: '', reads: 0 };
    for (const [id, reads] of this.reads) if (reads > most.reads) most = { id, reads };
    return most;
  }

  /** The next reads of `id` take these latencies, one each, then the usual one. */
  slowDown(id: string, ...latenciesMs: number[]): void {
    this.readLatency.set(id, [...(this.readLatency.get(id) ?? []), ...latenciesMs]);
  }

  /**
   * The next read of `id` takes its snapshot after its usual latency, then returns it `ms` later:
   * the value it returns may be overwritten in between, as a database read's can while its rows
   * travel. Resolves when the snapshot is taken.
   */
  holdNextRead(id: string, ms: number): Promise<void> {
    return new Promise((taken) => this.holds.set(id, { ms, taken }));
  }

  /** The next `count` reads of `id` fail (after their latency). */
  failReads(id: string, count = 1): void {
    this.failures.set(id, count);
  }
}

let counter = 0;

/** `p-12`: unique in this run, and the same in every run of the same tests (a scorecard graded twice reads the same). */
export function uniqueId(label: string): string {
  return `${label}-${++counter}`;
}

/** A product with a unique id (unless given) and a description of `size` copies of `char`. */
export function product(overrides: Partial<Product> = {}, size = 0, char = 'x'): Product {
  counter++;
  return {
    id: uniqueId('p'),
    name: `Product ${counter}`,
    priceCents: 100 + counter,
    tags: ['catalogue'],
    attributes: size > 0 ? { description: char.repeat(size) } : { colour: 'blue' },
    ...overrides,
  };
}
