import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runtimeDir } from '../../harness/paths.ts';

/** Folders of the runtime dir that hold no server's own data. */
const SHARED = new Set(['owned', 'templates']);

/**
 * Pids of native servers the harness started, of any kind, helpers included: their data lives in
 * a folder of their own under the runtime dir, which their command line names, or their
 * environment (RabbitMQ's `epmd` and Erlang's port helpers name no directory on their command
 * line, but inherit the broker's HOME and RABBITMQ_* variables).
 */
export function harnessServerPids(): Set<number> {
  const marker = `${runtimeDir()}/`;
  const templates = path.join(runtimeDir(), 'templates');
  const pids = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(marker) && !cmdline.includes(templates)) pids.add(Number(entry));
      else if (/\bepmd|erl_child_setup|inet_gethost|rabbitmq/.test(cmdline) && readFileSync(`/proc/${entry}/environ`, 'utf8').includes(marker)) pids.add(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Server data directories in the runtime dir, of any kind. */
export function harnessServerDirs(): Set<string> {
  return new Set(readdirSync(runtimeDir()).filter((name) => !SHARED.has(name)));
}

/**
 * Waits (up to 3 s) until no server process is left that was not there `before`: Erlang's port
 * helpers leave a moment after the broker they served, on their own.
 */
export async function expectNoServerProcessesSince(before: Set<number>, timeoutMs = 3000): Promise<void> {
  const { expect, vi } = await import('vitest');
  await vi.waitFor(() => expect([...harnessServerPids()].filter((pid) => !before.has(pid)), 'server processes left behind').toEqual([]), { timeout: timeoutMs, interval: 50 });
}
