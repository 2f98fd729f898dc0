#!/usr/bin/env bash
# Build a Redis 7 image for Testcontainers without any registry, from the host's Debian packages
# (busybox-static + redis-server), the way build-postgres-image.sh builds PostgreSQL's: a root
# filesystem assembled here and `docker import`ed.
#
# Usage: build-redis-image.sh [TAG]     (default TAG: workbench/redis:7)
# Needs: root, apt packages docker.io busybox-static redis-server, and a running daemon reachable
#        via DOCKER_HOST (see start-dockerd.sh).
#
# Like the official `redis` image for @testcontainers/redis: `redis-server` on PATH as the
# command, port 6379, "Ready to accept connections" in the log, data in /data, run as `redis`.
set -euo pipefail

tag="${1:-workbench/redis:7}"
redis_uid=999

say() { printf 'build-redis-image: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
# shellcheck source=rootfs.sh
source "$(dirname "${BASH_SOURCE[0]}")/rootfs.sh"

[[ $EUID -eq 0 ]] || die "must run as root"
[[ -x /usr/bin/redis-server ]] || die "/usr/bin/redis-server missing (apt-get install redis-server)"
rootfs_start wb-redisimage
mkdir -p "$root/opt/redis/bin"
# redis-server resolves its own path (/proc/self/exe) for redis-check-*; only the server is needed.
cp -L /usr/bin/redis-server "$root/opt/redis/bin/redis-server"
[[ -x /usr/bin/redis-cli ]] && cp -L /usr/bin/redis-cli "$root/opt/redis/bin/redis-cli"
rootfs_copy_libs "$root" /opt/redis/bin
rootfs_users "$root" redis "$redis_uid" /data
mkdir -p "$root/data"
chown "$redis_uid:$redis_uid" "$root/data"

# The official image's entrypoint runs the server as `redis`; busybox su does the same here.
cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
set -eu
case "${1:-}" in -*) set -- redis-server "$@" ;; esac
if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  # busybox su parses options anywhere in argv; POSIXLY_CORRECT stops at the user name.
  # shellcheck disable=SC2016 # $0/$@ are for the inner shell
  exec env POSIXLY_CORRECT=1 su -s /bin/sh redis -c 'unset POSIXLY_CORRECT; exec "$0" "$@"' "$@"
fi
exec "$@"
ENTRYPOINT
chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"

changes=(
  --change "ENV PATH=/opt/redis/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  --change 'WORKDIR /data'
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]'
  --change 'CMD ["redis-server", "--protected-mode", "no"]'
  --change 'EXPOSE 6379'
)
rootfs_import "$tag" "rootfs from host redis-server + busybox-static" "${changes[@]}"
