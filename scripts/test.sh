#!/usr/bin/env bash
# Installs the workspace, then runs every test: type check and every package's jest suite.
# Ends with one line `tests: N passed, N failed` totalling every runner it ran.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh || exit 1
source scripts/node-env.sh

report_dir="$(mktemp -d)"
status=0

echo "== type check"
if ! yarn tsc --noEmit; then status=1; fi

echo "== jest (every package)"
CI=true yarn backstage-cli repo test --json --outputFile="$report_dir/jest.json" || status=1

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
rm -rf "$report_dir"
[ "$failed" -gt 0 ] && status=1
echo "tests: $passed passed, $failed failed"
exit $status
