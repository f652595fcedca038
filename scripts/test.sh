#!/usr/bin/env bash
# Every test, in stages: typecheck, lint, unit (Vitest, Node), build, e2e (Chromium, axe) against
# that one build. `npm test` runs this; `.ci/run` runs it with --npm-ci in a clean clone (CI=true).
# Every stage runs even when an earlier one failed (e2e needs the build), so one run shows every
# problem. Vitest uses one worker on a 2-core machine (cores − 1) and tsc one core, so typecheck and
# lint run beside the unit tests (their output is printed, whole, when they end). At the end: each stage's time, the unit and browser counts, any flaky browser test, and a
# closing line `N passed, N failed` (`, N skipped` if any) over the unit and browser tests.
set -uo pipefail
cd "$(dirname "$0")/.."

NPM_CI=0
for arg in "$@"; do
  case "$arg" in
    --npm-ci) NPM_CI=1 ;;
    *) echo "test.sh: unknown option $arg (known: --npm-ci)" >&2; exit 2 ;;
  esac
done

REPORTS=test-reports
rm -rf "$REPORTS"
mkdir -p "$REPORTS"

STAGES=()
TIMES=()
RESULTS=()
FAILED=0
T0=$(date +%s%N)

# stage NAME COMMAND…: runs it, records its time and result.
stage() {
  local name=$1
  shift
  echo "── $name"
  local start rc
  start=$(date +%s%N)
  "$@"
  rc=$?
  STAGES+=("$name")
  TIMES+=($(( ($(date +%s%N) - start) / 1000000 )))
  if [ "$rc" = 0 ]; then RESULTS+=(ok); else RESULTS+=("FAILED (exit $rc)"); FAILED=1; fi
  return "$rc"
}
# stage_beside NAME COMMAND…: starts it in the background, output kept in $REPORTS/NAME.log;
# stage_join NAME waits for it, prints that output and records its time and result like `stage`.
declare -A BESIDE_PID
stage_beside() {
  local name=$1
  shift
  local log="$REPORTS/$name.log"
  (
    start=$(date +%s%N)
    "$@" >"$log" 2>&1
    echo $? >"$log.rc"
    echo $(( ($(date +%s%N) - start) / 1000000 )) >"$log.ms"
  ) &
  BESIDE_PID[$name]=$!
}
stage_join() {
  local name=$1 log="$REPORTS/$1.log" rc
  wait "${BESIDE_PID[$name]}"
  echo "── $name"
  cat "$log"
  rc=$(cat "$log.rc" 2>/dev/null || echo 1)
  STAGES+=("$name")
  TIMES+=("$(cat "$log.ms" 2>/dev/null || echo 0)")
  if [ "$rc" = 0 ]; then RESULTS+=("ok (beside unit)"); else RESULTS+=("FAILED (exit $rc)"); FAILED=1; fi
}
skip() {
  STAGES+=("$1")
  TIMES+=(0)
  RESULTS+=("not run: $2")
  FAILED=1
}

if [ "$NPM_CI" = 1 ]; then
  stage "npm ci" npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed: nothing else can run." >&2; exit 1; }
fi

stage_beside typecheck npx tsc -p tsconfig.json
stage_beside lint npx eslint .
# The shape of the code (docs/architecture.md "Checks"): import cycles (dependency-cruiser), unused exports (knip, knip.json).
stage_beside structure npm run -s lint:structure
stage unit bash -c 'bash scripts/ensure-cli-tools.sh && npx vitest run --silent=passed-only --reporter=dot --reporter=json --outputFile.json="$0"' "$REPORTS/unit.json"
stage_join typecheck
stage_join lint
stage_join structure
if stage build npx vite build --logLevel warn; then
  if bash scripts/ensure-chromium.sh; then
    E2E_SUMMARY_FILE="$PWD/$REPORTS/e2e.json" stage e2e npx playwright test
    # The specs that must also hold under `npm start` (Vite dev server, React StrictMode).
    E2E_SUMMARY_FILE="$PWD/$REPORTS/e2e-dev.json" stage "e2e (dev)" npx playwright test -c playwright.dev.config.ts
  else
    skip e2e "no Chromium"
  fi
else
  skip e2e "the build failed"
fi

TOTAL=$(( ($(date +%s%N) - T0) / 1000000 ))
secs() { printf '%d.%ds' $(( $1 / 1000 )) $(( ($1 % 1000) / 100 )); }

echo
echo "Stage times:"
for i in "${!STAGES[@]}"; do
  printf '  %-10s %8s  %s\n' "${STAGES[$i]}" "$(secs "${TIMES[$i]}")" "${RESULTS[$i]}"
done
printf '  %-10s %8s\n' total "$(secs "$TOTAL")"
echo
node scripts/test-summary.mjs "$REPORTS/unit.json" "$REPORTS/e2e.json" "$REPORTS/e2e-dev.json" || FAILED=1
exit "$FAILED"
