# Shared by run.sh and ab.sh (sourced): the temp directory's clean-up and one run's phases from a daemon's events.
# Expects WORK (the temp directory), pids (processes to stop) and DOCKER (the docker CLI).

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  grep " $WORK" /proc/self/mountinfo | awk '{print $5}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$WORK"
}

# phase_runs HOST N: N × `run --rm busybox true`, one line each in µs: CLI start → create, create → attach,
# attach → start, start → die, die → destroy, destroy → CLI exit (the daemon's event times against the CLI's).
phase_runs() {
  local host=$1 n=$2 i
  for i in $(seq "$n"); do
    DOCKER_HOST=$host $DOCKER events --format '{{.TimeNano}} {{.Action}}' > "$WORK/events.txt" & local ep=$!
    sleep 0.3
    local s; s=$(date +%s%N)
    DOCKER_HOST=$host $DOCKER run --rm busybox true
    local e; e=$(date +%s%N)
    sleep 0.2; kill "$ep"; wait "$ep" 2>/dev/null || true
    awk -v s="$s" -v e="$e" '{t[$2]=$1} END {printf "%d %d %d %d %d %d\n", (t["create"]-s)/1e3, (t["attach"]-t["create"])/1e3,
      (t["start"]-t["attach"])/1e3, (t["die"]-t["start"])/1e3, (t["destroy"]-t["die"])/1e3, (e-t["destroy"])/1e3}' "$WORK/events.txt"
  done
}

# phase_medians < rows: the median of each phase in ms.
phase_medians() {
  python3 -c '
import statistics,sys
rows=[list(map(int,l.split())) for l in sys.stdin if l.strip()]
names=["cli->create","create->attach","attach->start","start->die","die->destroy","destroy->cli exit"]
print(", ".join(f"{n} {statistics.median(r[i] for r in rows)/1000:.1f}" for i,n in enumerate(names)))'
}
