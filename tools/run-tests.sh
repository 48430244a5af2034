#!/usr/bin/env bash
# Runs every test of the solution and ends with the plain line "N passed, N failed"
# counted from the test results (so a run that executed no test is visible).
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/native-env.sh

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
