import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../errors.ts';

export const KIT_FORMAT = 'workbench-takehome/1';
/** In the kit: what was sent, with every file's hash. */
export const KIT_MANIFEST_FILE = 'TAKEHOME.json';
/** In the team's bundle: the kit's manifest plus what the candidate was not sent. */
export const BUNDLE_MANIFEST_FILE = 'kit.json';
/** In the bundle: a copy of the kit as sent, the baseline its tampering is measured against. */
export const BUNDLE_KIT_FOLDER = 'kit-files';
/** In the bundle: the hidden test files, as they were when the kit was cut. */
export const BUNDLE_HIDDEN_FOLDER = 'hidden-tests';

/** What a candidate is told about their kit (TAKEHOME.json). */
export interface KitManifest {
  readonly format: typeof KIT_FORMAT;
  readonly id: string;
  readonly createdAt: string;
  readonly modules: readonly string[];
  /** `4h`, as given; null when the kit has none. */
  readonly timeBox: string | null;
  readonly hints: boolean;
  /** Requirements some of whose tests are hidden: graded, but not by a test in the kit. */
  readonly hiddenRequirements: Readonly<Record<string, readonly string[]>>;
  /** The harness the kit was cut from. */
  readonly harness: { readonly version: string; readonly commit: string | null };
  /** Every file of the kit but this one, by path: its SHA-256. */
  readonly files: Readonly<Record<string, string>>;
}

/** The team's copy: the kit's manifest and every graded test file's hash, hidden ones included. */
export interface BundleManifest extends KitManifest {
  /** Hidden test files, relative to the project. */
  readonly hiddenTests: readonly string[];
  /** Every test file of the kit's modules (visible, hidden, support) by path: its SHA-256. */
  readonly gradedFiles: Readonly<Record<string, string>>;
}

export const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

export function readBundle(bundle: string): BundleManifest {
  const file = path.join(bundle, BUNDLE_MANIFEST_FILE);
  if (!existsSync(file)) throw new WorkbenchError('WB_ERR_KIT_BUNDLE', { bundle, reason: `it has no ${BUNDLE_MANIFEST_FILE}: give the folder \`wb takehome create\` wrote beside the kit (--bundle)` });
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as BundleManifest;
  if (manifest.format !== KIT_FORMAT) throw new WorkbenchError('WB_ERR_KIT_BUNDLE', { bundle, reason: `its format is ${String(manifest.format)}, and this harness reads ${KIT_FORMAT}` });
  return manifest;
}
