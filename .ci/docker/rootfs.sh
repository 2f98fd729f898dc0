# Shared by the image builders (sourced, not run): a minimal root filesystem assembled from this
# host's Debian packages, for images built without any registry. The sourcing script defines
# say() and die() first.

# What every builder does first: find the Docker client and its daemon, start the clock, and lay
# out a root filesystem with busybox in a work dir removed on exit. Sets docker_bin, t0, work, root.
rootfs_start() { # $1 a name for the work dir
  docker_bin="$(command -v /usr/bin/docker || command -v docker || true)"
  [[ -n "$docker_bin" ]] || die "docker CLI not found"
  "$docker_bin" info >/dev/null 2>&1 || die "no Docker daemon at DOCKER_HOST=${DOCKER_HOST:-<unset>}"
  t0=$EPOCHREALTIME
  work="$(mktemp -d "/tmp/$1.XXXXXX")"
  # shellcheck disable=SC2064 # the dir is known now
  trap "rm -rf '$work'" EXIT
  root="$work/rootfs"
  rootfs_init "$root"
  rootfs_busybox "$root"
}

# A merged-/usr layout like Debian 12, so library paths reported by host ldd (/lib/...,
# /usr/lib/..., /lib64/ld-linux...) all resolve inside the image.
rootfs_init() { # $1 root
  local root="$1"
  mkdir -p "$root"/usr/{bin,sbin,lib,lib64,local/bin} "$root"/{etc,run,tmp,root,dev,proc,sys,var/lib}
  ln -s usr/bin "$root/bin"
  ln -s usr/sbin "$root/sbin"
  ln -s usr/lib "$root/lib"
  ln -s usr/lib64 "$root/lib64"
  ln -s ../run "$root/var/run"
  chmod 1777 "$root/tmp"
  chmod 700 "$root/root"
}

# busybox: sh, id, su, cat/awk/grep (Testcontainers' internal port check runs
# `cat /proc/net/tcp* | awk | grep` in the container), nc, etc. Only the static build guarantees
# the image does not depend on host libraries we fail to copy.
rootfs_busybox() { # $1 root
  local root="$1" busybox_bin=/bin/busybox applet
  [[ -x "$busybox_bin" ]] || die "$busybox_bin missing (apt-get install busybox-static)"
  if ldd "$busybox_bin" >/dev/null 2>&1; then die "$busybox_bin is dynamically linked; install busybox-static"; fi
  cp "$busybox_bin" "$root/usr/bin/busybox"
  while read -r applet; do
    case "$applet" in */*) ;; *) continue ;; esac # skip /linuxrc and the like
    [[ -e "$root/$applet" || -L "$root/$applet" ]] && continue
    ln -s /usr/bin/busybox "$root/$applet"
  done < <("$busybox_bin" --list-full)
}

# Every shared library ldd resolves for the ELF files under the given dirs of the image, copied to
# the same path inside it; then the loader's cache. $1 root, $2.. dirs inside the image.
rootfs_copy_libs() {
  local root="$1" libs out f lib
  shift
  libs="$(mktemp)"
  while IFS= read -r -d '' f; do
    [[ "$(head -c4 "$f")" == $'\x7fELF' ]] || continue
    out="$(ldd "$f" 2>&1)" || continue # static/odd ELF: nothing to copy
    if grep -q 'not found' <<<"$out"; then die "unresolved library for $f:"$'\n'"$(grep 'not found' <<<"$out")"; fi
    awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out" >>"$libs"
  done < <(for dir in "$@"; do find "$root$dir" -type f -print0; done)
  # ldd was run on the copies, but the paths it prints are host paths.
  sort -u "$libs" | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  say "copied $(sort -u "$libs" | wc -l) shared libraries"
  rm -f "$libs"
  # The loader finds Debian's multiarch dirs only through ld.so.cache.
  printf '%s\n' /usr/local/lib /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu >"$root/etc/ld.so.conf"
  ldconfig -r "$root"
}

# Users and name service. $1 root, $2 the server's user, $3 its uid (= gid), $4 its home.
# nsswitch.conf: glibc's built-in default consults DNS before /etc/hosts, and a DNS timeout on
# "localhost" would stall every container start.
rootfs_users() {
  local root="$1" user="$2" id="$3" home="$4"
  cat >"$root/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/bin/sh
$user:x:$id:$id:$user:$home:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PASSWD
  printf 'root:x:0:\n%s:x:%s:\nnogroup:x:65534:\n' "$user" "$id" >"$root/etc/group"
  printf 'root:*::0:::::\n%s:*::0:::::\nnobody:*::0:::::\n' "$user" >"$root/etc/shadow"
  chmod 640 "$root/etc/shadow"
  printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
  printf '/bin/sh\n' >"$root/etc/shells"
}

# The tagged image's id, or nothing: a rebuild re-tags, and the old image is removed after it.
rootfs_image_id() { # $1 tag
  "$docker_bin" image inspect --format '{{.Id}}' "$1" 2>/dev/null || true
}

# Removes the image a rebuild replaced (it would linger dangling), and says what was built.
# Fails harmlessly if a container still uses the old image. $1 tag, $2 the old image's id.
rootfs_finish() {
  local tag="$1" old_id="$2" new_id size t1
  new_id="$(rootfs_image_id "$tag")"
  if [[ -n "$old_id" && "$old_id" != "$new_id" ]]; then "$docker_bin" rmi "$old_id" >/dev/null 2>&1 || true; fi
  t1=$EPOCHREALTIME
  size="$("$docker_bin" image inspect --format '{{.Size}}' "$tag")"
  awk -v tag="$tag" -v size="$size" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "image %s: %.1f MB, built in %.1f s\n", tag, size / 1e6, t1 - t0 }'
}

# The root filesystem imported as the image, with its Dockerfile-like changes, then finished.
# $1 tag, $2 the import's message, $3.. `--change` arguments.
rootfs_import() {
  local tag="$1" message="$2" old_id
  shift 2
  old_id="$(rootfs_image_id "$tag")"
  say "importing rootfs ($(du -sh "$root" | cut -f1))"
  tar -C "$root" --numeric-owner -cf - . | "$docker_bin" import "$@" --message "$message" - "$tag" >/dev/null
  rootfs_finish "$tag" "$old_id"
}
