import { readdirSync, readFileSync } from 'node:fs';
import { runtimeDir } from '../../harness/paths.ts';

/** Pids of PostgreSQL servers the harness started (their data lives under the runtime dir). */
export function harnessServerPids(): Set<number> {
  const marker = `${runtimeDir()}/postgres-`;
  const pids = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.add(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Server data directories in the runtime dir. */
export function harnessServerDirs(): Set<string> {
  return new Set(readdirSync(runtimeDir()).filter((name) => name.startsWith('postgres-')));
}
