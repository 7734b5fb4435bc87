#!/usr/bin/env bash
# Runs the whole Wharf test suite: setup, build, every test project; prints one summary line.
# Needs root (integration tests use namespaces, mounts and cgroups).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
PEERS=1 bash scripts/setup.sh || exit 1
./build.sh || { echo "build failed"; exit 1; }
export WHARF_BIN="$root/out/bin"
results="$root/artifacts/test-results"
# The containers' shared parent cgroup ("wharf" in each hierarchy) is made by the first container and left in
# place like dockerd's "docker"; the ones this run makes are removed after it, when empty (rmdir refuses otherwise).
made_cgroups=()
for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do [ -e "${h}wharf" ] || made_cgroups+=("${h}wharf"); done
rm -rf "$results"; mkdir -p "$results"
status=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  echo "=== $name"
  dotnet test "$proj" --artifacts-path "$root/artifacts" --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=normal" --results-directory "$results" -nologo || status=1
done
python3 - "$results" <<'PY' || status=1
# Failures first (CI logs keep only the tail), then the one summary line.
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
p = f = s = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    root = ET.parse(path).getroot()
    for r in root.iterfind("t:Results/t:UnitTestResult", ns):
        outcome = r.get("outcome")
        if outcome == "Passed": p += 1; continue
        if outcome == "NotExecuted": s += 1; continue
        f += 1
        msg = r.findtext("t:Output/t:ErrorInfo/t:Message", "", ns).strip()
        trace = r.findtext("t:Output/t:ErrorInfo/t:StackTrace", "", ns).strip()
        print(f"FAILED {r.get('testName')} ({r.get('duration')})")
        for line in (msg[:3000] + "\n" + "\n".join(trace.splitlines()[:8])).splitlines():
            print("    " + line)
print(f"{p} passed, {f} failed, {s} skipped")
sys.exit(1 if f or p == 0 else 0)
PY
for d in "${made_cgroups[@]}"; do
  if [ -d "$d" ] && ! rmdir "$d" 2>/dev/null; then echo "test.sh: $d is not empty" >&2; fi
done
exit $status
