#!/usr/bin/env bash
# Installs Debian's Chromium for the end-to-end suite when it is missing (playwright-core
# drives it; no browser is ever downloaded from elsewhere). Needs root and apt-get.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: run 'apt-get install chromium' as root to enable the end-to-end suite" >&2
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
