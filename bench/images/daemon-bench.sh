#!/usr/bin/env bash
# Image benchmark of the daemons: wharfd vs dockerd (Debian's docker.io 20.10), both driven by the SAME docker CLI
# (/usr/local/bin/docker) over their own unix sockets, each with its own data root, exec root and pid file.
#   pull   ~200 MB in 4 gzip layers from a loopback docker-registry; side by side with the library harness
#          (wharf-pull), podman and the floor (curl | sha256sum, gunzip | tar x, 4 layers in parallel); image removed
#          before every run
#   push   to another repository of the same registry (prepare deletes that repository on the registry's disk):
#          both daemons mount the layers from the repository they were pulled from
#   upload push to a second, empty registry (prepare deletes the repository): every layer is uploaded
#   save   docker save -o of the pulled image
#   load   docker load -i of the daemon's own archive, the image removed before every run
#   bench/images/daemon-bench.sh [--runs N]     env WHARF_BIN (wharfd), WHARF_PULL (built wharf-pull)
set -euo pipefail
runs=5
while [ $# -gt 0 ]; do
  case $1 in --runs) runs=$2; shift 2;; *) echo "unknown option $1" >&2; exit 2;; esac
done
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${WHARF_BIN:-$root/out/bin}
docker=/usr/local/bin/docker
source "$here/bench-image.sh"
tool=$(wharf_pull_tool "$here")
work=$(mktemp -d /var/tmp/wharf-images-bench.XXXXXX)

