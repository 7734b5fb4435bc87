#!/usr/bin/env bash
# Push/pull throughput of wharf-registry against docker-registry (distribution 2.8, Debian), side by side
# in one run, on the same disk, over loopback.
#   bench/registry/run.sh            (uses $WHARF_BIN/wharf-registry, else out/bin/wharf-registry)
# Env: ROUNDS (default 1) repeats every case but the skopeo one; IMAGE_MB (default 200) is the image size of
# both image cases (RegistryBench's protocol-level one and skopeo's); ONLY_IMAGE=1 runs just the image cases,
# NO_IMAGE=1 skips both, NO_SKOPEO=1 skips only skopeo's; SIZES picks blob sizes in MB (default
# "0.004 1 10 100"; SIZES= with nothing skips the blob cases), CLIENTS the concurrencies (default "1 8");
# BASE_BIN=dir also runs that dir's wharf-registry (an older build) as a third server, to measure one change
# against the last. WARM_MEMORY=1 first fills all but 1 GiB of free memory with page cache (a sparse file read
# through), so every page the run allocates is reclaimed from memory already in use, as on a server that has
# been up a while, instead of taken fresh from what the VM handed back to its host (README: step 6).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${WHARF_BIN:-$repo/out/bin}/wharf-registry
[ -x "$bin" ] || { echo "missing $bin: run ./build.sh or set WHARF_BIN" >&2; exit 1; }
command -v docker-registry >/dev/null || { echo "docker-registry is not installed (apt-get install docker-registry)" >&2; exit 1; }
rounds=${ROUNDS:-1}
sizes=${SIZES-0.004 1 10 100}
clients=${CLIENTS:-1 8}
image_mb=${IMAGE_MB:-200}

work=$(mktemp -d /var/tmp/wharf-registry-bench.XXXXXX)
# skopeo's own OCI layouts (the image it pushes, the copies it pulls) live in memory, the same for every
# server, so the image case measures the registries rather than skopeo writing 200 MB per client to the
# disk the registries also write to. LAYOUTS=/var/tmp (any directory) puts them on disk instead.
layouts=$(mktemp -d "${LAYOUTS:-/dev/shm}/wharf-registry-bench-layouts.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work" "$layouts"
}
trap cleanup EXIT
if [ -n "${WARM_MEMORY:-}" ]; then
  free_kib=$(awk '/^MemFree:/ {print $2}' /proc/meminfo)
  if [ "$free_kib" -gt $((2 << 20)) ]; then
    truncate -s "$((free_kib - (1 << 20)))K" "$work/memory-fill"
    cat "$work/memory-fill" >/dev/null
  fi
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 100); do curl -fs "http://127.0.0.1:$1/v2/" >/dev/null && return 0; sleep 0.1; done; echo "registry on $1 did not start" >&2; exit 1; }

wport=$(free_port)
"$bin" serve --addr "127.0.0.1:$wport" --root "$work/wharf" --access-log off 2>"$work/wharf.log" & pids+=($!); wpid=$!
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
docker-registry serve "$work/distribution.yml" 2>"$work/distribution.log" & pids+=($!); dpid=$!
servers=("wharf $wport $wpid")
if [ -n "${BASE_BIN:-}" ]; then
  bport=$(free_port)
  "$BASE_BIN/wharf-registry" serve --addr "127.0.0.1:$bport" --root "$work/base" --access-log off 2>"$work/base.log" & pids+=($!)
  wait_up "$bport"; servers+=("base $bport $!")
fi
servers+=("distribution $dport $dpid")
wait_up "$wport"; wait_up "$dport"

echo "building the load generator" >&2
dotnet build -c Release -o "$work/loadgen" "$here/RegistryBench/RegistryBench.csproj" --artifacts-path "$work/loadgen-art" >/dev/null
loadgen="$work/loadgen/RegistryBench"

printf 'registry\top\tblob\tclients\tMB/s\tp50 ms\tp95 ms\tserver CPU s/GiB\n'
for round in $(seq "$rounds"); do
  [ -n "${ONLY_IMAGE:-}" ] || for mb in $sizes; do
    case $mb in 0.004) count=256 ;; 1) count=64 ;; 10) count=24 ;; *) count=8 ;; esac
    for c in $clients; do
      [ "$count" -lt "$c" ] && count=$c
      for server in "${servers[@]}"; do
        set -- $server
        SERVER_PID=$3 "$loadgen" "http://127.0.0.1:$2" "$1" "$mb" "$count" "$c"
      done
    done
  done
  # Whole images at the protocol level, as docker moves them (RegistryBench's image mode: HEAD + POST/PATCH/PUT
  # per layer, 3 layers at once, config, manifest by tag; pulls verify every digest): no client-side disk or
  # compression work. Each client its own image; 4 images one after the other with 1 client.
  [ -n "${NO_IMAGE:-}" ] || for c in $clients; do
    count=$((c < 4 ? 4 : c))
    for server in "${servers[@]}"; do
      set -- $server
      SERVER_PID=$3 "$loadgen" "http://127.0.0.1:$2" "$1" "image:$image_mb" "$count" "$c"
    done
  done
done
[ -n "${NO_IMAGE:-}${NO_SKOPEO:-}" ] && exit 0

# A whole image through a real client, the check that the protocol-level case is what a client sees: skopeo copy
# of an OCI layout (4 incompressible layers), push then pull. skopeo's own work sets much of its pace.
command -v skopeo >/dev/null || { echo "skopeo not installed: image case skipped" >&2; exit 0; }
# A distinct image per client and per case (1 for c=1, 2-9 for c=8): skopeo remembers where it has seen a
# layer and would mount it instead of pushing it.
for i in $(seq 9); do python3 "$here/make-image.py" "$layouts/image-$i" 4 $((image_mb / 4)); done
image_case() { # label port clients
  local label=$1 port=$2 clients=$3 t0 t1 t2 i name=img/$1-c$3
  t0=$(date +%s.%N)
  local copies=()
  for i in $(seq "$clients"); do skopeo copy -q --dest-tls-verify=false "oci:$layouts/image-$((i + (clients > 1 ? 1 : 0))):bench" "docker://127.0.0.1:$port/$name-$i:bench" & copies+=($!); done
  wait "${copies[@]}" # only the copies: a bare wait would wait for the registries too
  t1=$(date +%s.%N)
  copies=()
  for i in $(seq "$clients"); do skopeo copy -q --src-tls-verify=false "docker://127.0.0.1:$port/$name-$i:bench" "oci:$layouts/pull-$label$i:bench" & copies+=($!); done
  wait "${copies[@]}"
  t2=$(date +%s.%N)
  python3 -c "mb=$image_mb*$clients; print(f'$label\tpush\t${image_mb}MB image\tc=$clients\t{mb/($t1-$t0):.1f}\t{($t1-$t0)*1000:.0f} (total)\t-'); print(f'$label\tpull\t${image_mb}MB image\tc=$clients\t{mb/($t2-$t1):.1f}\t{($t2-$t1)*1000:.0f} (total)\t-')"
  rm -rf "$layouts"/pull-*
}
for c in $clients; do
  for server in "${servers[@]}"; do
    set -- $server
    image_case "$1" "$2" "$c"
  done
done
