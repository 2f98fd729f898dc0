import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stateDir } from '../paths.ts';

/**
 * What the learner's loop remembers between runs, beside the last results in `.wb/results/`:
 * how far into each requirement's hints they have read. Small, git-ignored (it lives in .wb/),
 * and safe to delete: the loop only forgets where it was.
 */
export interface LearnerState {
  readonly version: 1;
  /** module → requirement → hint levels shown so far. */
  readonly hintsShown: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export const learnerStateFile = (): string => path.join(stateDir, 'learner.json');

const EMPTY: LearnerState = { version: 1, hintsShown: {} };

export function readLearnerState(): LearnerState {
  const file = learnerStateFile();
  if (!existsSync(file)) return EMPTY;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LearnerState>;
    return parsed.version === 1 && typeof parsed.hintsShown === 'object' && parsed.hintsShown ? (parsed as LearnerState) : EMPTY;
  } catch {
    // A file cut short by a crash is forgotten, not fatal.
    return EMPTY;
  }
}

export function writeLearnerState(state: LearnerState): void {
  const file = learnerStateFile();
  mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed: a crash mid-write leaves the old state, never half of one.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function hintsShown(moduleId: string, requirement: string): number {
  return readLearnerState().hintsShown[moduleId]?.[requirement] ?? 0;
}

export function recordHintsShown(moduleId: string, requirement: string, levels: number): void {
  const state = readLearnerState();
  writeLearnerState({ ...state, hintsShown: { ...state.hintsShown, [moduleId]: { ...state.hintsShown[moduleId], [requirement]: levels } } });
}
