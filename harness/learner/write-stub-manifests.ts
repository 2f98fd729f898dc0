// For module authors, after changing a stub: `npx tsx harness/learner/write-stub-manifests.ts`.
import { listModuleIds } from '../modules.ts';
import { stubManifestFile, writeStubManifest } from './pristine-stub.ts';

for (const id of listModuleIds()) {
  writeStubManifest(id);
  process.stdout.write(`wrote ${stubManifestFile(id)}\n`);
}
