#!/usr/bin/env bash
# Fuzzes our parsers with AFL++ through SharpFuzz:
#   tools/fuzz.sh all 300          # every target, 300 s each (the default)
#   tools/fuzz.sh manifest 60      # one target
# Targets (tools/Pipeline.Tools/Fuzzing/FuzzTargets.cs): manifest, package, safetensors, idx, digits. Each runs on an
# instrumented copy of the tools' output (build/fuzz/bin; the build itself is never instrumented), from seeds the tools
# write; findings (crashes, hangs: an exception other than the target's expected one, or no answer in 5 s) are copied to
# tests/Pipeline.Tools.Tests/Fuzzing/findings/, where a test replays each. Prints executions, coverage and findings per target.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: tools/fuzz.sh <target>|all [seconds]}
seconds=${2:-300}
targets=(manifest package safetensors idx digits)
[[ $target == all ]] || targets=("$target")

# AFL++ (Debian) and SharpFuzz's instrumenting tool (a NuGet dotnet tool), installed when missing.
if ! command -v afl-fuzz > /dev/null; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends afl++
fi
tools=build/fuzz/dotnet-tools
[[ -x $tools/sharpfuzz ]] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" > /dev/null
make --no-print-directory build > /dev/null

# An instrumented copy of the tools: hard links for everything, real copies of the assemblies whose parsers are ours.
output=tools/Pipeline.Tools/bin/Release/net10.0
bin=build/fuzz/bin
rm -rf "$bin"
mkdir -p build/fuzz
cp -al "$output" "$bin"
for assembly in Pipeline.Runtime Pipeline.Onnx Pipeline.Training; do
  cp --remove-destination "$output/$assembly.dll" "$bin/$assembly.dll"
  "$tools/sharpfuzz" "$bin/$assembly.dll" > /dev/null
done

source tools/native-env.sh
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1
printf '%-12s %12s %10s %8s %8s %8s\n' target executions coverage paths crashes hangs
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t
  findings=build/fuzz/findings/$t
  rm -rf "$corpus" "$findings"
  mkdir -p build/fuzz/findings
  # The seeds come from the plain build: writing a checkpoint seed runs TorchSharp, which the instrumented copy of
  # Pipeline.Training crashes in (an access violation outside afl-fuzz); the targets themselves run instrumented.
  dotnet "$output/Pipeline.Tools.dll" fuzz-target "$t" --write-corpus "$corpus" > /dev/null
  afl-fuzz -V "$seconds" -i "$corpus" -o "$findings" -t 5000 -m none -- dotnet "$bin/Pipeline.Tools.dll" fuzz-target "$t" > "build/fuzz/$t.log" 2>&1 || true
  stats=$findings/default/fuzzer_stats
  [[ -f $stats ]] || { echo "$t: afl-fuzz did not start (build/fuzz/$t.log)" >&2; continue; }
  value() { sed -n "s/^$1 *: *//p" "$stats"; }
  printf '%-12s %12s %10s %8s %8s %8s\n' "$t" "$(value execs_done)" "$(value bitmap_cvg)" "$(value corpus_count)" "$(value saved_crashes)" "$(value saved_hangs)"
  for kind in crashes hangs; do
    for file in "$findings/default/$kind"/id*; do
      [[ -f $file ]] || continue
      cp "$file" "tests/Pipeline.Tools.Tests/Fuzzing/findings/$t-$kind-$(sha256sum "$file" | cut -c1-12)"
    done
  done
done
