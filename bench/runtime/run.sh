#!/usr/bin/env bash
# Times `run` of /bin/true (create + start + wait + delete) with wharf-runtime, crun and runc on the same
# busybox bundle, in one hyperfine run. crun 1.8 refuses this host's hybrid cgroups, so everything is
# timed inside one private mount namespace with /sys/fs/cgroup/unified unmounted.
#   WHARF_BIN=dir   where wharf-runtime is (default: out/bin)     RUNS=n  runs per runtime (default 100)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${WHARF_BIN:-$repo/out/bin}
runs=${RUNS:-100}
work=$(mktemp -d /tmp/wharf-bench-XXXXXX)
cleanup() {
  umount -l "$work/bundle/rootfs" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work"/{lower,upper,overlay-work,bundle/rootfs,state-wharf,state-crun,state-runc}
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

cmds=(-n wharf-runtime "$bin/wharf-runtime --root $work/state-wharf run --bundle $work/bundle bench-wharf")
command -v crun >/dev/null && cmds+=(-n crun "crun --root $work/state-crun run --bundle $work/bundle bench-crun")
command -v runc >/dev/null && cmds+=(-n runc "runc --root $work/state-runc run --bundle $work/bundle bench-runc")

unshare -m sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null; exec "$@"' sh \
  hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/result.json" --export-markdown "$work/result.md" "${cmds[@]}"

python3 - "$work/result.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
by = {r["command"]: r for r in results}
print()
print(f"{'runtime':<15}{'median ms':>10}{'mean ms':>10}{'stddev':>9}{'min':>8}{'max':>8}")
for r in results:
    print(f"{r['command']:<15}{r['median']*1000:>10.2f}{r['mean']*1000:>10.2f}{r['stddev']*1000:>9.2f}{r['min']*1000:>8.2f}{r['max']*1000:>8.2f}")
if "crun" in by:
    print(f"\nwharf-runtime / crun median: {by['wharf-runtime']['median'] / by['crun']['median']:.2f}x")
PY
