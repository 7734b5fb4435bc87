#!/usr/bin/env bash
# A/B of two wharf builds on `run --rm busybox true`: two wharfds side by side, measured in alternating rounds so
# that the load of a shared machine falls on both alike. Each side uses its own wharf CLI and the same docker CLI.
#   ./ab.sh BIN_A BIN_B      (directories holding wharfd, wharf-shim, wharf-runtime, wharf)
# Env: ROUNDS (4), RUNS (20 per hyperfine), PHASES=1 adds the per-phase medians from each daemon's events,
#      A_ENV / B_ENV: environment for one side's wharfd (e.g. B_ENV=WHARFD_SPARE_SHIM=0 to measure without the spare).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
A=$(cd "$1" && pwd); B=$(cd "$2" && pwd)
ROUNDS=${ROUNDS:-4}; RUNS=${RUNS:-20}
DOCKER=/usr/local/bin/docker
WORK=$(mktemp -d /tmp/wab-XXXX)
pids=()
. ./common.sh
trap cleanup EXIT

"$ROOT/scripts/make-busybox-rootfs.sh" --tar "$WORK/busybox.tar" >/dev/null
for side in A B; do
  bin=${!side}; side_env=${side}_ENV
  env ${!side_env:-} "$bin/wharfd" -H "unix://$WORK/$side.sock" --data-root "$WORK/$side-data" --exec-root "$WORK/$side-exec" \
    --pidfile "$WORK/$side.pid" --config-file /nonexistent 2>"$WORK/$side.log" &
  pids+=("$!")
  for _ in $(seq 100); do [ -S "$WORK/$side.sock" ] && break; sleep 0.05; done
  DOCKER_HOST="unix://$WORK/$side.sock" $DOCKER import "$WORK/busybox.tar" busybox:latest >/dev/null
done

median() { jq '.results[0].median*1000*10|floor/10' "$1"; }

echo "A=$A"; echo "B=$B"; echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
  line="round $r:"
  for side in A B; do
    bin=${!side}; host="unix://$WORK/$side.sock"
    DOCKER_HOST=$host hyperfine -N -w 3 -r "$RUNS" --export-json "$WORK/d.json" "$DOCKER run --rm busybox true" >/dev/null
    hyperfine -N -w 3 -r "$RUNS" --export-json "$WORK/w.json" "$bin/wharf -H $host run --rm busybox true" >/dev/null
    line+="  $side docker $(median "$WORK/d.json") wharf $(median "$WORK/w.json")"
  done
  echo "$line ms  (load $(cut -d' ' -f1 /proc/loadavg))"
  if [ "${PHASES:-0}" = 1 ]; then
    for side in A B; do echo "  $side phases: $(phase_runs "unix://$WORK/$side.sock" 9 | phase_medians)"; done
  fi
done
