#!/usr/bin/env bash
# Stop the private dockerd started by start-dockerd.sh (same WB_DOCKER_DIR).
# Only the PID in that daemon's pidfile is ever signalled, so a system
# Docker or anything else on the machine is left alone. Safe to run when the
# daemon is not running.
#
# Env:
#   WB_DOCKER_DIR           state dir (default /tmp/wb-docker)
#   WB_DOCKER_STOP_TIMEOUT  seconds to wait for exit before SIGKILL (default 30)
set -euo pipefail

timeout_s="${WB_DOCKER_STOP_TIMEOUT:-30}"

say() { printf 'stop-dockerd: %s\n' "$*" >&2; }

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if ! pid="$(daemon_pid)"; then
  say "no dockerd running for $pidfile; nothing to do"
  rm -f "$pidfile"
  umount_leftovers
  exit 0
fi

# Remove containers first: a plain daemon shutdown only stops them, and
# leftovers (plus their docker-proxy port bindings) would be revived or pile
# up on the next start with the same data root.
if [[ -n "$docker_bin" ]]; then
  # Bounded: a wedged daemon must not block shutdown (it gets SIGTERM/KILL below).
  ids="$(timeout 30 "$docker_bin" -H "unix://$sock" ps -aq 2>/dev/null || true)"
  if [[ -n "$ids" ]]; then
    say "removing $(wc -w <<<"$ids") container(s)"
    # shellcheck disable=SC2086 # word-splitting the id list is intended
    timeout 60 "$docker_bin" -H "unix://$sock" rm -f -v $ids >/dev/null || say "warning: docker rm -f failed"
  fi
fi

say "stopping dockerd (pid $pid)"
kill -TERM "$pid" 2>/dev/null || true

deadline=$((SECONDS + timeout_s))
while daemon_pid >/dev/null; do
  if ((SECONDS >= deadline)); then
    # Last resort only; SIGKILL can leave containerd-shim children behind.
    say "dockerd did not exit within ${timeout_s}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
    break
  fi
  sleep 0.2
done

# On a clean exit dockerd stops the containerd it spawned; after SIGKILL that
# containerd is orphaned. Its pidfile lives in our exec root, so it is ours.
cpidfile="$dir/exec/containerd/containerd.pid"
if [[ -s "$cpidfile" ]]; then
  cpid="$(cat "$cpidfile")"
  if [[ "$cpid" =~ ^[0-9]+$ ]] && read -r _ ccomm cstate _ 2>/dev/null <"/proc/$cpid/stat" &&
    [[ "$ccomm" == "(containerd)" && "$cstate" != Z ]]; then
    say "stopping orphaned containerd (pid $cpid)"
    kill -TERM "$cpid" 2>/dev/null || true
  fi
fi

# dockerd removes its pidfile on clean exit; after SIGKILL we must.
rm -f "$pidfile" "$sock"
umount_leftovers
say "stopped"
