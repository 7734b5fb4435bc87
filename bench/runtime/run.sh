#!/usr/bin/env bash
# Times `run` of /bin/true (create + start + wait + delete) with wharf-runtime, crun and runc on the same
# busybox bundle, in one hyperfine run. crun 1.8 refuses this host's hybrid cgroups, so everything is
# timed inside one private mount namespace with /sys/fs/cgroup/unified unmounted.
#   WHARF_BIN=dir   where wharf-runtime is (default: out/bin)     RUNS=n  runs per runtime per round (default 100)
#   ROUNDS=n        hyperfine rounds whose samples are pooled (default 1); on a shared, drifting host several short
#                   rounds spread each runtime's samples over the same stretch of time instead of one block each
#   WHARF_BASE=dir  also time the wharf-runtime in dir (e.g. a build of an earlier commit) as "wharf-base"
#   STATE_TMPFS=0   keep the runtimes' state directories on $work's file system instead of a tmpfs. Each runtime's
#                   default state root is under /run, which is a tmpfs on systemd hosts (not on this VM, where / is
#                   ext4 mounted with discard: removing a state directory there waits for a discard, for all three)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${WHARF_BIN:-$repo/out/bin}
runs=${RUNS:-100}
rounds=${ROUNDS:-1}
work=$(mktemp -d /tmp/wharf-bench-XXXXXX)
cleanup() {
  umount -l "$work/bundle/rootfs" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work"/{lower,upper,overlay-work,bundle/rootfs,state}
"$repo/scripts/make-busybox-rootfs.sh" "$work/lower"
mount -t overlay overlay -o "lowerdir=$work/lower,upperdir=$work/upper,workdir=$work/overlay-work" "$work/bundle/rootfs"
(cd "$work/bundle" && "$bin/wharf-runtime" spec)
python3 - "$work/bundle/config.json" <<'PY'
import json, sys
path = sys.argv[1]
c = json.load(open(path))
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/true"]
json.dump(c, open(path, "w"), indent=1)
PY

cmds=(-n wharf-runtime "$bin/wharf-runtime --root $work/state/wharf run --bundle $work/bundle bench-wharf")
# The supported-API fallback (unshare on a throwaway thread, NativeAOT second stage) on the same bundle.
cmds+=(-n wharf-unshare "$bin/wharf-runtime --root $work/state/wharf --spawn=unshare run --bundle $work/bundle bench-unshare")
[ -n "${WHARF_BASE:-}" ] && cmds+=(-n wharf-base "$WHARF_BASE/wharf-runtime --root $work/state/wharf run --bundle $work/bundle bench-base")
command -v crun >/dev/null && cmds+=(-n crun "crun --root $work/state/crun run --bundle $work/bundle bench-crun")
command -v runc >/dev/null && cmds+=(-n runc "runc --root $work/state/runc run --bundle $work/bundle bench-runc")

for round in $(seq "$rounds"); do
  unshare -m sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null
    [ "${STATE_TMPFS:-1}" = 0 ] || mount -t tmpfs -o size=64m wharf-bench-state "$0/state"
    exec "$@"' "$work" \
    hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/result-$round.json" "${cmds[@]}"
done

python3 - "$work"/result-*.json <<'PY'
import json, statistics, sys
times = {}
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
print()
print(f"{'runtime':<15}{'runs':>6}{'median ms':>10}{'mean ms':>10}{'stddev':>9}{'min':>8}{'max':>8}")
for name, t in times.items():
    ms = [x * 1000 for x in t]
    print(f"{name:<15}{len(ms):>6}{statistics.median(ms):>10.2f}{statistics.mean(ms):>10.2f}{statistics.stdev(ms):>9.2f}"
          f"{min(ms):>8.2f}{max(ms):>8.2f}")
if "crun" in times:
    ratio = statistics.median(times["wharf-runtime"]) / statistics.median(times["crun"])
    print(f"\nwharf-runtime / crun median: {ratio:.2f}x")
PY
