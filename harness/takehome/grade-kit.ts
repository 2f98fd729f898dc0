import { existsSync } from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../errors.ts';
import { projectRoot } from '../paths.ts';
import { BUNDLE_KIT_FOLDER, readBundle, sha256, type BundleManifest } from './kit-manifest.ts';

/**
 * Checks that this checkout grades a kit with the tests it was cut with: every test file of its
 * modules, visible and hidden, has the hash the bundle recorded. A track that moved on since
 * would grade the candidate by tests neither they nor the team chose.
 */
export function kitForGrading(bundle: string): { manifest: BundleManifest; kitFiles: string } {
  const manifest = readBundle(bundle);
  const kitFiles = path.join(bundle, BUNDLE_KIT_FOLDER);
  if (!existsSync(kitFiles)) throw new WorkbenchError('WB_ERR_KIT_BUNDLE', { bundle, reason: `its ${BUNDLE_KIT_FOLDER}/ folder is missing` });
  const changed = Object.entries(manifest.gradedFiles)
    .filter(([file, hash]) => !existsSync(path.join(projectRoot, file)) || sha256(path.join(projectRoot, file)) !== hash)
    .map(([file]) => file);
  if (changed.length > 0) {
    throw new WorkbenchError('WB_ERR_KIT_STALE', {
      kit: manifest.id,
      files: `${changed.length} file${changed.length === 1 ? '' : 's'} (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''})`,
      commit: manifest.harness.commit ?? 'the commit it was cut from',
    });
  }
  return { manifest, kitFiles };
}
