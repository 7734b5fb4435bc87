#!/usr/bin/env bash
# Pull benchmark: a ~200 MB image in 4 gzip layers (2 random, 2 text) from a local docker-registry.
# Compares wharf's library (wharf-pull, a fresh store per run) with the floor: curl + sha256sum + gunzip +
# tar x of the same blobs, the 4 layers in parallel, then checks both unpacked the same bytes. The daemons and podman
# are compared in daemon-bench.sh.
#   bench/images/pull-bench.sh [--runs N]      env WHARF_PULL=path to a built wharf-pull
set -euo pipefail
runs=5
while [ $# -gt 0 ]; do
  case $1 in --runs) runs=$2; shift 2;; *) echo "unknown option $1" >&2; exit 2;; esac
done
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench-image.sh"
tool=$(wharf_pull_tool "$here")
work=$(mktemp -d /var/tmp/wharf-pull-bench.XXXXXX)
reg_pid=
cleanup() { [ -n "$reg_pid" ] && kill "$reg_pid" 2>/dev/null && wait "$reg_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
start_registry "$work/registry"; reg_pid=$REG_PID; port=$REG_PORT

echo "== building the image (umoci) and pushing it (skopeo)"
ref="127.0.0.1:$port/bench/img:1"
build_bench_image "$ref"
layers=$LAYERS total=$LAYERS_BYTES
echo "   layers: $(echo $layers | wc -w), compressed total: $((total / 1000000)) MB"

write_floor_script "$work/floor.sh" "http://127.0.0.1:$port/v2/bench/img" "$work/floor"

cmds=(--command-name floor "$work/floor.sh" --command-name wharf "$tool pull $work/store $ref --quiet")
echo "== pulling ($runs runs each, fresh destination every run)"
hyperfine --runs "$runs" --warmup 1 \
  --prepare "rm -rf $work/store $work/floor; mkdir -p $work/floor; sync" \
  --export-markdown "$work/results.md" "${cmds[@]}"
cat "$work/results.md"
python3 - "$work/results.md" "$total" <<'PY'
import sys, re
rows = [l for l in open(sys.argv[1]) if l.startswith("| `")]
means = {re.search(r"`([^`]*)`", r).group(1): float(r.split("|")[2].split("±")[0]) for r in rows}
mb = int(sys.argv[2]) / 1e6
for name, secs in means.items():
    print(f"{name:8s} {secs:7.3f} s  {mb / secs:7.1f} MB/s (compressed)")
if "wharf" in means and "floor" in means:
    print(f"wharf / floor throughput: {means['floor'] / means['wharf']:.2f}x (target >= 0.8x)")
PY
# Sanity: one more pull of each kind, then compare what landed on disk.
rm -rf "$work/store" "$work/floor"; mkdir -p "$work/floor"
"$work/floor.sh"; "$tool" pull "$work/store" "$ref" --quiet 2>/dev/null
echo "unpacked bytes: floor $(du -sb "$work/floor" | cut -f1), wharf $(du -sb "$work/store/snapshots/layers" | cut -f1)"
for f in data1/random.bin data2/text.txt data3/random.bin data4/text.txt; do
  a=$(find "$work/floor" -path "*/$f" -exec sha256sum {} + | cut -c1-16); b=$(find "$work/store/snapshots/layers" -path "*/$f" -exec sha256sum {} + | cut -c1-16)
  [ "$a" = "$b" ] && echo "  $f identical ($a)" || { echo "  $f DIFFERS: floor $a wharf $b"; exit 1; }
done
