#!/usr/bin/env bash
# Installs everything the suite needs on a fresh machine: Node 22 (from the npm registry,
# when the machine's Node is older) and the workspace's dependencies from yarn.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
if [ "${CI:-}" = "true" ]; then
  yarn install --immutable
else
  yarn install
fi
