# Shared by start-dockerd.sh and stop-dockerd.sh (sourced, not run): where the private daemon
# keeps its state, which client talks to it, and how to tell that it is still ours and alive.
# The sourcing script defines say() first.

dir="${WB_DOCKER_DIR:-/tmp/wb-docker}"
sock="$dir/docker.sock"
pidfile="$dir/docker.pid"
log="$dir/dockerd.log"

# Prefer Debian's client (/usr/bin/docker) so behaviour matches a fresh machine, but accept
# any `docker` on PATH.
docker_bin="$(command -v /usr/bin/docker || command -v docker || true)"

# PID has not exited (and, with a 2nd argument, runs that command).
# /proc/PID/stat is "PID (comm) STATE ..."; a daemon that died lingers as a zombie (Z) until
# reaped, which kill -0 calls alive.
is_live() {
  local _pid comm state
  read -r _pid comm state _ 2>/dev/null <"/proc/$1/stat" || return 1
  [[ "$state" != Z && ( -z "${2:-}" || "$comm" == "($2)" ) ]]
}

# Pidfile -> PID, only if it still names a live dockerd: PIDs get recycled.
daemon_pid() {
  local pid
  [[ -s "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] && is_live "$pid" dockerd || return 1
  printf '%s\n' "$pid"
}

# dockerd bind-mounts its data root (and overlay/netns mounts live below it); after a clean
# exit they are gone, but a daemon that failed or was killed leaves them behind and the state
# dir cannot be deleted. Only mounts below our own dir are touched, deepest first.
umount_leftovers() {
  local mp
  awk -v d="$dir/" '{ p = $5 "/" } index(p, d) == 1 { print $5 }' /proc/self/mountinfo |
    sort -r | while read -r mp; do
      umount "$mp" 2>/dev/null || say "warning: cannot unmount $mp (busy?)"
    done
}
