import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../errors.ts';
import { freePort } from '../free-port.ts';
import { launchNative, type StartedNativeServer } from '../native/native-server.ts';
import type { RabbitmqInfo } from '../types.ts';
import { findRabbitmq, rabbitmqInstallHint } from './find-rabbitmq.ts';
import { pingRabbitmq } from './ping-rabbitmq.ts';
import { rabbitmqUri } from './rabbitmq-uri.ts';

/** The broker's config: AMQP on loopback only, logs to the server log, no disk alarm on a small tmpfs. */
function config(port: number): string {
  return [`listeners.tcp.default = 127.0.0.1:${port}`, 'log.console = true', 'log.console.level = warning', 'log.file = false', 'disk_free_limit.absolute = 1MB', ''].join('\n');
}

let canRestoreSignals: boolean | undefined;

/** Whether this machine's `env` can undo the ignored signals of a background job (GNU coreutils 8.31+). */
function restoreSignals(): boolean {
  canRestoreSignals ??= spawnSync('env', ['--default-signal=INT,QUIT', 'true'], { stdio: 'ignore' }).status === 0;
  return canRestoreSignals;
}

/** Erlang's ports beside AMQP's, chosen once per server so a restart finds its node again. */
interface ErlangPorts {
  readonly epmd: number;
  readonly distribution: number;
}

/**
 * rabbitmq-server from this machine as its own node: a private node name, its mnesia, logs and
 * Erlang cookie under the server's directory, AMQP, distribution and the port mapper (epmd) on
 * loopback ports of its own. Erlang would start epmd as a daemon that outlives the broker; the
 * harness starts it in the broker's process group instead, so stopping the group stops both.
 * Ready when an AMQP connection opens (~4 s here).
 */
export function startNativeRabbitmq(persistent: boolean): Promise<StartedNativeServer<RabbitmqInfo>> {
  const binaries = findRabbitmq();
  if (!binaries) throw new WorkbenchError('WB_ERR_DEPS_NATIVE_MISSING', { missing: 'no `rabbitmq-server` (with Erlang\'s `epmd`) on PATH or under /usr/lib/rabbitmq/bin', install: rabbitmqInstallHint() });
  return launchNative<RabbitmqInfo>(
    {
      kind: 'rabbitmq',
      prepare: async (dir) => {
        const ports: ErlangPorts = { epmd: await freePort(), distribution: await freePort() };
        writeFileSync(path.join(dir, 'erlang-ports.json'), JSON.stringify(ports));
        writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
      },
      command: (port, dir) => {
        const ports = JSON.parse(readFileSync(path.join(dir, 'erlang-ports.json'), 'utf8')) as ErlangPorts;
        writeFileSync(path.join(dir, 'rabbitmq.conf'), config(port));
        return {
          file: '/bin/sh',
          // epmd as a background job stays in the group; the script then becomes the group's
          // leader and waits for the broker (it stops it cleanly on SIGTERM). A shell starts a
          // background job with SIGINT and SIGQUIT ignored, and the harness stops a group with
          // those too: `env --default-signal` gives them back to epmd where env can.
          args: ['-c', `set -e; ${restoreSignals() ? 'env --default-signal=INT,QUIT ' : ''}"$1" -address 127.0.0.1 -port "$2" & exec "$3"`, 'sh', binaries.epmd, String(ports.epmd), binaries.server],
          env: {
            HOME: dir,
            RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
            RABBITMQ_NODENAME: `wb-${path.basename(dir)}@localhost`,
            RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
            RABBITMQ_NODE_PORT: String(port),
            RABBITMQ_DIST_PORT: String(ports.distribution),
            ERL_EPMD_PORT: String(ports.epmd),
            ERL_EPMD_ADDRESS: '127.0.0.1',
            RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}',
            RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq'),
            RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
            RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
            RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
            RABBITMQ_LOG_BASE: path.join(dir, 'log'),
            RABBITMQ_PID_FILE: path.join(dir, 'rabbitmq.pid'),
          },
        };
      },
      info: (port, resourceId) => ({ kind: 'rabbitmq', backend: 'native', host: '127.0.0.1', port, uri: rabbitmqUri('127.0.0.1', port), serverVersion: '', resourceId }),
      answers: (info) => pingRabbitmq(info.uri, 1000),
      portTaken: /eaddrinuse/i,
      // SIGTERM: the start script stops the broker cleanly (~1 s); a throwaway broker is killed.
      stopSignal: 'SIGTERM',
      discardSignal: 'SIGKILL',
      readyTimeoutMs: 30_000,
    },
    persistent,
  );
}
