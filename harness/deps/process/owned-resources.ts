import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runtimeDir } from '../../paths.ts';
import { dockerEndpoint, dockerEngineAnswers } from '../docker-engine.ts';
import { groupMembers, isProcessAlive, processStartTime, signalGroup, waitForExit } from './process-state.ts';

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
  /** Known once the container is created; the entry is written before, and finds it by label. */
  readonly containerId?: string;
  /** The Docker engine a container lives on (DOCKER_HOST): only a run talking to it can remove it. */
  readonly engine?: string;
  /** Deleted when the resource is reaped or stopped. */
  readonly dir?: string;
  /**
   * What stops the server's group at once when its owner exits without time to stop it cleanly
   * (releaseOwnedSync). @default SIGQUIT, PostgreSQL's immediate shutdown; RabbitMQ ignores it,
   * and records SIGKILL.
   */
  readonly exitSignal?: NodeJS.Signals;
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
 * Stopped means the whole group is gone, not only its leader: members a leader leaves behind when
 * it exits (Erlang's epmd ignores the broker's shutdown) are killed then, or they outlive the run.
 */
export async function stopProcessGroup(pid: number, startTime: string | undefined, graceMs = 3000, signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
  if (isProcessAlive(pid, startTime)) {
    signalGroup(pid, signal);
    if (!(await waitForExit(pid, graceMs, startTime))) {
      signalGroup(pid, 'SIGKILL');
      await waitForExit(pid, 2000, startTime);
    }
  }
  await killRemnants(pid, startTime);
}

/** Kills what is left of a group whose leader has exited, and waits until it is gone. */
async function killRemnants(pgid: number, leaderStartTime: string | undefined): Promise<void> {
  const remnants = groupMembers(pgid, leaderStartTime);
  if (remnants.length === 0) return;
  signalGroup(pgid, 'SIGKILL');
  await Promise.all(remnants.map((member) => waitForExit(member, 2000)));
}

/**
 * What releasing an entry did. `released`: its process is stopped or its container removed (the
 * engine was asked again), its directory deleted, the entry gone. `kept`: it could not be done
 * from here, the entry stays for a run that can, and `why` says so in a sentence.
 */
export type ReleaseOutcome =
  | { readonly released: true }
  /** `unreachable`: its engine is not the one this run talks to, or does not answer. */
  | { readonly released: false; readonly why: string; readonly unreachable?: boolean };

/** Removes one ledger entry's process or container and its directory. */
export async function releaseResource(resource: OwnedResource): Promise<ReleaseOutcome> {
  if (resource.backend === 'containers') {
    const outcome = await removeContainers(resource);
    if (!outcome.released) return outcome;
  }
  if (resource.pid !== undefined) await stopProcessGroup(resource.pid, resource.pidStartTime);
  if (resource.dir) rmSync(resource.dir, { recursive: true, force: true, maxRetries: 3 });
  forgetOwned(resource.id);
  return { released: true };
}

/** A containers entry lives on one engine; this run may talk to another one, or to none. */
function reachableFromHere(resource: OwnedResource): boolean {
  return resource.backend !== 'containers' || (resource.engine ?? dockerEndpoint()) === dockerEndpoint();
}

async function removeContainers(resource: OwnedResource): Promise<ReleaseOutcome> {
  const engine = resource.engine ?? dockerEndpoint();
  if (!reachableFromHere(resource)) return { released: false, unreachable: true, why: `its container lives on the Docker engine at ${engine}, and this run talks to ${dockerEndpoint()}` };
  if (!(await dockerEngineAnswers())) return { released: false, unreachable: true, why: `the Docker engine at ${engine} does not answer, so its container cannot be removed now` };
  // Loaded on demand, so native runs never load a Docker client.
  const { removeOwnedContainers, removeCommand } = await import('../containers/docker-client.ts');
  try {
    const { left } = await removeOwnedContainers(resource.id, resource.containerId);
    if (left.length === 0) return { released: true };
    return { released: false, why: `the engine still lists its container ${left.map((id) => id.slice(0, 12)).join(', ')} after a forced removal; remove it with \`${removeCommand(left, engine)}\`` };
  } catch (error) {
    return { released: false, why: `removing its container failed: ${(error as Error).message}` };
  }
}

export function describeResource(resource: OwnedResource): string {
  const where = resource.pid ? `, pid ${resource.pid}` : resource.containerId ? `, container ${resource.containerId.slice(0, 12)}` : '';
  return `${resource.kind} (${resource.backend}${where})`;
}

/**
 * Reaps what runs that died without cleaning up left behind, and says what it did: a line per
 * entry reaped, or a line saying why an entry could not be. Entries on a Docker engine this run
 * does not talk to, or that does not answer, are left for a run that can reach it, silently.
 */
export async function reapOrphans(): Promise<string[]> {
  const lines: string[] = [];
  for (const resource of listOwned().filter(isOrphan)) {
    const outcome = await releaseResource(resource);
    if (!outcome.released && outcome.unreachable) continue;
    lines.push(outcome.released ? `reaped ${describeResource(resource)}, left by pid ${resource.ownerPid}` : `could not reap ${describeResource(resource)}, left by pid ${resource.ownerPid}: ${outcome.why}`);
  }
  return lines;
}

/**
 * Last-resort cleanup in the owning process: on 'exit' only synchronous work runs, so signal the
 * process groups we own and let the next run's reaper delete the directories.
 */
export function releaseOwnedSync(ownerPid = process.pid): void {
  for (const resource of listOwned()) {
    if (resource.ownerPid !== ownerPid || resource.pid === undefined) continue;
    if (isProcessAlive(resource.pid, resource.pidStartTime)) signalGroup(resource.pid, resource.exitSignal ?? 'SIGQUIT');
  }
}
