#!/usr/bin/env bash
# Finds a Chromium for the browser tests. Playwright cannot download its own browsers on these
# machines, so the tests drive Debian's chromium. As root, installs it; otherwise says what to install.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no Chromium found; installing Debian's chromium (about 2 minutes)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] && { echo "ensure-chromium: installed /usr/bin/chromium"; exit 0; }
fi
cat >&2 <<'MSG'
ensure-chromium: the browser tests need Chromium and none was found.
  Install Debian's package:   sudo apt-get install -y chromium
  or point CHROMIUM_PATH at a Chromium/Chrome binary:   CHROMIUM_PATH=/path/to/chrome npm test
MSG
exit 1
