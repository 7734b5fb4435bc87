#!/usr/bin/env bash
# wharf CLI against the docker CLI, both talking to the same private wharfd (hyperfine):
#   1. `run --rm busybox true`  (whole round trip: ping, create, attach, wait, start, exit)
#   2. `version`                (CLI start-up plus two small API calls)
#   3. `--version`              (pure CLI start-up, no daemon)
#   bench/cli/run.sh            (uses $WHARF_BIN, else out/bin)
# Env: RUNS (default 30) runs per case.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${WHARF_BIN:-$repo/out/bin}
runs=${RUNS:-30}
for b in wharf wharfd wharf-shim wharf-runtime; do [ -x "$bin/$b" ] || { echo "missing $bin/$b: run ./build.sh or set WHARF_BIN" >&2; exit 1; }; done
command -v hyperfine >/dev/null || { echo "hyperfine is not installed" >&2; exit 1; }
command -v docker >/dev/null || { echo "the docker CLI is not installed" >&2; exit 1; }

# short paths: shim sockets live under the exec root and unix socket paths are limited to 108 bytes
work=$(mktemp -d /tmp/wb.XXXXXX)
daemon=
cleanup() {
  if [ -n "$daemon" ]; then
    "$bin/wharf" -H "unix://$work/s.sock" ps -aq --no-trunc 2>/dev/null | xargs -r -n1 "$bin/wharf" -H "unix://$work/s.sock" rm -f >/dev/null 2>&1 || true
    kill "$daemon" 2>/dev/null || true
    wait "$daemon" 2>/dev/null || true
  fi
  grep " $work" /proc/self/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$bin/wharfd" -H "unix://$work/s.sock" --data-root "$work/d" --exec-root "$work/e" 2>"$work/wharfd.log" &
daemon=$!
for _ in $(seq 100); do [ -S "$work/s.sock" ] && break; sleep 0.1; done
export DOCKER_HOST=unix://$work/s.sock
export DOCKER_CONFIG=$work/config
"$repo/scripts/make-busybox-rootfs.sh" --tar "$work/busybox.tar" >/dev/null
"$bin/wharf" import -c 'CMD ["sh"]' "$work/busybox.tar" busybox:latest >/dev/null

echo "== run --rm busybox true (against wharfd) =="
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/run.json" \
  -n wharf "$bin/wharf run --rm busybox true" \
  -n docker "docker run --rm busybox true"
echo "== version (CLI start-up + ping + GET /version) =="
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/version.json" \
  -n wharf "$bin/wharf version" \
  -n docker "docker version"
echo "== --version (start-up only) =="
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/startup.json" \
  -n wharf "$bin/wharf --version" \
  -n docker "docker --version"

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
for case in ("run", "version", "startup"):
    r = {x["command"]: x for x in json.load(open(f"{work}/{case}.json"))["results"]}
    w, d = r["wharf"]["median"] * 1000, r["docker"]["median"] * 1000
    print(f"{case:8s} wharf {w:7.1f} ms   docker {d:7.1f} ms   docker/wharf {d / w:5.2f}x")
PY
