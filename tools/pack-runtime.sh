#!/usr/bin/env bash
# Packs the runtime as NuGet packages (Pipeline.Onnx, then Pipeline.Runtime, which depends on it) into a folder feed.
#   tools/pack-runtime.sh [version] [feed folder]     (defaults: 0.1.0, build/packages; samples/Pipeline.Sample reads that feed)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version=${1:-0.1.0}
feed=${2:-$root/build/packages}
mkdir -p "$feed"
for project in runtime/Pipeline.Onnx runtime/Pipeline.Runtime; do
  dotnet pack "$root/$project" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet
done
echo "pack-runtime: Pipeline.Onnx and Pipeline.Runtime $version in $feed"
