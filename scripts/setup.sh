#!/usr/bin/env bash
# Installs what Wharf's tests and benchmarks need from Debian. Idempotent; needs root.
set -euo pipefail
pkgs=(busybox-static crun runc skopeo docker-registry umoci iproute2 iptables tmux hyperfine util-linux procps curl)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# A stock docker-registry service must not hold port 5000 or our test ports.
if command -v service >/dev/null 2>&1; then service docker-registry stop >/dev/null 2>&1 || true; fi
command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)"; exit 1; }
