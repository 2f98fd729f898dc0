import { randomBytes } from 'node:crypto';
import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import { WorkbenchError } from '../../errors.ts';
import type { DependencyKind } from '../../manifest.ts';
import { dockerEndpoint } from '../docker-engine.ts';
import { freePort } from '../free-port.ts';
import { forgetOwned, recordOwned } from '../process/owned-resources.ts';
import type { DependencyInfo, Started } from '../types.ts';
import { waitUntilAnswers } from '../wait-until-answers.ts';
import { dockerClient, removeCommand, removeOwnedContainers } from './docker-client.ts';
import { ownedLabels } from './labels.ts';
import { publishOnLoopbackOnly } from './loopback.ts';


/**
 * How to run one kind of server in a container: the kind's official Testcontainers module and
 * what to read from it once started. The base does the rest, the same for every kind: the ledger
 * entry before the container, the labels, the port published on loopback only (and pinned, so a
 * restarted container keeps it), the check that removal happened, halting and resuming.
 */
export interface ContainerServerSpec<Info extends DependencyInfo, C extends GenericContainer, S extends StartedTestContainer> {
  readonly kind: DependencyKind;
  /** The server's port inside the container. */
  readonly port: number;
  /** The module's container class, imported on demand so native runs never load Testcontainers. */
  module(): Promise<new (image: string) => C>;
  /** Sets what the module needs (credentials, the server's command line). */
  configure?(container: C): C;
  /** The handle's details, read from the started container. */
  info(started: S, resourceId: string): Info;
  /** The server's answer to a real request, to tell when a resumed container is back. */
  answers(info: Info): Promise<string | undefined>;
  /** How long `halt()` lets the server shut down cleanly before the engine kills it. @default 0 */
  readonly stopGraceSeconds?: number;
}

/** Starts a server in a container on the engine at DOCKER_HOST, from the image given. */
export async function startContainer<Info extends DependencyInfo, C extends GenericContainer, S extends StartedTestContainer>(spec: ContainerServerSpec<Info, C, S>, image: string, persistent: boolean): Promise<StartedContainerServer<Info>> {
  // The ledger entry first, then the container, labelled with the entry's id: a run killed
  // while the container starts leaves an entry by which the next run finds and removes it.
  const id = `${spec.kind}-container-${randomBytes(6).toString('hex')}`;
  const entry = { id, kind: spec.kind, backend: 'containers', engine: dockerEndpoint(), ownerPid: persistent ? null : process.pid } as const;
  recordOwned(entry);
  for (let attempt = 1; ; attempt++) {
    const hostPort = await freePort();
    try {
      const Module = await spec.module();
      const container = new (onLoopback(Module, spec.port, hostPort))(image);
      // The module's own start() runs (its wait strategy, its started class), typed as the base's.
      const started = (await (spec.configure ? spec.configure(container) : container)
        .withExposedPorts({ container: spec.port, host: hostPort })
        .withLabels(ownedLabels(id))
        .withAutoCleanup(!persistent)
        .start()) as S;
      recordOwned({ ...entry, containerId: started.getId() });
      return new StartedContainerServer(spec, spec.info(started, id), started.getId());
    } catch (error) {
      await removeOwnedContainers(id).catch(() => undefined);
      // Another process may bind the port between choosing it and Docker binding it.
      if (attempt < 3 && /port is already allocated|address already in use/i.test(String((error as Error).message))) continue;
      forgetOwned(id);
      throw new WorkbenchError('WB_ERR_DEPS_START_FAILED', { kind: spec.kind, backend: 'containers', reason: `image ${image}: ${(error as Error).message}`, log: '', logPath: '' }, { cause: error });
    }
  }
}

/** The module's class, publishing the server's port on 127.0.0.1 at a chosen host port. */
function onLoopback<C extends GenericContainer>(Module: new (image: string) => C, port: number, hostPort: number): new (image: string) => C {
  const Base: new (image: string) => GenericContainer = Module;
  return class extends Base {
    override async start() {
      publishOnLoopbackOnly(this.hostConfig, { [port]: hostPort });
      return super.start();
    }
  } as new (image: string) => C;
}

/** A server started by startContainer. */
export class StartedContainerServer<Info extends DependencyInfo> implements Started<Info> {
  constructor(
    private readonly spec: { readonly kind: string; readonly stopGraceSeconds?: number; answers(info: Info): Promise<string | undefined> },
    readonly info: Info,
    private readonly containerId: string,
  ) {}

  /** Removes the container and checks with the engine that it is gone; the entry goes only then. */
  async stop(): Promise<void> {
    const { left } = await removeOwnedContainers(this.info.resourceId, this.containerId);
    if (left.length > 0) throw new Error(`The ${this.spec.kind} container ${left[0]!.slice(0, 12)} could not be removed; it is kept in the ledger for the next run. Remove it with \`${removeCommand(left)}\`.`);
    forgetOwned(this.info.resourceId);
  }

  async halt(): Promise<void> {
    const container = (await dockerClient()).getContainer(this.containerId);
    if ((await container.inspect()).State.Paused) await container.unpause();
    await container.stop({ t: this.spec.stopGraceSeconds ?? 0 });
  }

  async crash(): Promise<void> {
    const container = (await dockerClient()).getContainer(this.containerId);
    if ((await container.inspect()).State.Paused) await container.unpause();
    await container.kill({ signal: 'SIGKILL' });
    await container.wait({ condition: 'not-running' });
  }

  async freeze(): Promise<void> {
    await (await dockerClient()).getContainer(this.containerId).pause();
  }

  async resume(): Promise<void> {
    const container = (await dockerClient()).getContainer(this.containerId);
    const state = (await container.inspect()).State;
    if (state.Paused) return void (await container.unpause());
    if (!state.Running) await container.start();
    const outcome = await waitUntilAnswers(() => this.spec.answers(this.info), { timeoutMs: 30_000 });
    if (!outcome.answered) throw new Error(`The ${this.spec.kind} container ${this.containerId.slice(0, 12)} was started again but did not answer within 30 s.`);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
