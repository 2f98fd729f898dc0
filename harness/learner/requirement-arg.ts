import { WorkbenchError } from '../errors.ts';
import type { ModuleManifest } from '../manifest.ts';

/** A requirement named on the command line: its id, or a unique prefix of one (`pagination` → `list-pagination` too). */
export function resolveRequirement(manifest: ModuleManifest, name: string): string {
  const ids = manifest.requirements.map((requirement) => requirement.id);
  const normalized = name.replace(/^\[|\]$/g, '').toLowerCase();
  const exact = ids.find((id) => id === normalized);
  if (exact) return exact;
  const partial = ids.filter((id) => id.includes(normalized));
  if (partial.length === 1) return partial[0]!;
  throw new WorkbenchError('WB_ERR_REQUIREMENT_UNKNOWN', { name, module: manifest.id, valid: ids.join(', ') });
}
