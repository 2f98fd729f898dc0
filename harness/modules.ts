import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkbenchError } from './errors.ts';
import type { DependencyKind, ModuleManifest } from './manifest.ts';
import { projectRoot } from './paths.ts';

export const modulesDir = path.join(projectRoot, 'modules');

/** Module folder names in track order (the NN- prefix orders them). */
export function listModuleIds(): string[] {
  return readdirSync(modulesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d\d-/.test(entry.name) && existsSync(path.join(modulesDir, entry.name, 'module.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** Accepts the folder name (`01-rest-api`), its number (`01`, `1`) or its slug (`rest-api`). */
export function resolveModuleId(name: string): string {
  const ids = listModuleIds();
  const found = ids.find((id) => id === name || id.slice(3) === name || Number(id.slice(0, 2)) === Number(name));
  if (!found) throw new WorkbenchError('WB_ERR_MODULE_UNKNOWN', { name, valid: ids.join(', ') });
  return found;
}

/** Every kind of server some module needs, each once, in track order. */
export async function dependencyKinds(): Promise<DependencyKind[]> {
  const kinds = new Set<DependencyKind>();
  for (const id of listModuleIds()) for (const kind of (await loadModule(id)).dependencies) kinds.add(kind);
  return [...kinds];
}

export async function loadModule(id: string): Promise<ModuleManifest> {
  const file = path.join(modulesDir, resolveModuleId(id), 'module.ts');
  const loaded = (await import(pathToFileURL(file).href)) as { default: ModuleManifest };
  return loaded.default;
}
