#!/usr/bin/env bash
# Pull benchmark: a ~200 MB image in 4 gzip layers (2 random, 2 text) from a local docker-registry.
# Compares wharf's library (wharf-pull, a fresh store per run) with the floor: curl + sha256sum + gunzip +
# tar x of the same blobs, the 4 layers in parallel. With --peers, also podman (installed from Debian here).
#   bench/images/pull-bench.sh [--runs N] [--peers]      env WHARF_PULL=path to a built wharf-pull
set -euo pipefail
runs=5 peers=0
while [ $# -gt 0 ]; do
  case $1 in --runs) runs=$2; shift 2;; --peers) peers=1; shift;; *) echo "unknown option $1" >&2; exit 2;; esac
done
here=$(cd "$(dirname "$0")" && pwd)
tool=${WHARF_PULL:-}
if [ -z "$tool" ]; then
  dotnet publish "$here/WharfPull" -c Release -o /tmp/wharf-pull-bench --artifacts-path /tmp/wharf-pull-bench-art >/dev/null
  tool=/tmp/wharf-pull-bench/wharf-pull
fi
work=$(mktemp -d /var/tmp/wharf-pull-bench.XXXXXX)
reg_pid=
cleanup() { [ -n "$reg_pid" ] && kill "$reg_pid" 2>/dev/null && wait "$reg_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<YML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $work/registry}}
http: {addr: 127.0.0.1:$port}
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
reg_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done

echo "== building the image (umoci) and pushing it (skopeo)"
umoci init --layout "$work/layout" >/dev/null
umoci new --image "$work/layout:bench" >/dev/null
for i in 1 2 3 4; do
  rm -rf "$work/bundle"
  umoci unpack --image "$work/layout:bench" "$work/bundle" >/dev/null
  mkdir -p "$work/bundle/rootfs/data$i"
  if [ $((i % 2)) = 1 ]; then
    head -c 50M /dev/urandom > "$work/bundle/rootfs/data$i/random.bin"
  else
    seq -f "line %g: the quick brown fox jumps over the lazy dog, layer $i" 1 800000 > "$work/bundle/rootfs/data$i/text.txt"
  fi
  umoci repack --image "$work/layout:bench" "$work/bundle" >/dev/null
done
rm -rf "$work/bundle"
ref="127.0.0.1:$port/bench/img:1"
skopeo copy -q --dest-tls-verify=false "oci:$work/layout:bench" "docker://$ref"
manifest=$(curl -sf -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://127.0.0.1:$port/v2/bench/img/manifests/1")
layers=$(echo "$manifest" | python3 -c 'import json,sys; print(" ".join(l["digest"] for l in json.load(sys.stdin)["layers"]))')
total=$(echo "$manifest" | python3 -c 'import json,sys; print(sum(l["size"] for l in json.load(sys.stdin)["layers"]))')
echo "   layers: $(echo $layers | wc -w), compressed total: $((total / 1000000)) MB"

# The floor: download each blob, hash it and unpack it with the system tools, 4 layers in parallel.
cat > "$work/floor.sh" <<SH
#!/usr/bin/env bash
set -euo pipefail
n=0
for d in $layers; do
  n=\$((n+1)); mkdir -p "$work/floor/\$n"
  ( curl -sf "http://127.0.0.1:$port/v2/bench/img/blobs/\$d" | tee >(sha256sum > "$work/floor/\$n.sum") | gunzip | tar -x -C "$work/floor/\$n" ) &
done
wait
SH
chmod +x "$work/floor.sh"

cmds=(--command-name floor "$work/floor.sh" --command-name wharf "$tool pull $work/store $ref --quiet")
if [ "$peers" = 1 ]; then
  command -v podman >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman >/dev/null
  cmds+=(--command-name podman "podman --root $work/podman --runroot $work/podman-run pull -q --tls-verify=false $ref")
fi
echo "== pulling ($runs runs each, fresh destination every run)"
hyperfine --runs "$runs" --warmup 1 \
  --prepare "rm -rf $work/store $work/floor $work/podman $work/podman-run; mkdir -p $work/floor; sync" \
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
