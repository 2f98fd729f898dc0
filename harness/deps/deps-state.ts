import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stateDir } from '../paths.ts';
import type { Backend, DependencyInfos } from './types.ts';

/**
 * What `wb deps up` left running, so test runs reuse it instead of starting their own. A parent
 * run (the course checks) hands its servers to child runs the same way, through WB_DEPS_FILE.
 */
export interface DepsState {
  readonly backend: Backend;
  readonly startedAt: string;
  readonly infos: DependencyInfos;
}

export const depsStateFile = (): string => path.join(stateDir, 'deps.json');

export function readDepsState(file = depsStateFile()): DepsState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DepsState;
  } catch {
    return undefined;
  }
}

export function writeDepsState(state: DepsState, file = depsStateFile()): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}

export function clearDepsState(file = depsStateFile()): void {
  rmSync(file, { force: true });
}
