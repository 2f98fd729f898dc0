import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runtimeDir } from '../../paths.ts';
import { isProcessAlive, processStartTime, signalGroup, waitForExit } from './process-state.ts';

/**
 * A ledger of what the harness started: server process groups, containers, data directories.
 * Each entry names its owner process; when the owner is gone (a run killed with SIGKILL), the
 * next run reaps the entry. `wb deps up` writes entries with no owner: they live until
 * `wb deps down`.
 */
export interface OwnedResource {
  readonly id: string;
  readonly kind: string;
  readonly backend: 'native' | 'containers';
  /** The server's pid; it leads its own process group. */
  readonly pid?: number;
  readonly pidStartTime?: string;
  readonly containerId?: string;
  /** Deleted when the resource is reaped or stopped. */
  readonly dir?: string;
  /** The process whose exit orphans this resource; null while `wb deps up` keeps it. */
  readonly ownerPid: number | null;
  readonly ownerStartTime?: string;
  readonly createdAt: string;
}

function ledgerDir(): string {
  const dir = path.join(runtimeDir(), 'owned');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function recordOwned(resource: Omit<OwnedResource, 'createdAt' | 'ownerStartTime' | 'pidStartTime'>): OwnedResource {
  const full: OwnedResource = {
    ...resource,
    ...(resource.pid === undefined ? {} : { pidStartTime: processStartTime(resource.pid) }),
    ...(resource.ownerPid === null ? {} : { ownerStartTime: processStartTime(resource.ownerPid) }),
    createdAt: new Date().toISOString(),
  };
  writeFileSync(path.join(ledgerDir(), `${resource.id}.json`), JSON.stringify(full, null, 2));
  return full;
}

export function forgetOwned(id: string): void {
  rmSync(path.join(ledgerDir(), `${id}.json`), { force: true });
}

export function listOwned(): OwnedResource[] {
  const dir = ledgerDir();
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      try {
        return [JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as OwnedResource];
      } catch {
        return [];
      }
    });
}

export function isOrphan(resource: OwnedResource): boolean {
  return resource.ownerPid !== null && !isProcessAlive(resource.ownerPid, resource.ownerStartTime);
}

/**
 * Stops a native server quickly: SIGINT is PostgreSQL's fast shutdown (10–50 ms) and leaves no
 * shared memory behind; SIGKILL to the group after a grace period catches anything that hangs.
 */
export async function stopProcessGroup(pid: number, startTime: string | undefined, graceMs = 3000, signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
  if (!isProcessAlive(pid, startTime)) return;
  signalGroup(pid, signal);
  if (!(await waitForExit(pid, graceMs, startTime))) {
    signalGroup(pid, 'SIGKILL');
    await waitForExit(pid, 2000, startTime);
  }
}

/** Removes one ledger entry's process or container and its directory. */
export async function releaseResource(resource: OwnedResource): Promise<void> {
  if (resource.pid !== undefined) await stopProcessGroup(resource.pid, resource.pidStartTime);
  if (resource.containerId) await removeContainer(resource.containerId);
  if (resource.dir) rmSync(resource.dir, { recursive: true, force: true, maxRetries: 3 });
  forgetOwned(resource.id);
}

async function removeContainer(containerId: string): Promise<void> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    const client = await getContainerRuntimeClient();
    const container = client.container.getById(containerId);
    await client.container.remove(container, { removeVolumes: true });
  } catch {
    // Already gone, or the engine is down: nothing left that we could remove.
  }
}

/** Reaps what runs that died without cleaning up left behind; returns a line per reaped entry. */
export async function reapOrphans(): Promise<string[]> {
  const reaped: string[] = [];
  for (const resource of listOwned().filter(isOrphan)) {
    await releaseResource(resource);
    reaped.push(`${resource.kind} (${resource.backend}${resource.pid ? `, pid ${resource.pid}` : ''}${resource.containerId ? `, container ${resource.containerId.slice(0, 12)}` : ''}) left by pid ${resource.ownerPid}`);
  }
  return reaped;
}

/**
 * Last-resort cleanup in the owning process: on 'exit' only synchronous work runs, so signal the
 * process groups we own and let the next run's reaper delete the directories.
 */
export function releaseOwnedSync(ownerPid = process.pid): void {
  for (const resource of listOwned()) {
    if (resource.ownerPid !== ownerPid || resource.pid === undefined) continue;
    if (isProcessAlive(resource.pid, resource.pidStartTime)) signalGroup(resource.pid, 'SIGQUIT');
  }
}
