#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine beyond `npm ci`: redis-server and Chromium. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)   # TLS certificates made at test time
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" fonts-dejavu-core >/dev/null
fi
[ -d node_modules ] || npm ci --no-audit --no-fund
redis-server --version
/usr/bin/chromium --version 2>/dev/null || true
