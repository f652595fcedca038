#!/usr/bin/env bash
# Finds the AWS CLI for the KMS endpoint's tests (src/node/kms-server/cli.test.ts drive the real CLI
# against `npm run kms-server`). Uses Debian's awscli (/usr/bin/aws, CLI v2) or AWS_CLI_PATH. As root,
# installs it; otherwise says what to install.
set -euo pipefail
if [ -n "${AWS_CLI_PATH:-}" ] && [ -x "$AWS_CLI_PATH" ]; then exit 0; fi
if [ -x /usr/bin/aws ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-awscli: no AWS CLI found; installing Debian's awscli (about a minute)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq awscli >/dev/null
  [ -x /usr/bin/aws ] && { echo "ensure-awscli: installed /usr/bin/aws"; exit 0; }
fi
cat >&2 <<'MSG'
ensure-awscli: the KMS endpoint tests need the AWS CLI and none was found.
  Install Debian's package:   sudo apt-get install -y awscli
  or point AWS_CLI_PATH at an aws binary:   AWS_CLI_PATH=/path/to/aws npm test
MSG
exit 1
