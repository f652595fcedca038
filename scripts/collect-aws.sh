#!/usr/bin/env bash
# Saves what `npm run import-aws` (and the app's "Open AWS export") reads, using your AWS CLI and
# only read-only commands (docs/aws-import.md; the permissions: docs/aws-import-permissions.json):
#
#   iam/account-authorization-details.json      aws iam get-account-authorization-details
#   kms/REGION/aliases.json                      aws kms list-aliases
#   kms/REGION/KEY-ID/describe-key.json          aws kms describe-key --key-id KEY-ID
#   kms/REGION/KEY-ID/key-policy.json            aws kms get-key-policy --key-id KEY-ID --policy-name default
#   kms/REGION/KEY-ID/list-grants.json           aws kms list-grants --key-id KEY-ID
#   kms/REGION/KEY-ID/list-resource-tags.json    aws kms list-resource-tags --key-id KEY-ID
#   organizations/describe-organization.json     aws organizations describe-organization
#   organizations/list-roots.json                aws organizations list-roots
#   organizations/policies/POLICY-ID.json        aws organizations describe-policy --policy-id POLICY-ID
#   organizations/targets/POLICY-ID.json         aws organizations list-targets-for-policy --policy-id POLICY-ID
#
# Key ids come from `aws kms list-keys`, policy ids from `aws organizations list-policies --filter
# SERVICE_CONTROL_POLICY|RESOURCE_CONTROL_POLICY`, and with `--regions all` the regions from
# `aws ec2 describe-regions`. Nothing is changed in the account. A command that fails (AccessDenied,
# an account outside any organization…) is written to DIR/collect-errors.log and the rest goes on;
# the import reports what is missing.
set -uo pipefail

usage() {
  cat >&2 <<'USAGE'
usage: scripts/collect-aws.sh [--regions REGION[,REGION…]|all] [--profile NAME] [--skip iam,kms,organizations] [--endpoint-url URL] DIR
  --regions       the KMS regions to read (default: the CLI's configured region; "all": every enabled region)
  --profile       the AWS CLI profile to use (default: the CLI's own choice)
  --skip          parts not to read, comma-separated: iam, kms, organizations
  --endpoint-url  send every call to this endpoint (for a local test endpoint such as npm run kms-server)
  DIR             a new (or empty) folder to write into; an existing export is never overwritten
  The AWS CLI used is "aws" on PATH, or $AWS_CLI.
USAGE
  exit 2
}

AWS=${AWS_CLI:-aws}
REGIONS=""
PROFILE=""
ENDPOINT=""
SKIP=","
DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --regions) [ $# -ge 2 ] || usage; REGIONS=$2; shift 2 ;;
    --regions=*) REGIONS=${1#*=}; shift ;;
    --profile) [ $# -ge 2 ] || usage; PROFILE=$2; shift 2 ;;
    --profile=*) PROFILE=${1#*=}; shift ;;
    --endpoint-url) [ $# -ge 2 ] || usage; ENDPOINT=$2; shift 2 ;;
    --endpoint-url=*) ENDPOINT=${1#*=}; shift ;;
    --skip) [ $# -ge 2 ] || usage; SKIP=",$2,"; shift 2 ;;
    --skip=*) SKIP=",${1#*=},"; shift ;;
    -h|--help) usage ;;
    -*) echo "collect-aws: unknown option $1" >&2; usage ;;
    *) [ -z "$DIR" ] || { echo "collect-aws: one folder only (got $DIR and $1)" >&2; usage; }; DIR=$1; shift ;;
  esac
done
[ -n "$DIR" ] || { echo "collect-aws: no folder given" >&2; usage; }
for part in ${SKIP//,/ }; do
  case "$part" in iam|kms|organizations) ;; *) echo "collect-aws: --skip takes iam, kms, organizations (not $part)" >&2; exit 2 ;; esac
done
command -v "$AWS" >/dev/null 2>&1 || { echo "collect-aws: the AWS CLI ($AWS) is not on PATH; install it or set AWS_CLI" >&2; exit 2; }
if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
  echo "collect-aws: $DIR exists and is not empty; choose a new folder (an earlier export is never overwritten)" >&2
  exit 2
fi
mkdir -p "$DIR" || exit 2

export AWS_PAGER=""
COMMON=()
[ -n "$PROFILE" ] && COMMON+=(--profile "$PROFILE")
[ -n "$ENDPOINT" ] && COMMON+=(--endpoint-url "$ENDPOINT")
LOG="$DIR/collect-errors.log"
ERR=$(mktemp) || exit 2
trap 'rm -f "$ERR"' EXIT
skipped() { [[ "$SKIP" == *",$1,"* ]]; }

