#!/usr/bin/env bash
# Sets Wharf up on this machine and runs a first container (as root):
# installs the Debian packages, builds out/bin, starts wharfd on /run/wharf.sock (unless one answers there),
# imports a busybox image made from Debian's busybox-static, and runs it with the docker CLI and with wharf.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sock=${WHARF_SOCK:-/run/wharf.sock}
bash scripts/setup.sh
./build.sh >/dev/null
ping() { curl -sf --max-time 2 --unix-socket "$sock" http://wharf/_ping >/dev/null 2>&1; }
if ! ping; then
  mkdir -p /var/log
  setsid "$root/out/bin/wharfd" -H "unix://$sock" --pidfile /run/wharfd.pid </dev/null >>/var/log/wharfd.log 2>&1 &
  for _ in $(seq 100); do ping && break; sleep 0.1; done
  ping || { echo "wharfd did not start; see /var/log/wharfd.log" >&2; tail -20 /var/log/wharfd.log >&2; exit 1; }
fi
export DOCKER_HOST=unix://$sock
if ! docker image inspect busybox:latest >/dev/null 2>&1; then
  tar=$(mktemp --suffix=.tar)
  scripts/make-busybox-rootfs.sh --tar "$tar"
  docker import -c 'CMD ["sh"]' "$tar" busybox:latest
  rm -f "$tar"
fi
docker run --rm busybox echo "hello from a Wharf container (docker CLI)"
"$root/out/bin/wharf" -H "unix://$sock" run --rm busybox sh -c 'echo "hello from a Wharf container (wharf CLI), pid $$, host $(hostname)"'
echo
echo "wharfd is running (pid $(cat /run/wharfd.pid 2>/dev/null || echo '?'), log /var/log/wharfd.log)."
echo "Try: DOCKER_HOST=unix://$sock docker run --rm -it busybox sh"
echo "Stop it with: kill \$(cat /run/wharfd.pid)"
