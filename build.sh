#!/usr/bin/env bash
# Builds every Wharf binary into out/bin (NativeAOT where the project asks for it).
#   OUT=dir        where the binaries go (default: out/bin)
#   ARTIFACTS=dir  where intermediate bin/obj go (default: artifacts); give each parallel build its own
set -euo pipefail
cd "$(dirname "$0")"
OUT=${OUT:-$PWD/out/bin}
ART=${ARTIFACTS:-$PWD/artifacts}
mkdir -p "$OUT"
projects=(Wharf.Runtime.Cli Wharf.Shim Wharf.Daemon Wharf.Cli Wharf.Registry)
for p in "${projects[@]}"; do
  echo "build.sh: publishing $p"
  dotnet publish "src/$p/$p.csproj" -c Release -o "$OUT" --artifacts-path "$ART" \
    -p:DebugType=none -p:DebugSymbols=false -nologo -clp:ErrorsOnly
done
ls -1 "$OUT"
