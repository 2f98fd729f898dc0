/**
 * The Redis key layout, a contract other services read (SPEC.md#the-keys). Ids are encoded, so
 * no id can produce another id's key, a lock key, or a key outside the prefix.
 */
export interface KeySpace {
  readonly keyPrefix: string;
  readonly schemaVersion: number;
}

function key(space: KeySpace, kind: string, id: string): string {
  return `${space.keyPrefix}v${space.schemaVersion}:${kind}:${encodeURIComponent(id)}`;
}

/** The product's JSON, or `null` for "not found". */
export const productKey = (space: KeySpace, id: string): string => key(space, 'product', id);

/** The fill lock: a token unique to one acquisition, with a TTL. */
export const lockKey = (space: KeySpace, id: string): string => key(space, 'lock', id);

/** Bumped by every write, so a fill that read the source before the write cannot store what it read. */
export const generationKey = (space: KeySpace, id: string): string => key(space, 'gen', id);

/** Where writes announce the ids they changed, for the other instances' local tiers. */
export const invalidationChannel = (space: KeySpace): string => `${space.keyPrefix}v${space.schemaVersion}:invalidations`;
