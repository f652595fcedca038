#!/usr/bin/env bash
# Finds the command-line tools the Node tests drive as real, independent clients: the AWS CLI
# (src/node/kms-server/cli.test.ts, against `npm run kms-server`; Debian's awscli or AWS_CLI_PATH) and
# openssl (src/node/openssl-interop.test.ts; or OPENSSL_PATH). As root, installs what is missing;
# otherwise says what to install.
set -euo pipefail
if ! { [ -n "${OPENSSL_PATH:-}" ] && [ -x "$OPENSSL_PATH" ]; } && ! command -v openssl >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-cli-tools: installing Debian's openssl…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq openssl >/dev/null
  else
    echo "ensure-cli-tools: the tests need openssl: sudo apt-get install -y openssl (or set OPENSSL_PATH)" >&2
    exit 1
  fi
fi
if [ -n "${AWS_CLI_PATH:-}" ] && [ -x "$AWS_CLI_PATH" ]; then exit 0; fi
if [ -x /usr/bin/aws ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-cli-tools: no AWS CLI found; installing Debian's awscli (about a minute)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq awscli >/dev/null
  [ -x /usr/bin/aws ] && { echo "ensure-cli-tools: installed /usr/bin/aws"; exit 0; }
fi
cat >&2 <<'MSG'
ensure-cli-tools: the KMS endpoint tests need the AWS CLI and none was found.
  Install Debian's package:   sudo apt-get install -y awscli
  or point AWS_CLI_PATH at an aws binary:   AWS_CLI_PATH=/path/to/aws npm test
MSG
exit 1
