#!/usr/bin/env bash
# Start a private Docker daemon for CI (Testcontainers backend) and print
#   export DOCKER_HOST=unix:///.../docker.sock
# on stdout, so callers can do:  eval "$(.ci/docker/start-dockerd.sh)"
#
# Deliberately NOT the distro's docker.service: CI machines often have no
# systemd, and a private socket/state dir keeps our daemon (and whatever it
# leaves behind) separate from any system Docker. Needs root and only what
# `apt-get install docker.io` provides.
#
# Env:
#   WB_DOCKER_DIR             state dir (default /tmp/wb-docker)
#   WB_DOCKER_STORAGE_DRIVER  force a storage driver (e.g. vfs when the state
#                             dir is itself on overlayfs); default: auto
#   WB_DOCKER_START_TIMEOUT   seconds to wait for the API (default 30)
set -euo pipefail

timeout_s="${WB_DOCKER_START_TIMEOUT:-30}"

# stdout is reserved for the export line (callers eval it); all chatter to stderr.
say() { printf 'start-dockerd: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[[ -n "$docker_bin" ]] || die "docker CLI not found (apt-get install docker.io)"
command -v dockerd >/dev/null || die "dockerd not found (apt-get install docker.io)"
[[ $EUID -eq 0 ]] || die "dockerd needs root (network namespaces, mounts, iptables)"

api_up() { "$docker_bin" -H "unix://$sock" info >/dev/null 2>&1; }

is_live_dockerd() { is_live "$1" dockerd; }
our_daemon_alive() { daemon_pid >/dev/null; }

wait_api() {
  local deadline=$((SECONDS + timeout_s))
  until api_up; do
    if ! our_daemon_alive; then
      say "dockerd exited during startup; last log lines:"
      tail -n 30 "$log" >&2 || true
      umount_leftovers
      return 1
    fi
    if ((SECONDS >= deadline)); then
      say "dockerd API not answering after ${timeout_s}s; last log lines:"
      tail -n 30 "$log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

print_export() { printf 'export DOCKER_HOST=unix://%s\n' "$sock"; }

# Idempotence: a second call (e.g. another CI step) reuses the daemon.
if our_daemon_alive; then
  wait_api || die "existing dockerd (pid $(cat "$pidfile")) is not answering"
  say "already running (pid $(cat "$pidfile"))"
  print_export
  exit 0
fi

# containerd/dockerd create unix sockets below the exec root; Linux caps
# socket paths at 108 bytes, and the failure message would be cryptic.
longest="$dir/exec/containerd/containerd.sock.ttrpc"
((${#longest} < 108)) || die "WB_DOCKER_DIR too long for unix socket paths: $dir"

# Two daemons sharing the default docker0 bridge (and 172.17.0.0/16) hand
# out the same container IPs, which breaks port publishing in odd ways.
for proc in /proc/[0-9]*; do
  other="${proc#/proc/}"
  if is_live_dockerd "$other"; then
    die "another dockerd (pid $other) is running and would share docker0; stop it or use its socket"
  fi
done

mkdir -p "$dir"
chmod 700 "$dir"
rm -f "$pidfile" "$sock"
record_host_before

# Our own (empty) config file so a host /etc/docker/daemon.json cannot add
# TCP listeners or clash with the flags below.
printf '{}\n' >"$dir/daemon.json"

args=(
  --host "unix://$sock"
  --config-file "$dir/daemon.json"
  --data-root "$dir/data"
  --exec-root "$dir/exec"
  --pidfile "$pidfile"
  # If a system containerd is running, dockerd 20.10 attaches to it instead of
  # spawning its own; separate namespaces keep our containers apart from the
  # system daemon's (harmless when dockerd manages its own containerd).
  --containerd-namespace wb-moby
  --containerd-plugins-namespace wb-plugins
)

# Port publishing (`-p 127.0.0.1::5432`, which Testcontainers relies on) needs
# either iptables NAT or docker-proxy. Loopback publishing goes through
# docker-proxy anyway, so where the kernel/iptables cannot do NAT (some
# containers/VMs) fall back to proxy-only instead of failing to start.
if iptables -t nat -n -L >/dev/null 2>&1; then
  say "iptables NAT usable; using default bridge networking"
else
  say "iptables NAT unusable here; starting with --iptables=false (docker-proxy publishes ports)"
  args+=(--iptables=false --ip-masq=false)
fi

if [[ -n "${WB_DOCKER_STORAGE_DRIVER:-}" ]]; then
  args+=(--storage-driver "$WB_DOCKER_STORAGE_DRIVER")
fi

start=$EPOCHREALTIME
# setsid: survive the caller's process group (CI steps, Ctrl-C on the shell
# that started us). All fds redirected: with stdout inherited, `$(...)` in the
# caller would wait for dockerd to exit and hang forever.
setsid dockerd "${args[@]}" </dev/null >>"$log" 2>&1 &
launched=$!

# dockerd writes the pidfile itself, a moment after exec; wait for it so the
# liveness check in wait_api looks at the right process.
deadline=$((SECONDS + timeout_s))
until [[ -s "$pidfile" ]]; do
  # No comm check: until its exec completes the child is still "bash"/"setsid".
  if ! is_live "$launched"; then
    say "dockerd exited immediately; last log lines:"
    tail -n 30 "$log" >&2 || true
    umount_leftovers
    exit 1
  fi
  ((SECONDS < deadline)) || die "dockerd wrote no pidfile within ${timeout_s}s (log: $log)"
  sleep 0.1
done

wait_api || exit 1
say "dockerd up (pid $(cat "$pidfile")) in $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')s; log: $log"
print_export
