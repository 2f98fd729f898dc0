/**
 * The Redis key layout, a contract other services read: SPEC.md#the-keys.
 * `P` is `keyPrefix`, `V` is `schemaVersion`, `E` is the id encoded with encodeURIComponent.
 */
import { notImplemented } from '#not-implemented';

export interface KeySpace {
  readonly keyPrefix: string;
  readonly schemaVersion: number;
}

/** `P v V :product: E`: the product's JSON, or `null` for "not found". */
export function productKey(space: KeySpace, id: string): string {
  // TODO(safe-keys): build the key exactly as SPEC.md#the-keys says; encode the id.
  throw notImplemented('02-caching', 'safe-keys', 'productKey()');
}

/** `P v V :lock: E`: the fill lock. */
export function lockKey(space: KeySpace, id: string): string {
  // TODO(stampede): the lock's key, laid out like productKey().
  throw notImplemented('02-caching', 'stampede', 'lockKey()');
}

/** The pub/sub channel on which writes announce the ids they changed (under the prefix too). */
export function invalidationChannel(space: KeySpace): string {
  // TODO(two-tier): any name under the prefix.
  throw notImplemented('02-caching', 'two-tier', 'invalidationChannel()');
}
