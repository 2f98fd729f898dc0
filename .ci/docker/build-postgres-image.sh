#!/usr/bin/env bash
# Build a PostgreSQL 15 image for Testcontainers without any registry: CI has
# no image registry, so we assemble a root filesystem from the host's Debian
# packages (busybox-static + postgresql-15), `docker import` it, then run it
# once to bake an initialised cluster into the image (`docker commit`), which
# saves initdb's ~2 s on every container start.
#
# Usage: build-postgres-image.sh [TAG]     (default TAG: workbench/postgres:15)
# Needs: root, apt packages docker.io busybox-static postgresql, and a running
#        daemon reachable via DOCKER_HOST (see start-dockerd.sh).
#
# The entrypoint mimics the official `postgres` image closely enough for
# @testcontainers/postgresql: POSTGRES_USER/PASSWORD/DB, password auth for
# non-local TCP clients, server runs as `postgres`, /docker-entrypoint-initdb.d.
set -euo pipefail

tag="${1:-workbench/postgres:15}"
pg_major=15
pg_bin="/usr/lib/postgresql/$pg_major/bin"
pg_lib="/usr/lib/postgresql/$pg_major/lib"
pg_share="/usr/share/postgresql/$pg_major"
# 999 is the uid/gid of the official postgres image, so files in shared
# volumes get the same owner either way.
pg_uid=999
pg_gid=999

say() { printf 'build-postgres-image: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
# shellcheck source=rootfs.sh
source "$(dirname "${BASH_SOURCE[0]}")/rootfs.sh"

# chown to the postgres uid and chroot for ldconfig both need root.
[[ $EUID -eq 0 ]] || die "must run as root"
[[ -x "$pg_bin/postgres" ]] || die "$pg_bin/postgres missing (apt-get install postgresql)"
rootfs_start wb-pgimage

# --- PostgreSQL. JIT (llvmjit*, bitcode/) would drag in the ~100 MB libLLVM;
# without llvmjit.so the server silently runs with JIT unavailable.
mkdir -p "$root/usr/lib/postgresql" "$root/usr/share/postgresql"
tar -C / -cf - \
  --exclude="${pg_lib#/}/bitcode" --exclude="${pg_lib#/}/llvmjit*" \
  "${pg_bin#/}" "${pg_lib#/}" | tar -C "$root" -xf -
tar -C / -cf - --exclude="${pg_share#/}/man" "${pg_share#/}" | tar -C "$root" -xf -

# Debian builds postgres --with-system-tzdata; without zoneinfo initdb falls
# back to GMT and SET TIME ZONE 'Europe/...' would fail in tests.
if [[ -d /usr/share/zoneinfo ]]; then
  mkdir -p "$root/usr/share"
  cp -a /usr/share/zoneinfo "$root/usr/share/"
  ln -s /usr/share/zoneinfo/Etc/UTC "$root/etc/localtime"
fi
# initdb --locale=C.UTF-8 needs the compiled locale on glibc 2.36.
if [[ -d /usr/lib/locale/C.utf8 ]]; then
  mkdir -p "$root/usr/lib/locale"
  cp -a /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
  pg_locale=C.UTF-8
else
  pg_locale=C
fi

# --- shared libraries, so pg_dump/psql/extensions work too.
rootfs_copy_libs "$root" /usr/lib/postgresql

rootfs_users "$root" postgres "$pg_uid" /var/lib/postgresql

# initdb runs `locale -a` to seed pg_collation; busybox has no `locale`, and
# without it initdb warns "no usable system locales" and omits C.utf8.
{
  printf '#!/bin/sh\n'
  # shellcheck disable=SC2016 # literal shell code for the image
  printf '[ "${1:-}" = -a ] || { echo "locale: only -a is supported" >&2; exit 1; }\n'
  printf 'echo C; echo POSIX\n'
  if [[ $pg_locale == C.UTF-8 ]]; then printf 'echo C.utf8\n'; fi
} >"$root/usr/bin/locale"
chmod 755 "$root/usr/bin/locale"

mkdir -p "$root/var/lib/postgresql/data" "$root/run/postgresql" "$root/docker-entrypoint-initdb.d"
chown -R "$pg_uid:$pg_gid" "$root/var/lib/postgresql" "$root/run/postgresql"
chmod 700 "$root/var/lib/postgresql/data"
chmod 3777 "$root/run/postgresql"

# --- entrypoint. Path and name match the official image because
# @testcontainers/postgresql's withSSL() wrapper execs
# /usr/local/bin/docker-entrypoint.sh.
cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
# Subset of the official postgres image's docker-entrypoint.sh, for busybox sh.
# Difference: the image ships a cluster initialised at build time (initdb
# costs ~2 s per container start otherwise); on first start it is adapted to
# POSTGRES_USER/PASSWORD/DB in single-user mode, which takes ~0.2 s. An empty
# PGDATA (volume, tmpfs) or POSTGRES_INITDB_ARGS gets a real initdb instead.
set -eu

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA
# Present while PGDATA holds the build-time cluster not yet adapted to POSTGRES_*.
template_marker="$PGDATA/.wb-template"
# Database created at build time and renamed to POSTGRES_DB on first start:
# CREATE DATABASE copies template1 (~1 s in a container), a rename is instant.
# FILE_COPY below: PG15's default WAL_LOG strategy is ~2x slower here.
spare_db=wb_spare_db

# `docker run IMAGE -c x=y` means `postgres -c x=y`, as in the official image.
case "${1:-}" in -*) set -- postgres "$@" ;; esac
case "${1:-}" in postgres | wb-bake-cluster) ;; *) exec "$@" ;; esac
# `postgres --version` and friends need no cluster (official image: _pg_want_help).
for arg; do
  case "$arg" in -'?' | --help | --describe-config | -V | --version) exec "$@" ;; esac
