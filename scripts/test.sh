#!/usr/bin/env bash
# Installs the workspace (and Debian's Chromium), then runs every test: type check, every
# package's jest suite, and the end-to-end suite against the running app.
# Ends with one line `tests: N passed, N failed` totalling every runner it ran.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh || exit 1
bash scripts/install-chromium.sh || exit 1
bash scripts/install-postgres.sh || exit 1
source scripts/node-env.sh

report_dir="$(mktemp -d)"
status=0

echo "== type check"
if ! yarn tsc --noEmit; then status=1; fi

echo "== jest (every package)"
CI=true yarn backstage-cli repo test --json --outputFile="$report_dir/jest.json" 2>&1 | tee "$report_dir/jest.log" || status=1

passed=0
failed=0
if [ -f "$report_dir/jest.json" ]; then
  read -r passed failed < <(node -e '
    const r = require(process.argv[1]);
    console.log(`${r.numPassedTests} ${r.numFailedTests + (r.numRuntimeErrorTestSuites || 0)}`);
  ' "$report_dir/jest.json")
else
  failed=1
fi
echo "== figures of the fault, bad-input and security suites (yarn test:faults, yarn test:inputs)"
grep -hoE '(faults|inputs|action-inputs|security|replicas|git-credentials( \(scaffolder\))?): .*' "$report_dir/jest.log" | sort -u || true
rm -rf "$report_dir"

echo "== end-to-end (the running app in Debian's Chromium)"
e2e_log="$(mktemp)"
yarn test:e2e 2>&1 | tee "$e2e_log" || status=1
if line=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' "$e2e_log" | tail -n 1); then
  passed=$((passed + $(echo "$line" | sed -E 's/^e2e: ([0-9]+) passed.*/\1/')))
  failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
else
  failed=$((failed + 1))
fi
rm -f "$e2e_log"
[ "$failed" -gt 0 ] && status=1
echo "tests: $passed passed, $failed failed"
exit $status
