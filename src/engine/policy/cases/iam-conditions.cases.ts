// Condition operators from the IAM User Guide, every family, with IfExists, Null, set operators,
// negated multi-value (NOR) and missing-key rules. The world is one IAM user and an S3 object (no
// resource policy), so the identity policy alone decides.

import type { EvalCase } from './builder';
import type { ContextValue, Decision } from '../types';
import { ACCT, ALICE, defaultKeyPolicy, DOCS, iamAllow, iamDeny, KEY, kpStmt, pol, sessionArn } from './fixtures';

const OBJ = 'arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.csv';

/**
 * One Allow statement (Sid "Cond") with the given Condition, plus — for Deny cases — an
 * unconditional Allow so the Deny is the only thing that can stop the request.
 */
function ic(
  id: string,
  doc: string,
  why: string,
  effect: 'Allow' | 'Deny',
  condition: Record<string, unknown>,
  context: Record<string, ContextValue | null>,
  expect: Decision,
  extra: Partial<EvalCase> = {},
): EvalCase {
  const statements =
    effect === 'Allow'
      ? [iamAllow('Cond', 's3:GetObject', '*', condition)]
      : [iamAllow('Base', 's3:GetObject', '*'), iamDeny('Cond', 's3:GetObject', '*', condition)];
  const because: EvalCase['because'] =
    expect === 'ImplicitDeny' ? [{ layer: 'identity', notAllowed: true }] : [{ sid: expect === 'Allow' ? (effect === 'Allow' ? 'Cond' : 'Base') : 'Cond' }];
  return {
    id,
    doc,
    why,
    principal: ALICE,
    action: 's3:GetObject',
    resource: OBJ,
    resourceAccount: ACCT,
    identityPolicies: [pol(...statements)],
    context,
    expect,
    because,
    ...extra,
  };
}

const STR = DOCS.op('Conditions_String');
const NUM = DOCS.op('Conditions_Numeric');
const DATE = DOCS.op('Conditions_Date');
const BOOL = DOCS.op('Conditions_Boolean');
const BIN = DOCS.op('Conditions_BinaryEquals');
const IP = DOCS.op('Conditions_IPAddress');
const ARN = DOCS.op('Conditions_ARN');
const IFEX = DOCS.op('Conditions_IfExists');
const NULL = DOCS.op('Conditions_Null');
const MV = DOCS.multiValue;
const MKV = DOCS.multiKeyOrValue;

