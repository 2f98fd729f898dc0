import { dockerEngineAnswers, dockerEndpoint } from '../../deps/docker-engine.ts';
import { providerOf } from '../../deps/providers.ts';
import type { DependencyKind } from '../../manifest.ts';
import { containerIsolation } from './container.ts';
import { userIsolation, userIsolationMissing } from './user-sandbox.ts';

/** How a stranger's code is kept from the grader's files and network. */
export type IsolationMode = 'container' | 'user' | 'none';
export const ISOLATION_CHOICES = ['auto', 'container', 'user', 'none'] as const;
export type IsolationChoice = (typeof ISOLATION_CHOICES)[number];

/** One `wb test` run of a module, as the isolated side sees it. */
export interface IsolatedRun {
  /** The command line (`node …/bin/wb.mjs test <module> --target <dir>`). */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Folders the run reads: the project, Node, the candidate's tree. Kept read-only. */
  readonly readOnly: readonly string[];
  /** The one folder of the grader's it may write: its HOME, state, and the scorecard files. */
  readonly writable: string;
  /**
   * Folders inside read-only ones that tools write their caches to (vite's bundled config):
   * each is replaced by `source`, an empty folder of the run's own below `writable`.
   */
  readonly scratch: readonly { readonly dir: string; readonly source: string }[];
  /** Its empty HOME, below `writable`. */
  readonly home: string;
  /** Longest the run may take before it is stopped. */
  readonly timeoutMs: number;
}

export interface IsolationLauncher {
  readonly mode: IsolationMode;
  /** One sentence for the scorecard and the terminal: what the candidate's code could and could not reach. */
  readonly note: string;
  /** Runs it to the end; its exit code and its output (stdout and stderr together). */
  run(run: IsolatedRun): Promise<{ code: number; output: string }>;
}

/** Said in the scorecard and the terminal while the graded code runs as the grader's own user. */
export const UNISOLATED_NOTE =
  "The candidate's code ran unisolated: as this user, with this user's HOME, files and network. Grade a stranger's repository only on a machine or account with nothing to lose.";

/**
 * The strongest isolation this machine offers, or the one asked for. `auto` takes a container
 * when a Docker engine answers, else an unprivileged user in its own namespaces, else none;
 * a mode asked for by name that cannot run here is an error rather than a silent downgrade.
 */
export async function chooseIsolation(choice: IsolationChoice, kinds: readonly DependencyKind[]): Promise<{ launcher: IsolationLauncher | undefined; mode: IsolationMode; note: string; whyNot: string[] }> {
  const whyNot: string[] = [];
  if (choice === 'none') return { launcher: undefined, mode: 'none', note: UNISOLATED_NOTE, whyNot };
  if (choice === 'auto' || choice === 'container') {
    const missing = await containerMissing(kinds);
    if (!missing) {
      const launcher = containerIsolation();
      return { launcher, mode: launcher.mode, note: launcher.note, whyNot };
    }
    whyNot.push(`no container: ${missing}`);
    if (choice === 'container') throw new IsolationUnavailable('container', missing);
  }
  const missing = userIsolationMissing();
  if (!missing) {
    const launcher = userIsolation();
    return { launcher, mode: launcher.mode, note: launcher.note, whyNot };
  }
  whyNot.push(`no unprivileged user: ${missing}`);
  if (choice === 'user') throw new IsolationUnavailable('user', missing);
  return { launcher: undefined, mode: 'none', note: `${UNISOLATED_NOTE} (${whyNot.join('; ')})`, whyNot };
}

export class IsolationUnavailable extends Error {
  constructor(
    readonly mode: IsolationMode,
    readonly reason: string,
  ) {
    super(`${mode} isolation cannot run here: ${reason}`);
  }
}

/**
 * Why a grading container cannot run here. The servers run inside it, from this host's own
 * packages mounted read-only: a container that could start sibling containers would need the
 * Docker socket, which is root on the host.
 */
async function containerMissing(kinds: readonly DependencyKind[]): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'the grading container mounts this host\'s /usr, which only a Linux host can lend';
  if (!dockerEndpoint().startsWith('unix://')) return `the Docker engine at ${dockerEndpoint()} is not on this machine, so it cannot mount this machine's folders`;
  if (!(await dockerEngineAnswers())) return 'no Docker engine answers';
  for (const kind of kinds) {
    const missing = providerOf(kind).nativeMissing();
    if (missing) return `the ${kind} server runs inside the grading container from this host's packages, but here there is ${missing.missing} (${missing.install})`;
  }
  return undefined;
}
