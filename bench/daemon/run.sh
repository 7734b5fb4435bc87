#!/usr/bin/env bash
# Side-by-side daemon benchmarks: wharfd vs dockerd. See README.md.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
BIN=${WHARF_BIN:-$ROOT/out/bin}
RUNTIME=${RUNTIME:-wharf-runtime}
N_PS=${N_PS:-500}
# ONLY=wharfd|dockerd|podman runs one side.
DOCKER=/usr/local/bin/docker
WORK=$(mktemp -d /tmp/wb-XXXX)
OUT=results-$(date -u +%Y%m%dT%H%M%S).txt
pids=()
. ./common.sh
trap cleanup EXIT
say() { echo "$*" | tee -a "$OUT"; }

"$ROOT/scripts/make-busybox-rootfs.sh" --tar "$WORK/busybox.tar" >/dev/null

pss() { awk '/^Pss:/ {s+=$2} END {print s+0}' $(for p in "$@"; do echo /proc/$p/smaps_rollup; done) 2>/dev/null; }
rss() { awk '/^VmRSS:/ {print $2}' /proc/$1/status; }

start_wharfd() {
  "$BIN/wharfd" -H "unix://$WORK/w.sock" --data-root "$WORK/wd" --exec-root "$WORK/we" --pidfile "$WORK/w.pid" \
    --config-file /nonexistent --default-runtime "$RUNTIME" 2>"$WORK/wharfd.log" &
  WPID=$!; pids+=("$WPID")
  for _ in $(seq 100); do [ -S "$WORK/w.sock" ] && break; sleep 0.05; done
}

start_dockerd() {
  echo "{}" > "$WORK/daemon.json"
  if ! command -v dockerd >/dev/null; then apt-get install -y -q docker.io >/dev/null; fi
  dockerd -H "unix://$WORK/d.sock" --data-root "$WORK/dd" --exec-root "$WORK/de" --pidfile "$WORK/d.pid" \
    --bridge none --iptables=false --ip6tables=false --config-file "$WORK/daemon.json" 2>"$WORK/dockerd.log" &
  DLOG="$WORK/dockerd.log"
  DPID=$!; pids+=("$DPID")
  for _ in $(seq 200); do DOCKER_HOST="unix://$WORK/d.sock" $DOCKER version >/dev/null 2>&1 && break; sleep 0.1; done
  CPID=$(pgrep -P "$DPID" containerd || true)
}

bench_engine() { # name host
  local name=$1 host=$2
  export DOCKER_HOST=$host
  $DOCKER import "$WORK/busybox.tar" busybox:latest >/dev/null
  say "== $name"
  hyperfine -N -w 3 -r 30 --export-json "$WORK/$name-run.json" "$DOCKER run --rm busybox true" >/dev/null
  say "run --rm busybox true (docker CLI) median: $(jq '.results[0].median*1000|floor' "$WORK/$name-run.json") ms"
  # The floor under any daemon: the CLI's own start-up, ping and one request (run makes ping, create, attach, wait, start).
  hyperfine -N -w 3 -r 30 --export-json "$WORK/$name-version.json" "$DOCKER version" >/dev/null
  say "docker version (CLI start-up, ping, one request) median: $(jq '.results[0].median*1000|floor' "$WORK/$name-version.json") ms"
  if [ "$name" = wharfd ] && [ -x "$BIN/wharf" ]; then
    hyperfine -N -w 3 -r 30 --export-json "$WORK/$name-wrun.json" "$BIN/wharf -H $host run --rm busybox true" >/dev/null
    say "run --rm busybox true (wharf CLI) median: $(jq '.results[0].median*1000|floor' "$WORK/$name-wrun.json") ms"
  fi
}

phases() { # name host: where the time of one run --rm goes, from the daemon's own events (median of 15 runs)
  local name=$1 host=$2
  phase_runs "$host" 15 > "$WORK/$name-phases.txt"
  say "$name: run --rm phases, median ms: $(phase_medians < "$WORK/$name-phases.txt")"
}

per_container() { # name daemon-pids...
  local name=$1; shift
  local before; before=$(pss "$@")
  for i in $(seq 20); do $DOCKER run -d --name "s$i" busybox sleep 1000 >/dev/null; done
  sleep 2
  local shims; shims=$(pgrep -f "wharf-shim run.*$WORK|containerd-shim.*$WORK" || true)
  local after; after=$(pss "$@" $shims)
  say "$name: PSS daemon(s)+shims for 20 running containers: $((after - before)) kB total, $(((after - before) / 20)) kB per container"
  $DOCKER rm -f $(seq -f "s%g" 20) >/dev/null
}

ps_many() { # name
  local name=$1
  for i in $(seq "$N_PS"); do echo "$DOCKER create busybox true"; done | xargs -P 4 -I{} sh -c '{} >/dev/null'
  hyperfine -N -w 2 -r 10 --export-json "$WORK/$1-ps.json" "$DOCKER ps -a" >/dev/null
  say "$name: ps -a with $N_PS containers median: $(jq '.results[0].median*1000|floor' "$WORK/$1-ps.json") ms"
  $DOCKER container prune -f >/dev/null
}

bench_podman() { # podman on the same rootfs tarball, with its own storage under $WORK (the host's is not touched)
  command -v podman >/dev/null || { say "podman: not installed"; return 0; }
  # runc: crun refuses this host's hybrid cgroups. --network none: no bridge or firewall rules on the host (wharfd
  # and dockerd --bridge none give each container a new network namespace too). The ulimits: podman's defaults are
  # above the hard limits this VM grants, which root here cannot raise.
  local p="podman --root $WORK/pr --runroot $WORK/prr --tmpdir $WORK/pt --volumepath $WORK/pv --storage-driver overlay"
  p+=" --cgroup-manager cgroupfs --events-backend file --runtime runc"
  $p import "$WORK/busybox.tar" busybox:latest >/dev/null 2>&1
  hyperfine -N -w 3 -r 30 --export-json "$WORK/podman-run.json" \
    "$p run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 busybox true" >/dev/null
  say "podman (runc): run --rm busybox true median: $(jq '.results[0].median*1000|floor' "$WORK/podman-run.json") ms"
}

if [ "${ONLY:-}" = podman ]; then bench_podman; exit 0; fi
if [ "${ONLY:-}" != dockerd ]; then
  start_wharfd
  sleep 2
  say "wharfd idle RSS: $(rss "$WPID") kB"
  bench_engine wharfd "unix://$WORK/w.sock"
  phases wharfd "unix://$WORK/w.sock"
  per_container wharfd "$WPID"
  ps_many wharfd
fi
[ "${ONLY:-}" = wharfd ] && exit 0

start_dockerd
sleep 2
[ -d /proc/$DPID ] || { echo "dockerd did not start:"; tail -5 "$WORK/dockerd.log"; exit 1; }
say "dockerd idle RSS: $(rss "$DPID") kB; containerd: ${CPID:+$(rss "$CPID")} kB"
bench_engine dockerd "unix://$WORK/d.sock"
phases dockerd "unix://$WORK/d.sock"
per_container dockerd "$DPID" ${CPID:-}
ps_many dockerd
bench_podman
