#!/usr/bin/env bash
# Installs the workspace, then starts Backstage (frontend :3000, backend :7007) on the
# embedded default: a gitops platform on a local git repository created on first start.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
source scripts/node-env.sh
exec yarn start
