#!/usr/bin/env bash
# Installs what Wharf's tests and benchmarks need from Debian. Idempotent; needs root.
set -euo pipefail
pkgs=(busybox-static crun runc skopeo docker-registry umoci iproute2 iptables tmux hyperfine util-linux procps curl)
# The registry's interop tests push and pull through a real dockerd and podman (each test starts its own
# daemon, or none): PEERS=1 (scripts/test.sh sets it) installs them too.
[ -n "${PEERS:-}" ] && pkgs+=(docker.io podman)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # No package may start its service (docker.io's dockerd would take docker0, iptables chains and a socket):
  # invoke-rc.d asks policy-rc.d, and 101 means "not now". One that was there already is kept.
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then guard=/usr/sbin/policy-rc.d; printf '#!/bin/sh\nexit 101\n' > "$guard"; chmod +x "$guard"; fi
  rc=0; apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || rc=$?
  [ -n "$guard" ] && rm -f "$guard"
  [ "$rc" = 0 ] || exit "$rc"
fi
# A stock docker-registry service must not hold port 5000 or our test ports.
if command -v service >/dev/null 2>&1; then service docker-registry stop >/dev/null 2>&1 || true; fi
command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)"; exit 1; }