pids=()
stop_pid() { # pid: TERM, wait up to 30 s, then KILL
  local p=$1
  kill "$p" 2>/dev/null || return 0
  for _ in $(seq 300); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$p" 2>/dev/null || true
}
cleanup() {
  set +e
  for p in "${pids[@]}"; do stop_pid "$p"; done
  grep " $work" /proc/self/mountinfo | awk '{print $5}' | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

echo "== registry and image"
start_registry "$work/registry"; pids+=("$REG_PID")
port=$REG_PORT
ref="127.0.0.1:$port/bench/img:1"
build_bench_image "$ref"
total=$LAYERS_BYTES
echo "   $ref: $(echo $LAYERS | wc -w) layers, $((total / 1000000)) MB compressed"

echo "== daemons"
echo '{}' > "$work/wharfd.json"
"$bin/wharfd" -H "unix://$work/w.sock" --data-root "$work/wd" --exec-root "$work/we" --pidfile "$work/w.pid" \
  --config-file "$work/wharfd.json" >"$work/wharfd.log" 2>&1 &
pids+=("$!")
echo '{}' > "$work/dockerd.json"
dockerd -H "unix://$work/d.sock" --data-root "$work/dd" --exec-root "$work/de" --pidfile "$work/d.pid" \
  --config-file "$work/dockerd.json" --insecure-registry "127.0.0.1:$port" \
  --bridge none --iptables=false --ip6tables=false >"$work/dockerd.log" 2>&1 &
dpid=$!; pids+=("$dpid")
W="$docker -H unix://$work/w.sock"
D="$docker -H unix://$work/d.sock"
export DOCKER_CONFIG="$work/docker-config" DOCKER_CLI_HINTS=false
mkdir -p "$DOCKER_CONFIG"; echo '{}' > "$DOCKER_CONFIG/config.json" # podman reads it too, and fails when it is missing
for _ in $(seq 300); do $W version >/dev/null 2>&1 && $D version >/dev/null 2>&1 && break; sleep 0.1; done
$W version >/dev/null && $D version >/dev/null
echo "   wharfd $($W version -f '{{.Server.Version}}'), dockerd $($D version -f '{{.Server.Version}}') ($($D info -f '{{.Driver}}'))"

results=()
bench() { # name, then hyperfine arguments
  local name=$1; shift
  hyperfine --runs "$runs" --warmup 1 --export-json "$work/$name.json" --export-markdown "$work/$name.md" "$@"
  cat "$work/$name.md"
  results+=("$name")
}

echo "== pull ($runs runs each, the image removed before every run)"
write_floor_script "$work/floor.sh" "http://127.0.0.1:$port/v2/bench/img" "$work/floor"
pull_cmds=(
  --prepare "rm -rf $work/floor; mkdir -p $work/floor; sync" --command-name floor "$work/floor.sh"
  --prepare "rm -rf $work/lib; sync" --command-name wharf-lib "$tool pull $work/lib $ref --quiet"
  --prepare "$W rmi -f $ref >/dev/null 2>&1 || true; sync" --command-name wharfd "$W pull -q $ref"
  --prepare "$D rmi -f $ref >/dev/null 2>&1 || true; sync" --command-name dockerd "$D pull -q $ref"
)
if command -v podman >/dev/null; then
  podman="podman --root $work/podman --runroot $work/podman-run"
  pull_cmds+=(--prepare "$podman rmi -af >/dev/null 2>&1 || true; sync" --command-name podman "$podman pull -q --tls-verify=false $ref")
fi
bench pull "${pull_cmds[@]}"
rm -rf "$work/lib" "$work/floor"

echo "== push to another repository of the same registry"
$W tag "$ref" "127.0.0.1:$port/pushed-by-wharfd/img:1"
$D tag "$ref" "127.0.0.1:$port/pushed-by-dockerd/img:1"
repos="$work/registry/docker/registry/v2/repositories"
bench push \
  --prepare "rm -rf $repos/pushed-by-wharfd; sync" --command-name wharfd "$W push -q 127.0.0.1:$port/pushed-by-wharfd/img:1" \
  --prepare "rm -rf $repos/pushed-by-dockerd; sync" --command-name dockerd "$D push -q 127.0.0.1:$port/pushed-by-dockerd/img:1"
rm -rf "$repos"/pushed-by-*
$W push "127.0.0.1:$port/pushed-by-wharfd/img:1" > "$work/push-wharfd.txt" 2>&1 || true
$D push "127.0.0.1:$port/pushed-by-dockerd/img:1" > "$work/push-dockerd.txt" 2>&1 || true

echo "== push to an empty registry (every byte uploaded)"
start_registry "$work/registry2"; pids+=("$REG_PID")
port2=$REG_PORT
$W tag "$ref" "127.0.0.1:$port2/up/wharfd:1"
$D tag "$ref" "127.0.0.1:$port2/up/dockerd:1"
repos2="$work/registry2/docker/registry/v2/repositories/up"
bench upload \
  --prepare "rm -rf $repos2/wharfd; sync" --command-name wharfd "$W push -q 127.0.0.1:$port2/up/wharfd:1" \
  --prepare "rm -rf $repos2/dockerd; sync" --command-name dockerd "$D push -q 127.0.0.1:$port2/up/dockerd:1"
$W rmi "127.0.0.1:$port2/up/wharfd:1" >/dev/null; $D rmi "127.0.0.1:$port2/up/dockerd:1" >/dev/null

echo "== save"
bench save \
  --prepare "rm -f $work/w.tar; sync" --command-name wharfd "$W save -o $work/w.tar $ref" \
  --prepare "rm -f $work/d.tar; sync" --command-name dockerd "$D save -o $work/d.tar $ref"
echo "   archive bytes: wharfd $(stat -c %s "$work/w.tar"), dockerd $(stat -c %s "$work/d.tar")"

echo "== load (each daemon its own archive, the image removed before every run)"
bench load \
  --prepare "$W rmi -f $ref 127.0.0.1:$port/pushed-by-wharfd/img:1 >/dev/null 2>&1 || true; sync" --command-name wharfd "$W load -q -i $work/w.tar" \
  --prepare "$D rmi -f $ref 127.0.0.1:$port/pushed-by-dockerd/img:1 >/dev/null 2>&1 || true; sync" --command-name dockerd "$D load -q -i $work/d.tar"

echo "== summary (mean seconds; ratio = dockerd time / wharfd time, > 1 means wharfd is faster)"
python3 - "$work" "$total" "${results[@]}" <<'PY'
import json, sys
work, total, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
for name in names:
    means = {r["command"]: r["mean"] for r in json.load(open(f"{work}/{name}.json"))["results"]}
    line = "  ".join(f"{k} {v:.3f} s" for k, v in means.items())
    print(f"{name:5s} {line}")
    if "wharfd" in means and "dockerd" in means:
        print(f"      wharfd vs dockerd: {means['dockerd'] / means['wharfd']:.2f}x")
    if name == "pull":
        mb = total / 1e6
        for k, v in means.items():
            print(f"      {k:10s} {mb / v:6.1f} MB/s (compressed)")
        if "floor" in means:
            print(f"      wharfd / floor: {means['floor'] / means['wharfd']:.2f}x; wharf-lib / floor: {means['floor'] / means['wharf-lib']:.2f}x")
PY
echo "== push output (one more run each, to show what was uploaded or mounted)"
sed 's/^/   wharfd: /' "$work/push-wharfd.txt"; sed 's/^/   dockerd: /' "$work/push-dockerd.txt"
