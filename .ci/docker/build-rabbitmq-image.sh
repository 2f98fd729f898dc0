#!/usr/bin/env bash
# Build a RabbitMQ 3.10 image for Testcontainers without any registry, from the host's Debian
# packages (busybox-static + rabbitmq-server and the Erlang 25 packages it depends on), the way
# build-redis-image.sh builds Redis': a root filesystem assembled here and `docker import`ed.
#
# Usage: build-rabbitmq-image.sh [TAG]     (default TAG: workbench/rabbitmq:3.10)
# Needs: root, apt packages docker.io busybox-static rabbitmq-server, and a running daemon
#        reachable via DOCKER_HOST (see start-dockerd.sh).
#
# Like the official `rabbitmq:3.10-alpine` image for @testcontainers/rabbitmq: `rabbitmq-server`
# as the command, AMQP on 5672 on all interfaces, logs on the console ("Server startup complete"),
# RABBITMQ_DEFAULT_USER/PASS, guest allowed from outside, data in /var/lib/rabbitmq, run as
# `rabbitmq`. The node name is the default rabbit@<hostname>; Docker keeps a container's hostname,
# so `docker stop` + `docker start` finds the same mnesia dir (durable queues, persistent messages).
set -euo pipefail

tag="${1:-workbench/rabbitmq:3.10}"
rmq_uid=999
erl_root=/usr/lib/erlang
# Only the plugins (and Erlang applications) the broker boots with are copied, found through the
# `applications` lists of their .app files. Add plugins here to make them enable-able in the image.
extra_plugins=()