# save FILE aws-args…: one command's JSON output into DIR/FILE (written whole, or not at all).
save() {
  local file=$DIR/$1
  shift
  mkdir -p "$(dirname "$file")"
  if "$AWS" "$@" ${COMMON[@]+"${COMMON[@]}"} --output json >"$file.part" 2>"$ERR"; then
    mv "$file.part" "$file"
    return 0
  fi
  rm -f "$file.part"
  printf 'aws %s: %s\n' "$*" "$(tr '\n' ' ' <"$ERR")" >>"$LOG"
  return 1
}

# ids aws-args…: the ids a list command prints with --query … --output text, one a line.
ids() {
  local out
  if ! out=$("$AWS" "$@" ${COMMON[@]+"${COMMON[@]}"} --output text 2>"$ERR"); then
    printf 'aws %s: %s\n' "$*" "$(tr '\n' ' ' <"$ERR")" >>"$LOG"
    return 1
  fi
  printf '%s\n' "$out" | tr '\t' '\n' | grep -v -e '^None$' -e '^[[:space:]]*$' || true
}

if ! skipped iam; then
  echo "collect-aws: IAM users, groups, roles and policies…" >&2
  save iam/account-authorization-details.json iam get-account-authorization-details
fi

if ! skipped kms; then
  if [ -z "$REGIONS" ]; then
    REGIONS=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
    if [ -z "$REGIONS" ]; then
      if [ -n "$PROFILE" ]; then REGIONS=$("$AWS" configure get region --profile "$PROFILE" 2>/dev/null); else REGIONS=$("$AWS" configure get region 2>/dev/null); fi
    fi
    [ -n "$REGIONS" ] || { echo "collect-aws: no region configured: give --regions us-east-1[,…] (or all)" >&2; exit 2; }
  elif [ "$REGIONS" = "all" ]; then
    REGIONS=$(ids ec2 describe-regions --query 'Regions[].RegionName') || { echo "collect-aws: could not list the regions (ec2:DescribeRegions); give --regions" >&2; exit 2; }
  fi
  for region in ${REGIONS//,/ }; do
    case "$region" in *[!a-z0-9-]*|"") echo "collect-aws: $region is not a region name" >&2; exit 2 ;; esac
    echo "collect-aws: KMS keys in $region…" >&2
    save "kms/$region/aliases.json" kms list-aliases --region "$region"
    keys=$(ids kms list-keys --region "$region" --query 'Keys[].KeyId') || continue
    for key in $keys; do
      case "$key" in *[!a-zA-Z0-9-]*) echo "collect-aws: skipping a key id that is not one: $key" >&2; continue ;; esac
      save "kms/$region/$key/describe-key.json" kms describe-key --region "$region" --key-id "$key"
      save "kms/$region/$key/key-policy.json" kms get-key-policy --region "$region" --key-id "$key" --policy-name default
      save "kms/$region/$key/list-grants.json" kms list-grants --region "$region" --key-id "$key"
      save "kms/$region/$key/list-resource-tags.json" kms list-resource-tags --region "$region" --key-id "$key"
    done
  done
fi

if ! skipped organizations; then
  echo "collect-aws: Organizations: SCPs and RCPs…" >&2
  if save organizations/describe-organization.json organizations describe-organization; then
    save organizations/list-roots.json organizations list-roots
    for type in SERVICE_CONTROL_POLICY RESOURCE_CONTROL_POLICY; do
      policies=$(ids organizations list-policies --filter "$type" --query 'Policies[].Id') || continue
      for policy in $policies; do
        case "$policy" in *[!a-zA-Z0-9_-]*) echo "collect-aws: skipping a policy id that is not one: $policy" >&2; continue ;; esac
        save "organizations/policies/$policy.json" organizations describe-policy --policy-id "$policy"
        save "organizations/targets/$policy.json" organizations list-targets-for-policy --policy-id "$policy"
      done
    done
  elif grep -q 'AWSOrganizationsNotInUseException' "$LOG" 2>/dev/null; then
    # Not in an organization: nothing is missing. Say so once instead of listing it as a failure.
    grep -v 'AWSOrganizationsNotInUseException' "$LOG" >"$ERR" || true
    cat "$ERR" >"$LOG"
    echo "collect-aws: the account is not in an organization (no SCPs or RCPs)" >&2
  fi
  rmdir "$DIR/organizations" 2>/dev/null || true
fi

[ -s "$LOG" ] || rm -f "$LOG"
echo "collect-aws: saved $(find "$DIR" -type f -name '*.json' | wc -l | tr -d ' ') files in $DIR" >&2
if [ -s "$LOG" ]; then
  echo "collect-aws: $(wc -l <"$LOG" | tr -d ' ') commands failed (see $LOG); the import reports what they would have added" >&2
fi
echo "collect-aws: next: npm run import-aws -- $DIR --out account.json" >&2
exit 0
