#!/usr/bin/env bash
# Stop the private dockerd started by start-dockerd.sh (same WB_DOCKER_DIR), and remove
# what it left: its containers, its state dir (data root included), and the docker0 bridge,
# iptables chains and /run dirs it created (those that existed before it started stay).
# Only the PID in that daemon's pidfile is ever signalled, so a system Docker or anything
# else on the machine is left alone. Safe to run when the daemon is not running.
#
# Env:
#   WB_DOCKER_DIR           state dir (default /tmp/wb-docker)
#   WB_DOCKER_STOP_TIMEOUT  seconds to wait for exit before SIGKILL (default 30)
#   WB_DOCKER_KEEP_DATA=1   keep the state dir, and so the built images, for the next start
set -euo pipefail

timeout_s="${WB_DOCKER_STOP_TIMEOUT:-30}"

say() { printf 'stop-dockerd: %s\n' "$*" >&2; }

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Everything but the daemon itself: host traces, mounts, and the state dir.
clean_up() {
  clean_host
  umount_leftovers
  if [[ "${WB_DOCKER_KEEP_DATA:-0}" == 1 ]]; then
    rm -f "$pidfile" "$sock"
  else
    rm -rf "$dir" || say "warning: cannot remove $dir"
  fi
}

if ! pid="$(daemon_pid)"; then
  say "no dockerd running for $pidfile; cleaning up what is left"
  clean_up
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

clean_up
say "stopped"