say() { printf 'build-rabbitmq-image: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
# shellcheck source=rootfs.sh
source "$(dirname "${BASH_SOURCE[0]}")/rootfs.sh"

[[ $EUID -eq 0 ]] || die "must run as root"
rmq_home="$(echo /usr/lib/rabbitmq/lib/rabbitmq_server-3.10.*)"
[[ -x "$rmq_home/sbin/rabbitmq-server" ]] || die "rabbitmq-server 3.10 missing (apt-get install rabbitmq-server)"
[[ -x "$erl_root/bin/erl" ]] || die "$erl_root/bin/erl missing (apt-get install erlang-base)"
rootfs_start wb-rmqimage

# --- the applications to copy: the closure of `rabbit` (+ extra_plugins) over the .app files of
# the plugins dir and of Erlang's lib dir; mnesia and runtime_tools are started or called without
# being listed. One line per application dir; an app the host lacks fails the build.
closure="$("$erl_root/bin/erl" -noshell -boot start_clean -eval '
  [Plugins, ErlLib | Roots] = init:get_plain_arguments(),
  Files = filelib:wildcard(Plugins ++ "/*/ebin/*.app") ++ filelib:wildcard(ErlLib ++ "/*/ebin/*.app"),
  Apps = maps:from_list([begin
      {ok, [{application, Name, Props}]} = file:consult(F),
      {Name, {filename:dirname(filename:dirname(F)), Props}}
    end || F <- Files]),
  Walk = fun Walk([], Seen) -> Seen;
             Walk([A | T], Seen) ->
               case {sets:is_element(A, Seen), maps:find(A, Apps)} of
                 {true, _} -> Walk(T, Seen);
                 {false, error} -> io:format("missing ~s~n", [A]), Walk(T, sets:add_element(A, Seen));
                 {false, {ok, {_, P}}} ->
                   Deps = proplists:get_value(applications, P, []) ++
                          proplists:get_value(included_applications, P, []),
                   Walk(Deps ++ T, sets:add_element(A, Seen))
               end
           end,
  Seen = Walk([list_to_atom(R) || R <- Roots], sets:new()),
  [io:format("~s~n", [element(1, maps:get(A, Apps))]) || A <- lists:sort(sets:to_list(Seen)), maps:is_key(A, Apps)],
  halt().' -extra "$rmq_home/plugins" "$erl_root/lib" rabbit mnesia runtime_tools erts "${extra_plugins[@]}")"
if grep -q '^missing ' <<<"$closure"; then die "applications not installed on the host: $(grep '^missing ' <<<"$closure" | cut -d' ' -f2 | xargs)"; fi
say "$(grep -c "^$rmq_home/plugins/" <<<"$closure") plugins, $(grep -c "^$erl_root/lib/" <<<"$closure") Erlang applications"

# --- Erlang: the runtime (erts, boot files) and the applications found above.
mkdir -p "$root$erl_root/lib"
erts_dirs=("$erl_root"/erts-*)
tar -C / -cf - "${erl_root#/}/bin" "${erts_dirs[@]#/}" "${erl_root#/}/releases" | tar -C "$root" -xf -
# --- RabbitMQ: its scripts (sbin; bin/ holds links to them), the CLI escripts (one file
# hard-linked under 7 names; tar keeps the links) and the plugins found above. Debian's
# rabbitmq-script-wrapper (/usr/sbin) is left out: it logs to files instead of the console.
mkdir -p "$root$rmq_home/plugins" "$root/usr/lib/rabbitmq/bin"
licenses=("$rmq_home"/LICENSE*)
tar -C / -cf - "${rmq_home#/}/sbin" "${rmq_home#/}/escript" "${licenses[@]#/}" | tar -C "$root" -xf -
cp -P /usr/lib/rabbitmq/bin/rabbitmq* "$root/usr/lib/rabbitmq/bin/"
rm -f "$root/usr/lib/rabbitmq/bin/rabbitmq-script-wrapper" "$root/usr/lib/rabbitmq/bin/rabbitmq-server-wait"
mapfile -t app_dirs <<<"$closure"
tar -C / -cf - "${app_dirs[@]#/}" | tar -C "$root" -xf -
# `rabbitmq-server` execs `erl` from PATH; the links are for `docker exec` users.
for f in erl epmd escript; do ln -s "../lib/erlang/bin/$f" "$root/usr/bin/$f"; done
# The memory monitor asks `getconf PAGESIZE` (busybox has no getconf) and warns without it.
[[ -x /usr/bin/getconf ]] && cp /usr/bin/getconf "$root/usr/bin/getconf"

# Erlang picks its file name encoding from the locale; the official image runs with C.UTF-8.
if [[ -d /usr/lib/locale/C.utf8 ]]; then
  mkdir -p "$root/usr/lib/locale"
  cp -a /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
  rmq_locale=C.UTF-8
else
  rmq_locale=C
fi

rootfs_copy_libs "$root" "$erl_root" /usr/lib/rabbitmq /usr/bin
rootfs_users "$root" rabbitmq "$rmq_uid" /var/lib/rabbitmq

# --- config, as the official image's conf.d/10-defaults.conf: guest may connect from anywhere.
# Console logging comes from RABBITMQ_LOGS=- below; RABBITMQ_DEFAULT_USER/PASS/VHOST need nothing,
# 3.10 reads them itself (seeded on first boot only). /etc/rabbitmq belongs to rabbitmq so that
# `rabbitmq-plugins enable` can write enabled_plugins.
mkdir -p "$root/etc/rabbitmq/conf.d" "$root/var/lib/rabbitmq" "$root/var/log/rabbitmq"
cat >"$root/etc/rabbitmq/conf.d/10-defaults.conf" <<'CONF'
## allow access to the guest user from anywhere on the network
loopback_users.guest = false
CONF
printf '[].\n' >"$root/etc/rabbitmq/enabled_plugins"
# A cookie fixed per image, so `docker exec ... rabbitmqctl` (HOME=/var/lib/rabbitmq, as root)
# and the server agree; Erlang insists on an owner-only file.
od -An -N20 -tu1 /dev/urandom | awk '{ for (i = 1; i <= NF; i++) printf "%c", 65 + $i % 26 }' >"$root/var/lib/rabbitmq/.erlang.cookie"
chmod 400 "$root/var/lib/rabbitmq/.erlang.cookie"
chown -R "$rmq_uid:$rmq_uid" "$root/etc/rabbitmq" "$root/var/lib/rabbitmq" "$root/var/log/rabbitmq"

# The official image's entrypoint runs the server as `rabbitmq`; busybox su does the same here.
# PID 1 ends up as rabbitmq-server (a shell script), which turns SIGTERM from `docker stop` into
# a clean broker shutdown.
cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
set -eu
case "${1:-}" in -*) set -- rabbitmq-server "$@" ;; esac
if [ "${1:-}" = rabbitmq-server ] && [ "$(id -u)" = 0 ]; then
  # A volume mounted over the data dir arrives root-owned.
  find /var/lib/rabbitmq /etc/rabbitmq \! -user rabbitmq -exec chown rabbitmq:rabbitmq {} +
  # busybox su parses options anywhere in argv; POSIXLY_CORRECT stops at the user name.
  # shellcheck disable=SC2016 # $0/$@ are for the inner shell
  exec env POSIXLY_CORRECT=1 su -s /bin/sh rabbitmq -c 'unset POSIXLY_CORRECT; exec "$0" "$@"' "$@"
fi
exec "$@"
ENTRYPOINT
chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"

# HOME: root's `docker exec rabbitmqctl` must find the server's cookie (official image does so).
changes=(
  --change "ENV PATH=/usr/lib/rabbitmq/bin:$erl_root/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  --change 'ENV HOME=/var/lib/rabbitmq'
  --change 'ENV RABBITMQ_LOGS=-'
  --change "ENV LANG=$rmq_locale"
  --change 'WORKDIR /var/lib/rabbitmq'
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]'
  --change 'CMD ["rabbitmq-server"]'
  --change 'EXPOSE 4369 5671 5672 25672'
)
rootfs_import "$tag" "rootfs from host rabbitmq-server + erlang + busybox-static" "${changes[@]}"
