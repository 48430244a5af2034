#!/usr/bin/env bash
# Runs every test of the solution and ends with the plain line "N passed, N failed"
# counted from the test results (so a run that executed no test is visible).
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/native-env.sh
# dotnet test runs the test assemblies side by side, and each process's libtorch starts an OpenMP team of one thread
# per core: more busy threads than cores. libgomp's default wait policy spins at every barrier, so a spinning thread
# takes the core its team mate needs and a parallel convolution can stall for seconds (measured here: a tiny RealNVP
# command test ran past 9 minutes beside another training, 63 s with passive waits). Threads that sleep at barriers
# cost a little latency and make a shared machine fair; a lone training (tools/pipeline) keeps the default.
export OMP_WAIT_POLICY=PASSIVE

results=TestResults
rm -rf "$results"
dotnet test Pipeline.sln -c Release --no-build --results-directory "$results" --logger "trx" "$@"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if ((passed + failed == 0)); then status=1; fi
echo "$passed passed, $failed failed"
exit $status
