#!/usr/bin/env bash
# The short form of each benchmark (BENCH_SHORT=1: small rows through the same code, the
# baseline measured in the same run): prints each one's ratio against its baseline with its
# target, and its met/MISSED lines, then `benchmarks: P passed, F failed` for the test
# command's totals. A benchmark that met every target (exit 0) is one passed test; one that
# missed a target or failed to run is one failed test. The full rows: yarn bench:<name>.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh

passed=0
failed=0
log="$(mktemp)"
start=$SECONDS
took=()
for bench in read write catalog signals live; do
  step_start=$SECONDS
  BENCH_SHORT=1 yarn "bench:$bench" >"$log" 2>&1
  rc=$?
  took+=("$bench $((SECONDS - step_start)) s")
  # The ratio lines (suite against its baseline, with the target) and the targets.
  grep -E 'speed-up|ahead of|^(met|MISSED) ' "$log" | sed "s/^/benchmarks: $bench: /"
  if [ "$rc" -eq 0 ]; then
    echo "benchmarks: bench:$bench (short form) met its targets"
    passed=$((passed + 1))
  else
    echo "benchmarks: bench:$bench (short form) FAILED (exit $rc)"
    tail -n 40 "$log"
    failed=$((failed + 1))
  fi
done
rm -f "$log"
echo "benchmarks: the short forms took $((SECONDS - start)) s ($(IFS=,; echo "${took[*]}" | sed 's/,/, /g'))"
echo "benchmarks: $passed passed, $failed failed"