done

if [ "$(id -u)" = 0 ]; then
  # Volumes/tmpfs mounted over PGDATA arrive root-owned; fix before dropping.
  mkdir -p "$PGDATA" /run/postgresql
  chown postgres:postgres "$PGDATA" /run/postgresql
  chmod 700 "$PGDATA"
  chmod 3777 /run/postgresql
  # No gosu here. busybox su parses options GNU-style (anywhere in argv), so
  # postgres' own "-c name=value" would be taken as su's -c; POSIXLY_CORRECT
  # stops option parsing at the user name.
  # shellcheck disable=SC2016 # $0/$@ are for the inner shell
  exec env POSIXLY_CORRECT=1 su -s /bin/sh postgres \
    -c 'unset POSIXLY_CORRECT; exec "$0" "$@"' "$0" "$@"
fi

# Same initdb flags for the build-time cluster and the fallback. --auth=trust
# is initdb's default anyway (only silences its warning); the catch-all
# password line is appended below.
# --no-sync: containers are throw-away and fsync is initdb's slowest part.
# POSTGRES_INITDB_ARGS is word-split on purpose, as in the official image.
init_cluster() { # $1 superuser name, $2 password file (may be empty)
  # shellcheck disable=SC2086
  initdb --username="$1" ${2:+"--pwfile=$2"} --auth=trust --encoding=UTF8 --locale=@PG_LOCALE@ \
    --no-sync --no-instructions ${POSTGRES_INITDB_ARGS:-} >/dev/null
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
}

sql_literal() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }
sql_ident() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }

# Single-user backend (no listener, so nothing connects before init is done;
# always runs as the bootstrap superuser, OID 10). It exits 0 even when a
# statement fails, hence the scan of its output. With -j statements end with
# ";" plus an empty line.
single_user() {
  out="$(postgres --single -j -F -D "$PGDATA" postgres 2>&1)" || { printf '%s\n' "$out" >&2; exit 1; }
  case "$out" in *ERROR:* | *FATAL:* | *PANIC:*) printf '%s\n' "$out" >&2; exit 1 ;; esac
}

if [ "$1" = wb-bake-cluster ]; then # used once, by build-postgres-image.sh
  init_cluster postgres ""
  printf 'CREATE DATABASE %s STRATEGY = FILE_COPY;\n\n' "$spare_db" | single_user
  : >"$template_marker"
  exit 0
fi

if [ -e "$template_marker" ] && [ -n "${POSTGRES_INITDB_ARGS:-}" ]; then
  # Custom initdb options cannot be applied to the pre-built cluster.
  find "$PGDATA" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
fi

