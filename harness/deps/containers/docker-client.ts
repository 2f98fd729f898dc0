import type Docker from 'dockerode';
import { dockerEndpoint } from '../docker-engine.ts';
import { OWNED_LABEL, RESOURCE_LABEL } from './labels.ts';

/** A container the harness started, as the engine sees it. */
export interface OwnedContainer {
  readonly id: string;
  /** `created`, `running`, `exited`… */
  readonly state: string;
  readonly resourceId: string | undefined;
  /** host ip:port of each published port */
  readonly published: readonly string[];
}

/** A client for the engine at DOCKER_HOST (or the default socket), as the Docker CLI would use. */
export async function dockerClient(): Promise<Docker> {
  // Loaded on demand, so native runs never pay for it.
  const { default: Dockerode } = await import('dockerode');
  return new Dockerode({ timeout: 15_000 });
}

/** Every container with the harness's label, running or not; only one entry's when given. */
export async function listOwnedContainers(resourceId?: string): Promise<OwnedContainer[]> {
  const docker = await dockerClient();
  const label = resourceId ? `${RESOURCE_LABEL}=${resourceId}` : `${OWNED_LABEL}=true`;
  const containers = await docker.listContainers({ all: true, filters: { label: [label] } });
  return containers.map((container) => ({
    id: container.Id,
    state: container.State,
    resourceId: container.Labels[RESOURCE_LABEL],
    published: container.Ports.filter((port) => port.PublicPort).map((port) => `${port.IP}:${port.PublicPort}`),
  }));
}

/**
 * Removes a ledger entry's containers, running or not, with their volumes, then asks the engine
 * again: the result lists what is still there, so a caller never reports a removal that did not
 * happen. Throws when the engine cannot be reached.
 */
export async function removeOwnedContainers(resourceId: string, alsoId?: string): Promise<{ left: string[] }> {
  const docker = await dockerClient();
  const ids = new Set((await listOwnedContainers(resourceId)).map((container) => container.id));
  // Entries written before containers were labelled name their container by id only.
  if (alsoId) ids.add(alsoId);
  for (const id of ids) {
    try {
      await docker.getContainer(id).remove({ force: true, v: true });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  }
  const left = (await listOwnedContainers(resourceId)).map((container) => container.id);
  if (alsoId && (await exists(docker, alsoId))) left.push(alsoId);
  return { left: [...new Set(left)] };
}

async function exists(docker: Docker, id: string): Promise<boolean> {
  try {
    await docker.getContainer(id).inspect();
    return true;
  } catch {
    return false;
  }
}

/** `docker rm -f <ids>`, with the engine named when it is not the default one. */
export function removeCommand(ids: readonly string[], engine = dockerEndpoint()): string {
  const host = engine === 'unix:///var/run/docker.sock' ? '' : ` -H ${engine}`;
  return `docker${host} rm -f ${ids.map((id) => id.slice(0, 12)).join(' ')}`;
}
