# Sourced by the image benchmarks: a loopback docker-registry and the benchmark image in it.
#   start_registry DIR        serves DIR on a free 127.0.0.1 port; sets REG_PORT and REG_PID
#   build_bench_image REF     ~200 MB in 4 gzip layers (2 of random bytes, 2 of text), made by umoci, pushed by skopeo;
#                             sets LAYERS (digests) and LAYERS_BYTES (compressed total)
#   write_floor_script FILE REPO_URL DIR
#                             the floor: curl each of LAYERS from REPO_URL, sha256sum it and gunzip | tar x it into
#                             DIR/N, the layers in parallel (DIR must exist)
#   wharf_pull_tool HERE      prints the library harness to time: $WHARF_PULL, else HERE/WharfPull published
# Needs $work (a scratch directory the caller removes).

wharf_pull_tool() {
  if [ -n "${WHARF_PULL:-}" ]; then echo "$WHARF_PULL"; return; fi
  dotnet publish "$1/WharfPull" -c Release -o /tmp/wharf-pull-bench --artifacts-path /tmp/wharf-pull-bench-art >/dev/null
  echo /tmp/wharf-pull-bench/wharf-pull
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_registry() {
  local dir=$1
  REG_PORT=$(free_port)
  mkdir -p "$dir"
  # No blob descriptor cache: a benchmark's prepare step deletes repositories on disk between runs.
  cat > "$dir.yml" <<YML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $dir}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$REG_PORT}
YML
  docker-registry serve "$dir.yml" >"$dir.log" 2>&1 &
  REG_PID=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$REG_PORT/v2/" >/dev/null && return 0; sleep 0.1; done
  echo "docker-registry did not answer on port $REG_PORT:" >&2; cat "$dir.log" >&2; return 1
}

build_bench_image() {
  local ref=$1 host=${1%%/*} rest=${1#*/}
  local repo=${rest%:*} tag=${rest##*:}
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
  skopeo copy -q --dest-tls-verify=false "oci:$work/layout:bench" "docker://$ref"
  local manifest
  manifest=$(curl -sf -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$host/v2/$repo/manifests/$tag")
  LAYERS=$(echo "$manifest" | python3 -c 'import json,sys; print(" ".join(l["digest"] for l in json.load(sys.stdin)["layers"]))')
  LAYERS_BYTES=$(echo "$manifest" | python3 -c 'import json,sys; print(sum(l["size"] for l in json.load(sys.stdin)["layers"]))')
}

write_floor_script() {
  local file=$1 repo=$2 dir=$3
  cat > "$file" <<SH
#!/usr/bin/env bash
set -euo pipefail
n=0
for d in $LAYERS; do
  n=\$((n+1)); mkdir -p "$dir/\$n"
  ( curl -sf "$repo/blobs/\$d" | tee >(sha256sum > "$dir/\$n.sum") | gunzip | tar -x -C "$dir/\$n" ) &
done
wait
SH
  chmod +x "$file"
}
