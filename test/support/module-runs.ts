import { measuredUnderLoad } from '../../harness/manifest.ts';
import { listModuleIds, loadModule } from '../../harness/modules.ts';

/** The modules whose runs start servers: the ones a leak check has something to look for in. */
export async function modulesWithServers(): Promise<string[]> {
  const ids: string[] = [];
  for (const id of listModuleIds()) if ((await loadModule(id)).dependencies.length > 0) ids.push(id);
  return ids;
}

/** A `-t` filter for a quick run of a module: the one its manifest names, else its first requirement without a load target. */
export async function quickFilter(moduleId: string): Promise<string> {
  const manifest = await loadModule(moduleId);
  const quick = manifest.quickRequirement ?? manifest.requirements.find((requirement) => !measuredUnderLoad(manifest, requirement.id))!.id;
  return `\\[${quick}\\]`;
}
