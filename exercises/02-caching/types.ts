/**
 * The catalogue's contract with the harness (given; do not change it). See SPEC.md#the-service.
 */

/** A product as the source of truth holds it. `attributes` come from suppliers as they are. */
export interface Product {
  readonly id: string;
  readonly name: string;
  readonly priceCents: number;
  readonly tags: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
}

/** The slow source of truth, supplied by the harness: 20 ms reads, 40 ms writes. */
export interface ProductSource {
  /** The product, or undefined when there is none. */
  get(id: string): Promise<Product | undefined>;
  /** Stores the product (creating or replacing it) and returns it as stored. */
  put(product: Product): Promise<Product>;
  /** Deletes the product; false when there was none. */
  delete(id: string): Promise<boolean>;
}

export interface LocalTierOptions {
  /** At most this many entries; 0 turns the local tier off. */
  readonly maxEntries: number;
  /** At most this many bytes of values (each value's JSON, UTF-8). */
  readonly maxBytes: number;
  /** No local entry lives longer than this. */
  readonly ttlMs: number;
}

export interface CatalogOptions {
  readonly redisUrl: string;
  readonly source: ProductSource;
  /** Every Redis key and channel the service uses starts with it. */
  readonly keyPrefix: string;
  readonly schemaVersion: number;
  readonly ttlSeconds: number;
  readonly negativeTtlSeconds: number;
  readonly lockTtlMs: number;
  readonly local: LocalTierOptions;
  /** No Redis command may wait longer than this. */
  readonly redisTimeoutMs: number;
}

/** `GET /stats`: this instance's counters since it started. See SPEC.md#stats. */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly hitRatio: number;
  readonly upstreamCalls: number;
  readonly evictions: number;
}
