import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot, stateDir } from '../../paths.ts';
import type { IsolatedRun, IsolationLauncher } from './isolation.ts';
import { runBounded } from './run-bounded.ts';
import { sandboxUser } from './sandbox-user.ts';

const TOOLS = ['unshare', 'setpriv', 'ip', 'mount', 'umount'] as const;
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Folders the candidate must not see, each covered by an empty tmpfs in the run's own mount
 * namespace: the grader's HOME and every other, the grader's state (other candidates' copies
 * and results), and /dev/shm, where the grader's own servers keep their data.
 */
function hiddenFolders(): string[] {
  const wanted = [homedir(), process.env.HOME ?? '', '/root', '/home', stateDir, path.join(projectRoot, '.wb'), '/dev/shm'].filter((dir) => dir && existsSync(dir)).map((dir) => path.resolve(dir));
  const unique = [...new Set(wanted)].sort();
  // A folder inside one already hidden is hidden with it (and could not be mounted on).
  return unique.filter((dir) => !unique.some((outer) => outer !== dir && dir.startsWith(`${outer}/`)));
}

/**
 * Mounts, in order (a parent before what it holds), then drops to the unprivileged user. Runs as
 * root inside new network, mount and PID namespaces: the network has only loopback, which is
 * brought up so the run's own servers answer on it; mounts made here vanish with the namespace.
 */
const SANDBOX_SCRIPT = `
set -eu
tab=$(printf '\\t')
while IFS="$tab" read -r op dir arg; do
  case "$op" in
    stash) mkdir -p "$WB_SANDBOX_STASH/$arg"; mount --bind "$dir" "$WB_SANDBOX_STASH/$arg" ;;
    hide) mount -t tmpfs -o "mode=$arg,size=4g,nosuid,nodev" wb-hidden "$dir" ;;
    show) mkdir -p "$dir"; mount --bind "$WB_SANDBOX_STASH/\${arg%:*}" "$dir"
          if [ "\${arg#*:}" = ro ]; then mount -o remount,bind,ro,nosuid,nodev "$dir"; fi ;;
  esac
done <<PLAN
$WB_SANDBOX_PLAN
PLAN
for entry in "$WB_SANDBOX_STASH"/*; do umount -l "$entry"; done
ip link set lo up
exec setpriv --reuid="$WB_SANDBOX_UID" --regid="$WB_SANDBOX_GID" --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs -- "$@"
`;

interface Mount {
  readonly dir: string;
  readonly line: string;
}

/** The mount plan: stash every folder to keep, then hide and bring back, parents first. */
function mountPlan(run: IsolatedRun): string {
  const keep = [
    ...run.readOnly.map((dir) => ({ dir, source: dir, mode: 'ro' })),
    { dir: run.writable, source: run.writable, mode: 'rw' },
    ...run.scratch.map(({ dir, source }) => ({ dir, source, mode: 'rw' })),
  ];
  const stash = keep.map(({ source }, index) => `stash\t${source}\t${index}`);
  const mounts: Mount[] = [
    ...hiddenFolders().map((dir) => ({ dir, line: `hide\t${dir}\t${dir === '/dev/shm' ? '1777' : '755'}` })),
    ...keep.map(({ dir, mode }, index) => ({ dir, line: `show\t${dir}\t${index}:${mode}` })),
  ];
  // Shorter paths first: a kept project is mounted before the state folder inside it is hidden,
  // and a hidden HOME is mounted before a kept folder inside it is brought back.
  mounts.sort((a, b) => a.dir.length - b.dir.length || (a.line.startsWith('show') ? -1 : 1));
  return [...stash, ...mounts.map((mount) => mount.line)].join('\n');
}

/** Why this machine cannot run the candidate as an unprivileged user in its own namespaces. */
export function userIsolationMissing(): string | undefined {
  if (process.platform !== 'linux') return 'Linux namespaces are needed, and this is ' + process.platform;
  if (process.getuid?.() !== 0) return 'only root may run code as another user; run `wb grade` as root, or where a Docker engine answers';
  const absent = TOOLS.filter((tool) => !onPath(tool));
  if (absent.length > 0) return `${absent.join(', ')} not found (Debian: apt-get install util-linux mount iproute2)`;
  const probe = spawnSync('unshare', ['--net', '--mount', '--pid', '--fork', '--kill-child', '--mount-proc', 'true'], { env: { PATH: SYSTEM_PATH }, encoding: 'utf8', timeout: 10_000 });
  if (probe.status !== 0) return `this system refuses new namespaces (${(probe.stderr || probe.error?.message || '').trim().split('\n')[0]})`;
  return undefined;
}

function onPath(tool: string): boolean {
  return SYSTEM_PATH.split(':').some((dir) => existsSync(path.join(dir, tool)));
}

/**
 * The candidate runs as `nobody` in its own network (loopback only), mount and PID namespaces:
 * the grader's HOME, /root, /home and state are empty folders to it, the project and its own
 * tree are read-only, and every process it starts ends with the run.
 */
export function userIsolation(): IsolationLauncher {
  const user = sandboxUser();
  return {
    mode: 'user',
    note: `The candidate's code ran as the unprivileged user ${user.name} (${user.uid}) in its own network namespace (loopback only, no other address reachable), with the grader's HOME, /root, /home and state hidden, and the project and its tree read-only.`,
    async run(run: IsolatedRun) {
      const stash = mkdtempSync(path.join(tmpdir(), 'wb-sandbox-'));
      try {
        const env = { PATH: SYSTEM_PATH, LANG: 'C.UTF-8', HOME: run.home, ...run.env };
        const argv = ['--net', '--mount', '--pid', '--fork', '--kill-child', '--mount-proc', '--', '/bin/sh', '-c', SANDBOX_SCRIPT, 'wb-sandbox', 'env', '-i', ...Object.entries(env).map(([key, value]) => `${key}=${value}`), ...run.argv];
        const child = spawn('unshare', argv, {
          env: { PATH: SYSTEM_PATH, WB_SANDBOX_STASH: stash, WB_SANDBOX_PLAN: mountPlan(run), WB_SANDBOX_UID: String(user.uid), WB_SANDBOX_GID: String(user.gid) },
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        });
        return await runBounded(child, run.timeoutMs);
      } finally {
        rmSync(stash, { recursive: true, force: true });
      }
    },
  };
}
