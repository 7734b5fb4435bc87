#!/usr/bin/env bash
# Makes a minimal busybox root filesystem from Debian's static busybox (package busybox-static).
#   make-busybox-rootfs.sh DIR          fills DIR
#   make-busybox-rootfs.sh --tar FILE   writes a rootfs tarball (what `docker import` takes)
set -euo pipefail
bb=/bin/busybox
[ -x "$bb" ] || bb=/usr/bin/busybox
[ -x "$bb" ] || { echo "static busybox not found: apt-get install busybox-static" >&2; exit 1; }
fill() {
  local d=$1
  mkdir -p "$d"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,home,var/tmp,run}
  chmod 1777 "$d/tmp" "$d/var/tmp"
  cp "$bb" "$d/bin/busybox"
  for applet in $("$bb" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$d/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n' > "$d/etc/passwd"
  printf 'root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n' > "$d/etc/group"
  : > "$d/etc/hostname"; : > "$d/etc/hosts"; : > "$d/etc/resolv.conf"
}
if [ "${1:-}" = --tar ]; then
  out=$2; tmp=$(mktemp -d); chmod 755 "$tmp"
  fill "$tmp"
  tar -C "$tmp" --numeric-owner -cf "$out" .
  rm -rf "$tmp"
else
  fill "${1:?usage: make-busybox-rootfs.sh DIR | --tar FILE}"
fi
