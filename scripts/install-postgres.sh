#!/usr/bin/env bash
# Installs Debian's PostgreSQL for the replicas test (two backends on one database) when its
# binaries are missing. The test starts its own server in a temporary folder. Needs root.
set -euo pipefail
if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-postgres: run 'apt-get install postgresql' as root to enable the replicas test" >&2
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