export const iamConditionCases: EvalCase[] = [
  // --- String ----------------------------------------------------------------------------------
  ic('cond-string-equals-match', STR, 'StringEquals matches the exact value.', 'Allow', { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }, { 'aws:PrincipalTag/job-category': 'iamuser-admin' }, 'Allow'),
  ic('cond-string-equals-case-sensitive', STR, 'StringEquals is case-sensitive.', 'Allow', { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }, { 'aws:PrincipalTag/job-category': 'IAMUser-Admin' }, 'ImplicitDeny'),
  ic('cond-string-equals-missing-key', STR, 'A positive operator on a missing key is false.', 'Allow', { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }, {}, 'ImplicitDeny', {
    because: [{ layer: 'identity', notAllowed: true }, { missing: 'aws:PrincipalTag/job-category' }],
  }),
  ic('cond-string-not-equals-different', STR, 'StringNotEquals is true for a different value.', 'Allow', { StringNotEquals: { 'aws:PrincipalTag/team': 'contractors' } }, { 'aws:PrincipalTag/team': 'staff' }, 'Allow'),
  ic('cond-string-not-equals-missing-key-true', DOCS.condition, 'A negated operator on a missing key is true.', 'Allow', { StringNotEquals: { 'aws:PrincipalTag/team': 'contractors' } }, {}, 'Allow'),
  ic('cond-string-equals-ignore-case', STR, 'StringEqualsIgnoreCase ignores case.', 'Allow', { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Payments' } }, { 'aws:PrincipalTag/team': 'PAYMENTS' }, 'Allow'),
  ic('cond-string-not-equals-ignore-case', STR, 'StringNotEqualsIgnoreCase: PAYMENTS equals Payments ignoring case, so the negation is false.', 'Allow', { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Payments' } }, { 'aws:PrincipalTag/team': 'PAYMENTS' }, 'ImplicitDeny'),
  ic('cond-string-like-star', STR, 'StringLike * matches any run of characters.', 'Allow', { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } }, { 's3:prefix': 'home/alice/docs/a.txt' }, 'Allow'),
  ic('cond-string-like-question', STR, 'StringLike ? matches exactly one character.', 'Allow', { StringLike: { 'aws:PrincipalTag/cost-center': 'cc-?1' } }, { 'aws:PrincipalTag/cost-center': 'cc-71' }, 'Allow'),
  ic('cond-string-like-question-too-long', STR, '? matches one character, not two.', 'Allow', { StringLike: { 'aws:PrincipalTag/cost-center': 'cc-?1' } }, { 'aws:PrincipalTag/cost-center': 'cc-771' }, 'ImplicitDeny'),
  ic('cond-string-like-case-sensitive', STR, 'StringLike is case-sensitive.', 'Allow', { StringLike: { 'aws:PrincipalTag/project': 'alpha*' } }, { 'aws:PrincipalTag/project': 'Alpha-1' }, 'ImplicitDeny'),
  ic('cond-string-not-like', STR, 'StringNotLike is true when the value matches no pattern.', 'Allow', { StringNotLike: { 'aws:PrincipalTag/project': ['secret-*', 'internal-*'] } }, { 'aws:PrincipalTag/project': 'public-web' }, 'Allow'),

  // --- Numeric ---------------------------------------------------------------------------------
  ic('cond-numeric-less-than-equals', NUM, 's3:max-keys 10 is ≤ 10.', 'Allow', { NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }, 'Allow'),
  ic('cond-numeric-less-than-equals-over', NUM, 's3:max-keys 11 is not ≤ 10.', 'Allow', { NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '11' }, 'ImplicitDeny'),
  ic('cond-numeric-less-than-strict', NUM, 'NumericLessThan is strict: 10 is not < 10.', 'Allow', { NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }, 'ImplicitDeny'),
  ic('cond-numeric-equals-decimal', NUM, 'NumericEquals compares numbers: 10.0 equals 10.', 'Allow', { NumericEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10.0' }, 'Allow'),
  ic('cond-numeric-not-equals', NUM, 'NumericNotEquals: 5 is not 10.', 'Allow', { NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '5' }, 'Allow'),
  ic('cond-numeric-greater-than', NUM, 'NumericGreaterThan: 100 > 10 (numeric, not string, comparison).', 'Allow', { NumericGreaterThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '100' }, 'Allow'),
  ic('cond-numeric-greater-than-equals-below', NUM, 'NumericGreaterThanEquals: 9 is not ≥ 10.', 'Allow', { NumericGreaterThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '9' }, 'ImplicitDeny'),

  // --- Date --------------------------------------------------------------------------------------
  ic('cond-date-less-than', DATE, 'The request time 2026-01-01 is before 2030-01-01.', 'Allow', { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, {}, 'Allow'),
  ic('cond-date-greater-than-future', DATE, 'The request time is not after 2030-01-01.', 'Allow', { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, {}, 'ImplicitDeny'),
  ic('cond-date-epoch-value', DATE, 'Date values may be epoch seconds: 1767225600 is 2026-01-01T00:00:00Z.', 'Allow', { DateEquals: { 'aws:CurrentTime': '1767225600' } }, {}, 'Allow'),
  ic('cond-date-window', DATE, 'Two date operators are ANDed: the time is inside the window.', 'Allow', { DateGreaterThan: { 'aws:CurrentTime': '2025-12-31T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2026-01-02T00:00:00Z' } }, {}, 'Allow'),
  ic('cond-date-not-equals', DATE, 'DateNotEquals: the request time differs from 2025-06-01.', 'Allow', { DateNotEquals: { 'aws:CurrentTime': '2025-06-01T00:00:00Z' } }, {}, 'Allow'),
  ic('cond-date-token-issue-time-missing', DATE, 'aws:TokenIssueTime is present only with temporary credentials; an IAM user’s long-term request lacks it.', 'Allow', { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } }, {}, 'ImplicitDeny'),

  // --- Bool ------------------------------------------------------------------------------------
  ic('cond-bool-secure-transport-deny-false', BOOL, 'Deny when aws:SecureTransport is false: this request used HTTP.', 'Deny', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'false' }, 'ExplicitDeny'),
  ic('cond-bool-secure-transport-https', BOOL, 'Over HTTPS aws:SecureTransport is true, so the Deny does not apply.', 'Deny', { Bool: { 'aws:SecureTransport': 'false' } }, {}, 'Allow'),
  ic('cond-bool-missing-key', BOOL, 'Bool on a missing key is false: aws:MultiFactorAuthPresent is absent for long-term credentials.', 'Allow', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, {}, 'ImplicitDeny'),
  ic('cond-bool-if-exists-missing', IFEX, 'BoolIfExists is true when the key is absent.', 'Allow', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, {}, 'Allow'),
  ic('cond-bool-if-exists-present-false', IFEX, 'BoolIfExists compares the value when the key is present: false is not true.', 'Allow', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, { 'aws:MultiFactorAuthPresent': 'false' }, 'ImplicitDeny'),

  // --- Binary ---------------------------------------------------------------------------------
  ic('cond-binary-equals', BIN, 'BinaryEquals compares the base64-encoded bytes.', 'Allow', { BinaryEquals: { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }, 'Allow'),
  ic('cond-binary-equals-different', BIN, 'Different bytes do not match.', 'Allow', { BinaryEquals: { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, { key: 'T3RoZXJWYWx1ZQ==' }, 'ImplicitDeny'),

  // --- IP address ------------------------------------------------------------------------------
  ic('cond-ip-address-in-cidr', IP, '203.0.113.7 is in 203.0.113.0/24.', 'Allow', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.7' }, 'Allow'),
  ic('cond-ip-address-outside-cidr', IP, '198.51.100.7 is not in 203.0.113.0/24.', 'Allow', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.7' }, 'ImplicitDeny'),
  ic('cond-ip-address-bare-ip-is-32', IP, 'A bare IP address means /32: only that address matches.', 'Allow', { IpAddress: { 'aws:SourceIp': '203.0.113.7' } }, { 'aws:SourceIp': '203.0.113.8' }, 'ImplicitDeny'),
  ic('cond-not-ip-address-deny', IP, 'NotIpAddress in a Deny: a request from outside the corporate range is denied.', 'Deny', { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } }, { 'aws:SourceIp': '198.51.100.7' }, 'ExplicitDeny'),
  ic('cond-not-ip-address-inside', IP, 'From inside the second range, NotIpAddress is false (NOR over the values).', 'Deny', { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } }, { 'aws:SourceIp': '203.0.113.99' }, 'Allow'),
  ic('cond-ip-address-ipv6', IP, '2001:DB8:1234:5678::1 is in 2001:DB8:1234:5678::/64.', 'Allow', { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } }, { 'aws:SourceIp': '2001:db8:1234:5678::1' }, 'Allow'),
  ic('cond-ip-address-ipv4-vs-ipv6', IP, 'An IPv6 source never matches an IPv4 range.', 'Allow', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '2001:db8::7' }, 'ImplicitDeny'),

  // --- ARN ---------------------------------------------------------------------------------------
  ic('cond-arn-like-source-arn', ARN, 'ArnLike with a wildcard in the resource part.', 'Allow', { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-west-2:123456789012:topic-*' } }, { 'aws:SourceArn': 'arn:aws:sns:us-west-2:123456789012:topic-orders' }, 'Allow'),
  ic('cond-arn-equals-exact', ARN, 'ArnEquals compares the whole ARN.', 'Allow', { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-west-2:123456789012:topic-orders' } }, { 'aws:SourceArn': 'arn:aws:sns:us-west-2:123456789012:topic-refunds' }, 'ImplicitDeny'),
  ic('cond-arn-like-account-wildcard', ARN, 'Each ARN component is matched separately; * in the account component matches any account.', 'Allow', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/ali*' } }, {}, 'Allow'),
  ic('cond-arn-not-like-deny', ARN, 'ArnNotLike in a Deny: callers other than the admin role are denied.', 'Deny', { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/Admin*` } }, {}, 'ExplicitDeny'),
  ic('cond-arn-not-equals-missing-key', ARN, 'ArnNotEquals on a missing key is true (a negated operator).', 'Deny', { ArnNotEquals: { 'aws:SourceArn': 'arn:aws:sns:us-west-2:123456789012:topic-orders' } }, {}, 'ExplicitDeny'),

  // --- Null -------------------------------------------------------------------------------------
  ic('cond-null-true-absent', NULL, 'Null true: the key is absent (no temporary credentials).', 'Allow', { Null: { 'aws:TokenIssueTime': 'true' } }, {}, 'Allow'),
  ic('cond-null-true-present', NULL, 'Null true is false when the key is present.', 'Allow', { Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2025-12-31T23:00:00Z' }, 'ImplicitDeny'),
  ic('cond-null-false-present', NULL, 'Null false: the key is present.', 'Allow', { Null: { 'aws:PrincipalTag/team': 'false' } }, { 'aws:PrincipalTag/team': 'payments' }, 'Allow'),
  ic('cond-null-false-absent', NULL, 'Null false is false when the key is absent.', 'Allow', { Null: { 'aws:PrincipalTag/team': 'false' } }, {}, 'ImplicitDeny'),

  // --- IfExists ------------------------------------------------------------------------------------
  ic('cond-if-exists-missing-true', IFEX, 'StringEqualsIfExists is true when the key is absent.', 'Allow', { StringEqualsIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, {}, 'Allow'),
  ic('cond-if-exists-present-mismatch', IFEX, 'When the key is present, the operator compares: m5.large equals none of the values.', 'Allow', { StringEqualsIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, { 'ec2:InstanceType': 'm5.large' }, 'ImplicitDeny'),
  ic('cond-like-if-exists-present-match', IFEX, 'StringLikeIfExists with the key present: t2.micro matches t2.*.', 'Allow', { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, { 'ec2:InstanceType': 't2.micro' }, 'Allow'),
  ic('cond-negated-if-exists-deny-missing', IFEX, 'StringNotEqualsIfExists in a Deny: a missing key makes the condition true, so the Deny applies.', 'Deny', { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-exampleorg' } }, {}, 'ExplicitDeny'),
  ic('cond-negated-if-exists-deny-member', IFEX, 'A caller in the organization makes StringNotEqualsIfExists false.', 'Deny', { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-exampleorg' } }, { 'aws:PrincipalOrgID': 'o-exampleorg' }, 'Allow'),
  ic('cond-numeric-if-exists-missing', IFEX, 'IfExists works with any operator family except Null: NumericLessThanIfExists on a missing key is true.', 'Allow', { NumericLessThanIfExists: { 's3:max-keys': '10' } }, {}, 'Allow'),

  // --- Multiple keys and values ------------------------------------------------------------------
  ic('cond-multi-values-or', MKV, 'Multiple values for one key are ORed.', 'Allow', { StringEquals: { 'aws:PrincipalTag/team': ['payments', 'billing'] } }, { 'aws:PrincipalTag/team': 'billing' }, 'Allow'),
  ic('cond-multi-keys-and', MKV, 'Multiple keys under one operator are ANDed: the second key does not match.', 'Allow', { StringEquals: { 'aws:PrincipalTag/team': 'payments', 'aws:PrincipalTag/stage': 'prod' } }, { 'aws:PrincipalTag/team': 'payments', 'aws:PrincipalTag/stage': 'dev' }, 'ImplicitDeny'),
  ic('cond-multi-operators-and', MKV, 'Multiple operators are ANDed: the IP address condition fails.', 'Allow', { StringEquals: { 'aws:PrincipalTag/team': 'payments' }, IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, { 'aws:PrincipalTag/team': 'payments', 'aws:SourceIp': '203.0.113.1' }, 'ImplicitDeny'),
  ic('cond-negated-multi-values-nor-match', MKV, 'A negated operator with several values is a NOR: the value equals one of them, so StringNotEquals is false.', 'Deny', { StringNotEquals: { 'aws:PrincipalTag/team': ['payments', 'billing'] } }, { 'aws:PrincipalTag/team': 'billing' }, 'Allow'),
  ic('cond-negated-multi-values-nor-none', MKV, 'The value equals none of them, so StringNotEquals is true and the Deny applies.', 'Deny', { StringNotEquals: { 'aws:PrincipalTag/team': ['payments', 'billing'] } }, { 'aws:PrincipalTag/team': 'marketing' }, 'ExplicitDeny'),
  ic('cond-key-name-case-insensitive', DOCS.variables, 'Condition key names are case-insensitive: AWS:SOURCEIP is aws:SourceIp.', 'Allow', { IpAddress: { 'AWS:SOURCEIP': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.7' }, 'Allow'),

  // --- Set operators (multivalued keys) -------------------------------------------------------------
  ic('cond-for-any-value-match', MV, 'ForAnyValue: one request tag key (environment) is in the policy set.', 'Allow', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['environment', 'owner'] }, 'Allow'),
  ic('cond-for-any-value-none', MV, 'ForAnyValue: no request value is in the policy set.', 'Allow', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['owner'] }, 'ImplicitDeny'),
  ic('cond-for-any-value-missing-key', MV, 'ForAnyValue returns false when the key is missing from the request.', 'Allow', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } }, {}, 'ImplicitDeny'),
  ic('cond-for-any-value-empty-set', MV, 'ForAnyValue over an empty set is false.', 'Allow', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } }, { 'aws:TagKeys': [] }, 'ImplicitDeny'),
  ic('cond-for-all-values-subset', MV, 'ForAllValues: every request value is in the policy set.', 'Allow', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['cost-center'] }, 'Allow'),
  ic('cond-for-all-values-extra', MV, 'ForAllValues: owner is not in the policy set.', 'Allow', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['environment', 'owner'] }, 'ImplicitDeny'),
  ic('cond-for-all-values-missing-key', MV, 'ForAllValues also returns true if there are no context keys in the request — beware with Allow.', 'Allow', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, {}, 'Allow'),
  ic('cond-for-all-values-empty-set', MV, 'ForAllValues over an empty set is true.', 'Allow', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment'] } }, { 'aws:TagKeys': [] }, 'Allow'),
  ic('cond-for-all-values-like', MV, 'ForAllValues:StringLike: every tag key starts with "team-".', 'Allow', { 'ForAllValues:StringLike': { 'aws:TagKeys': ['team-*'] } }, { 'aws:TagKeys': ['team-a', 'team-b'] }, 'Allow'),
  ic('cond-for-any-value-negated', MV, 'ForAnyValue:StringNotEquals in a Deny: at least one tag key is not an allowed one.', 'Deny', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['environment', 'owner'] }, 'ExplicitDeny'),
  ic('cond-for-any-value-negated-all-allowed', MV, 'ForAnyValue:StringNotEquals is false when every tag key is in the set.', 'Deny', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['environment'] }, 'Allow'),
  ic('cond-for-all-values-not-like', MV, 'ForAllValues:StringNotLike: no tag key matches "secret*".', 'Allow', { 'ForAllValues:StringNotLike': { 'aws:TagKeys': ['secret*'] } }, { 'aws:TagKeys': ['public', 'team'] }, 'Allow'),

  // --- ABAC with aws:ResourceTag and aws:PrincipalTag on KMS keys ----------------------------------
  {
    id: 'abac-resource-tag-matches-principal-tag',
    doc: DOCS.abac,
    why: 'The key’s Project tag equals the caller’s Project tag (a variable in the condition value).',
    principal: ALICE,
    action: 'kms:Decrypt',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    keyTags: { Project: 'Alpha' },
    principalTags: { Project: 'Alpha' },
    identityPolicies: [pol(iamAllow('SameProject', 'kms:Decrypt', `arn:aws:kms:*:${ACCT}:key/*`, { StringEquals: { 'aws:ResourceTag/Project': '${aws:PrincipalTag/Project}' } }))],
    expect: 'Allow',
    because: [{ sid: 'SameProject' }],
  },
  {
    id: 'abac-resource-tag-differs',
    doc: DOCS.abac,
    why: 'The key is tagged Project=Beta; the caller is in Alpha.',
    principal: ALICE,
    action: 'kms:Decrypt',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    keyTags: { Project: 'Beta' },
    principalTags: { Project: 'Alpha' },
    identityPolicies: [pol(iamAllow('SameProject', 'kms:Decrypt', `arn:aws:kms:*:${ACCT}:key/*`, { StringEquals: { 'aws:ResourceTag/Project': '${aws:PrincipalTag/Project}' } }))],
    expect: 'ImplicitDeny',
    because: [{ layer: 'identity', notAllowed: true }],
  },
  {
    id: 'abac-untagged-key',
    doc: DOCS.tagAuthorization,
    why: 'An untagged key has no aws:ResourceTag/Project, so StringEquals is false.',
    principal: ALICE,
    action: 'kms:Decrypt',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    principalTags: { Project: 'Alpha' },
    identityPolicies: [pol(iamAllow('AlphaKeys', 'kms:Decrypt', `arn:aws:kms:*:${ACCT}:key/*`, { StringEquals: { 'aws:ResourceTag/Project': 'Alpha' } }))],
    expect: 'ImplicitDeny',
    because: [{ missing: 'aws:ResourceTag/Project' }],
  },
  {
    id: 'abac-deny-tagged-key',
    doc: DOCS.tagAuthorization,
    why: 'An IAM Deny on keys tagged Type=Reserved overrides the key policy’s Allow.',
    principal: ALICE,
    action: 'kms:Decrypt',
    key: KEY,
    keyPolicy: pol(kpStmt('AllowAlice', 'Allow', ALICE, 'kms:*')),
    keyTags: { Type: 'Reserved' },
    identityPolicies: [pol(iamDeny('DenyReservedKeys', 'kms:*', `arn:aws:kms:*:${ACCT}:key/*`, { StringEquals: { 'aws:ResourceTag/Type': 'Reserved' } }))],
    expect: 'ExplicitDeny',
    because: [{ sid: 'DenyReservedKeys' }],
  },
  {
    id: 'kms-principal-star-arn-like-principal-arn',
    doc: DOCS.conditionsAws,
    why: 'Principal "*" narrowed by ArnLike aws:PrincipalArn: a session of role Analytics-Reader matches (aws:PrincipalArn is the role ARN).',
    principal: sessionArn('Analytics-Reader', 'job-7'),
    action: 'kms:Decrypt',
    key: KEY,
    keyPolicy: pol(kpStmt('AnalyticsRoles', 'Allow', '*', 'kms:Decrypt', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/Analytics-*` } })),
    expect: 'Allow',
    because: [{ sid: 'AnalyticsRoles', kind: 'key' }],
  },
  {
    id: 'kms-principal-star-arn-like-other-role',
    doc: DOCS.conditionsAws,
    why: 'A session of role Billing does not match arn:aws:iam::111122223333:role/Analytics-*.',
    principal: sessionArn('Billing', 'job-8'),
    action: 'kms:Decrypt',
    key: KEY,
    keyPolicy: pol(kpStmt('AnalyticsRoles', 'Allow', '*', 'kms:Decrypt', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/Analytics-*` } })),
    expect: 'ImplicitDeny',
    because: [{ layer: 'key-policy', notAllowed: true }],
  },
];