if [ -e "$template_marker" ] || [ ! -s "$PGDATA/PG_VERSION" ]; then
  user="${POSTGRES_USER:-postgres}"
  db="${POSTGRES_DB:-$user}"
  auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
    echo "Error: database is uninitialized and superuser password is not specified." >&2
    echo "       Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)." >&2
    exit 1
  fi

  if [ -e "$template_marker" ]; then
    # Renaming OID 10 in the catalog is what initdb --username does; ALTER ROLE
    # RENAME refuses because it is the (single-user) session's own role.
    {
      [ "$user" = postgres ] || printf 'UPDATE pg_authid SET rolname = %s WHERE oid = 10;\n\n' "$(sql_literal "$user")"
      [ -z "${POSTGRES_PASSWORD:-}" ] || printf 'ALTER ROLE %s PASSWORD %s;\n\n' "$(sql_ident "$user")" "$(sql_literal "$POSTGRES_PASSWORD")"
      case "$db" in
        "$spare_db") ;;
        postgres) printf 'DROP DATABASE %s;\n\n' "$spare_db" ;;
        *) printf 'ALTER DATABASE %s RENAME TO %s;\n\n' "$spare_db" "$(sql_ident "$db")" ;;
      esac
    } | single_user
    rm -f "$template_marker"
  else
    pwfile=""
    if [ -n "${POSTGRES_PASSWORD:-}" ]; then
      pwfile="$(mktemp)"
      printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    fi
    init_cluster "$user" "$pwfile"
    [ -z "$pwfile" ] || rm -f "$pwfile"
    [ "$db" = postgres ] || printf 'CREATE DATABASE %s STRATEGY = FILE_COPY;\n\n' "$(sql_ident "$db")" | single_user
  fi

  # Local socket and loopback stay trust (psql via `docker exec`, health
  # check); everything else must authenticate, like the official image.
  printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

  if [ -n "$(ls -A /docker-entrypoint-initdb.d 2>/dev/null)" ]; then
    pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -F" start >/dev/null
    for f in /docker-entrypoint-initdb.d/*; do
      # shellcheck disable=SC1090 # non-executable *.sh are sourced, as in the official image
      case "$f" in
        *.sh) if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
        *.sql) psql -v ON_ERROR_STOP=1 -X -q -U "$user" -d "$db" -f "$f" ;;
        *.sql.gz) gunzip -c "$f" | psql -v ON_ERROR_STOP=1 -X -q -U "$user" -d "$db" ;;
        *) echo "$0: ignoring $f" >&2 ;;
      esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  echo "PostgreSQL init process complete; ready for start up."
fi

exec "$@"
ENTRYPOINT
sed -i "s/@PG_LOCALE@/$pg_locale/" "$root/usr/local/bin/docker-entrypoint.sh"
chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
ln -s usr/local/bin/docker-entrypoint.sh "$root/docker-entrypoint.sh"

# --- image config. No USER: like the official image the entrypoint starts as
# root (to fix PGDATA ownership) and drops to postgres itself. fsync etc. off
# in CMD because test data is disposable and this dominates DDL-heavy tests.
# (import/commit reject STOPSIGNAL, so `docker stop` sends SIGTERM = postgres
# "smart" shutdown instead of the official image's SIGINT; Testcontainers
# stops with timeout 0, i.e. SIGKILL, so it makes no difference there.)
changes=(
  --change "ENV PATH=$pg_bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  --change "ENV PG_MAJOR=$pg_major"
  --change "ENV PGDATA=/var/lib/postgresql/data"
  --change "ENV LANG=$pg_locale"
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]'
  --change 'CMD ["postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]'
  --change 'EXPOSE 5432'
)

# Rebuilding re-tags; remember the old image so it does not linger dangling.
old_id="$(rootfs_image_id "$tag")"

say "importing rootfs ($(du -sh "$root" | cut -f1))"
base_id="$(tar -C "$root" --numeric-owner -cf - . |
  "$docker_bin" import "${changes[@]}" \
    --message "rootfs from host postgresql-$pg_major + busybox-static" -)"

# Bake the cluster by running the image itself rather than initdb on the host
# in a chroot: initdb probes shared memory (/dev/shm) and the time zone, and
# should see exactly what containers will see.
bake="wb-pg-bake-$$"
committed=0
cleanup() {
  rm -rf "$work"
  "$docker_bin" rm -f "$bake" >/dev/null 2>&1 || true
  # On failure the untagged base would otherwise linger; once committed it is
  # the parent layer of $tag and must stay.
  if ((!committed)); then "$docker_bin" rmi "$base_id" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
say "initialising template cluster"
"$docker_bin" run --name "$bake" --network none "$base_id" wb-bake-cluster >&2
"$docker_bin" commit "${changes[@]}" \
  --message "template cluster (initdb at build time)" "$bake" "$tag" >/dev/null
committed=1
"$docker_bin" rm "$bake" >/dev/null

# Also drops the old image's untagged base layer.
rootfs_finish "$tag" "$old_id"
