import { existsSync } from 'node:fs';
import path from 'node:path';
import { installCommand } from '../install-command.ts';

/** The packages that install RabbitMQ's server (Erlang comes with them). */
export const rabbitmqPackages = { debian: 'rabbitmq-server', homebrew: 'rabbitmq' } as const;

export function rabbitmqInstallHint(): string {
  return installCommand(rabbitmqPackages);
}

export interface RabbitmqBinaries {
  /** The broker's start script, which runs it in the foreground and honours RABBITMQ_* variables. */
  readonly server: string;
  /** Erlang's port mapper, started by the harness inside the broker's process group. */
  readonly epmd: string;
}

/**
 * Finds RabbitMQ's start script and Erlang's `epmd`. Debian's /usr/sbin/rabbitmq-server is a
 * wrapper that switches to the `rabbitmq` user and ignores a private node's settings, so the
 * script it wraps (/usr/lib/rabbitmq/bin) comes first; Homebrew puts the script itself on PATH.
 * `WB_RABBITMQ_SEARCH_PATH` replaces the search (folders separated like PATH), which is how the
 * tests play a machine without RabbitMQ.
 */
export function findRabbitmq(): RabbitmqBinaries | undefined {
  const override = process.env.WB_RABBITMQ_SEARCH_PATH;
  const dirs = (override ?? ['/usr/lib/rabbitmq/bin', process.env.PATH ?? ''].join(path.delimiter)).split(path.delimiter).filter(Boolean);
  const server = firstIn(dirs, 'rabbitmq-server');
  const epmd = firstIn(override === undefined ? [...dirs, '/usr/lib/erlang/bin'] : dirs, 'epmd');
  return server && epmd ? { server, epmd } : undefined;
}

function firstIn(dirs: readonly string[], name: string): string | undefined {
  return dirs.map((dir) => path.join(dir, name)).find((file) => existsSync(file));
}
