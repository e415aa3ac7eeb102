#!/usr/bin/env bash
# Shows that the fault, bad-input and security suites can fail: each runs alone with one
# defence switched off from its test file (a write dropped, a validator off, scrubbing off)
# and must FAIL, naming what got through. Prints one `can fail:` line per suite, the time the
# three runs took, then `can fail: P passed, F failed` for the test command's totals: a suite
# that failed as it must is one passed check; one that passed, or failed without naming what
# got through, is one failed check.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh

passed=0
failed=0
log="$(mktemp)"
start=$SECONDS
took=()

# verdict <exit code> <suite> <switched off> <what its output named, empty when nothing>
verdict() {
  local rc="$1" suite="$2" off="$3" named="$4"
  took+=("${suite%% *} $((SECONDS - step_start)) s")
  if [ "$rc" -ne 0 ] && [ -n "$named" ]; then
    echo "can fail: $suite failed with $off, naming $named (as it must)"
    passed=$((passed + 1))
    return
  fi
  if [ "$rc" -eq 0 ]; then
    echo "can fail: $suite PASSED with $off (it must fail)"
  else
    echo "can fail: $suite failed with $off without naming what got through (it must)"
  fi
  tail -n 40 "$log"
  failed=$((failed + 1))
}

# The fault suite: its git repositories drop the first request commit (the request is named in
# `faults: one write dropped on purpose: <namespace>/<name>`); the suite must report it lost.
step_start=$SECONDS
KRATIX_TEST_DROP_ONE_WRITE=1 yarn test:faults >"$log" 2>&1
rc=$?
dropped=$(grep -oE 'one write dropped on purpose: [a-z0-9.-]+/[a-z0-9.-]+' "$log" | head -n 1 | sed 's/.*: //')
named=""
if [ -n "$dropped" ] && grep -qF "faults: lost $dropped " "$log"; then named="$dropped"; fi
verdict "$rc" "faults suite" "one write dropped" "$named"

# Both bad-input suites: the request validator reports nothing on spec.env (an enum).
step_start=$SECONDS
KRATIX_TEST_VALIDATOR_OFF_FOR=spec.env yarn test:inputs >"$log" 2>&1
rc=$?
named=""
if grep -qE '(^|[[:space:]])inputs: spec\.env got through' "$log" &&
  grep -qE 'action-inputs: spec\.env got through' "$log"; then named="spec.env"; fi
verdict "$rc" "bad-input suites" "the spec.env validator switched off" "$named"

# The security suite's real run (its in-suite control is left out: it needs scrubbing off
# anyway), with scrubbing off throughout; it must name the channels a credential reached.
step_start=$SECONDS
KRATIX_TEST_SCRUBBING_OFF=1 CI=true yarn backstage-cli repo test \
  plugins/kratix-backend/src/suites/security.test.ts -t 'puts no credential' >"$log" 2>&1
rc=$?
named=$(grep -oE 'security: [0-9]+ credentials found in [a-zA-Z]+' "$log" | sed 's/.* in //' | sort -u | paste -sd, - | sed 's/,/, /g')
verdict "$rc" "security suite" "scrubbing switched off" "$named"

rm -f "$log"
echo "can fail: the three runs took $((SECONDS - start)) s ($(IFS=,; echo "${took[*]}" | sed 's/,/, /g'))"
echo "can fail: $passed passed, $failed failed"
