#!/usr/bin/env bash
# Push/pull throughput of wharf-registry against docker-registry (distribution 2.8, Debian), side by side
# in one run, on the same disk, over loopback.
#   bench/registry/run.sh            (uses $WHARF_BIN/wharf-registry, else out/bin/wharf-registry)
# Env: ROUNDS (default 1) repeats every case; IMAGE_MB (default 200) is the image size for the skopeo case;
# ONLY_IMAGE=1 runs just the skopeo image case.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${WHARF_BIN:-$repo/out/bin}/wharf-registry
[ -x "$bin" ] || { echo "missing $bin: run ./build.sh or set WHARF_BIN" >&2; exit 1; }
command -v docker-registry >/dev/null || { echo "docker-registry is not installed (apt-get install docker-registry)" >&2; exit 1; }
rounds=${ROUNDS:-1}
image_mb=${IMAGE_MB:-200}

work=$(mktemp -d /var/tmp/wharf-registry-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 100); do curl -fs "http://127.0.0.1:$1/v2/" >/dev/null && return 0; sleep 0.1; done; echo "registry on $1 did not start" >&2; exit 1; }

wport=$(free_port)
"$bin" serve --addr "127.0.0.1:$wport" --root "$work/wharf" --access-log off 2>"$work/wharf.log" & pids+=($!)
dport=$(free_port)
cat > "$work/distribution.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/distribution
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$dport
YAML
docker-registry serve "$work/distribution.yml" 2>"$work/distribution.log" & pids+=($!)
wait_up "$wport"; wait_up "$dport"

echo "building the load generator" >&2
dotnet build -c Release -o "$work/loadgen" "$here/RegistryBench/RegistryBench.csproj" --artifacts-path "$work/loadgen-art" >/dev/null
loadgen="$work/loadgen/RegistryBench"

printf 'registry\top\tblob\tclients\tMB/s\tp50 ms\tp95 ms\n'
for round in $(seq "$rounds"); do
  [ -n "${ONLY_IMAGE:-}" ] && break
  for case in "0.004 256" "1 64" "10 24" "100 8"; do
    set -- $case
    for c in 1 8; do
      count=$2; [ "$c" = 8 ] && [ "$count" -lt 8 ] && count=8
      "$loadgen" "http://127.0.0.1:$wport" wharf "$1" "$count" "$c"
      "$loadgen" "http://127.0.0.1:$dport" distribution "$1" "$count" "$c"
    done
  done
done

# A whole image through a real client: skopeo copy of an OCI layout (4 incompressible layers), push then pull.
command -v skopeo >/dev/null || { echo "skopeo not installed: image case skipped" >&2; exit 0; }
# A distinct image per client and per case (1 for c=1, 2-9 for c=8): skopeo remembers where it has seen a
# layer and would mount it instead of pushing it.
for i in $(seq 9); do python3 "$here/make-image.py" "$work/image-$i" 4 $((image_mb / 4)); done
image_case() { # label port clients
  local label=$1 port=$2 clients=$3 t0 t1 t2 i name=img/$1-c$3
  t0=$(date +%s.%N)
  local copies=()
  for i in $(seq "$clients"); do skopeo copy -q --dest-tls-verify=false "oci:$work/image-$((i + (clients > 1 ? 1 : 0))):bench" "docker://127.0.0.1:$port/$name-$i:bench" & copies+=($!); done
  wait "${copies[@]}" # only the copies: a bare wait would wait for the registries too
  t1=$(date +%s.%N)
  copies=()
  for i in $(seq "$clients"); do skopeo copy -q --src-tls-verify=false "docker://127.0.0.1:$port/$name-$i:bench" "oci:$work/pull-$label$i:bench" & copies+=($!); done
  wait "${copies[@]}"
  t2=$(date +%s.%N)
  python3 -c "mb=$image_mb*$clients; print(f'$label\tpush\t${image_mb}MB image\tc=$clients\t{mb/($t1-$t0):.1f}\t{($t1-$t0)*1000:.0f} (total)\t-'); print(f'$label\tpull\t${image_mb}MB image\tc=$clients\t{mb/($t2-$t1):.1f}\t{($t2-$t1)*1000:.0f} (total)\t-')"
  rm -rf "$work"/pull-*
}
for c in 1 8; do
  image_case wharf "$wport" "$c"
  image_case distribution "$dport" "$c"
done
