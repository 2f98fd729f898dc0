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

# What of Docker's host-wide traces existed before our daemon started (written by
# start-dockerd.sh): stop-dockerd.sh removes only what our daemon added.
host_before="$dir/host-before"

record_host_before() {
  {
    ip link show docker0 >/dev/null 2>&1 && echo had_bridge=1 || echo had_bridge=0
    iptables -t nat -S DOCKER >/dev/null 2>&1 && echo had_nat_chains=1 || echo had_nat_chains=0
    iptables -t filter -S DOCKER >/dev/null 2>&1 && echo had_filter_chains=1 || echo had_filter_chains=0
    [[ -e /run/docker ]] && echo had_run_docker=1 || echo had_run_docker=0
    [[ -e /run/containerd ]] && echo had_run_containerd=1 || echo had_run_containerd=0
    # dockerd turns IP forwarding on and sets the FORWARD policy to DROP.
    echo "ip_forward=$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null || echo 1)"
    echo "forward_policy=$(iptables -S FORWARD 2>/dev/null | awk '$1 == "-P" { print $3 }')"
  } >"$host_before"
}

# Rules in the built-in chains that jump to Docker's chains or name its bridge, then Docker's
# own chains. Only called for a table whose Docker chains our daemon created.
drop_docker_rules() {
  local table="$1" rule chain
  iptables -t "$table" -S 2>/dev/null | grep -E '^-A (PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) .*(DOCKER|docker0)' |
    while read -r rule; do
      eval "iptables -t $table -D ${rule#-A }" 2>/dev/null || say "warning: cannot delete iptables rule: $rule"
    done
  for chain in $(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^DOCKER/ { print $2 }'); do
    iptables -t "$table" -F "$chain" 2>/dev/null || true
  done
  for chain in $(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^DOCKER/ { print $2 }'); do
    iptables -t "$table" -X "$chain" 2>/dev/null || say "warning: cannot delete iptables chain $table/$chain"
  done
}

# After the daemon has exited: the bridge, the iptables chains and the /run dirs it created.
clean_host() {
  [[ -s "$host_before" ]] || return 0
  local had_bridge=1 had_nat_chains=1 had_filter_chains=1 had_run_docker=1 had_run_containerd=1 ip_forward='' forward_policy='' name var mp
  # shellcheck disable=SC1090 # written by record_host_before
  source "$host_before"
  if [[ "$had_bridge" == 0 ]] && ip link show docker0 >/dev/null 2>&1; then
    ip link delete docker0 2>/dev/null || say "warning: cannot delete the docker0 bridge"
  fi
  [[ "$had_nat_chains" == 0 ]] && drop_docker_rules nat
  [[ "$had_filter_chains" == 0 ]] && drop_docker_rules filter
  if [[ -n "$forward_policy" ]]; then iptables -P FORWARD "$forward_policy" 2>/dev/null || say "warning: cannot restore the FORWARD policy"; fi
  if [[ "$ip_forward" == 0 || "$ip_forward" == 1 ]]; then echo "$ip_forward" >/proc/sys/net/ipv4/ip_forward 2>/dev/null || true; fi
  for name in docker containerd; do
    var="had_run_$name"
    [[ "${!var}" == 0 && -e "/run/$name" ]] || continue
    awk -v d="/run/$name/" '{ p = $5 "/" } index(p, d) == 1 { print $5 }' /proc/self/mountinfo |
      sort -r | while read -r mp; do umount "$mp" 2>/dev/null || say "warning: cannot unmount $mp"; done
    rm -rf "/run/$name" || say "warning: cannot remove /run/$name"
  done
}
