import { existsSync, readFileSync } from 'node:fs';
import type { Scorecard } from '../grading/scorecard.ts';
import { lastResultFile } from '../grading/scorecard-reporter.ts';
import type { ModuleManifest } from '../manifest.ts';
import { listModuleIds, loadModule } from '../modules.ts';

export type ModuleStatus = 'not-started' | 'in-progress' | 'passed';

/** Where the learner is in one module, from its last full result. */
export interface ModuleProgress {
  readonly manifest: ModuleManifest;
  readonly status: ModuleStatus;
  readonly card?: Scorecard;
  readonly passed: number;
  readonly total: number;
  /** Load and counter targets met, of those measured: `undefined` when the module has none or none ran. */
  readonly targets?: { readonly met: number; readonly total: number };
  /** The first requirement in SPEC order that has not passed. */
  readonly nextRequirement?: string;
}

export function lastResult(moduleId: string): Scorecard | undefined {
  const file = lastResultFile(moduleId);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Scorecard;
  } catch {
    return undefined;
  }
}

export function progressOf(manifest: ModuleManifest, card = lastResult(manifest.id)): ModuleProgress {
  const total = manifest.requirements.length;
  if (!card) return { manifest, status: 'not-started', passed: 0, total, nextRequirement: manifest.requirements[0]?.id };
  const passedIds = new Set(card.requirements.filter((requirement) => requirement.status === 'passed').map((requirement) => requirement.id));
  const next = manifest.requirements.find((requirement) => !passedIds.has(requirement.id))?.id;
  const targets = card.targets.length > 0 ? { met: card.targets.filter((target) => target.status === 'met').length, total: card.targets.length } : undefined;
  return { manifest, card, status: next === undefined ? 'passed' : 'in-progress', passed: passedIds.size, total, ...(targets ? { targets } : {}), ...(next ? { nextRequirement: next } : {}) };
}

/** Every module in track order with the learner's progress in it. */
export async function trackProgress(): Promise<ModuleProgress[]> {
  return Promise.all(listModuleIds().map(async (id) => progressOf(await loadModule(id))));
}

/** The module to work on: the first that has not passed, or undefined when the track is done. */
export function currentModule(progress: readonly ModuleProgress[]): ModuleProgress | undefined {
  return progress.find((entry) => entry.status !== 'passed');
}
