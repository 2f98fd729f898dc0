import type { DependencyKind } from '../manifest.ts';
import { providerOf } from './providers.ts';
import type { Backend, DependencyInfos, Started } from './types.ts';

export interface StartOptions {
  readonly backend: Backend;
  /** Outlive this process (`wb deps up`). */
  readonly persistent?: boolean;
}

/** Starts one server of a kind, on the backend chosen for the run, through its provider. */
export function startDependency<K extends DependencyKind>(kind: K, options: StartOptions): Promise<Started<NonNullable<DependencyInfos[K]>>> {
  return providerOf(kind).start({ backend: options.backend, persistent: options.persistent ?? false });
}
