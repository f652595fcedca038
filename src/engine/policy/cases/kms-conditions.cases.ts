// Every example of the KMS developer guide's "AWS KMS condition keys" page, plus the request
// and its opposite, so each condition is seen both matching and not matching.

import type { Because, EvalCase } from './builder';
import { ACCT, ALICE, BOB, defaultKeyPolicy, DOCS, EXAMPLE_USER, iamAllow, iamDeny, KEY, kpStmt, pol, REGION, roleArn, sessionArn } from './fixtures';

type Rest = Omit<EvalCase, 'id' | 'doc' | 'why' | 'key' | 'keyPolicy'> & { key?: string; keyPolicy?: EvalCase['keyPolicy'] };

/** A case on KEY whose key policy is the given statements (no root statement unless included). */
function kc(id: string, anchor: string, why: string, statements: Record<string, unknown>[], rest: Rest): EvalCase {
  return { id, doc: DOCS.ck(anchor), why, key: KEY, keyPolicy: pol(...statements), ...rest };
}

const APP_ROLE = roleArn('RoleForExampleApp');
const APP = sessionArn('RoleForExampleApp', 'worker-1');
const TESTERS = sessionArn('testers', 'tester-1');
const KP_DENIED: Because = { layer: 'key-policy', notAllowed: true };

// Statements printed on the page (trimmed only of nothing; Sids added so the trace can name them).
const ecAppName = kpStmt('RequireAppName', 'Allow', APP_ROLE, 'kms:GenerateDataKey', { StringEquals: { 'kms:EncryptionContext:AppName': 'ExampleApp' } });
const ecAppNameOnly = {
  ...kpStmt('OnlyAppName', 'Allow', ALICE, 'kms:GenerateDataKey', {
    StringEquals: { 'kms:EncryptionContext:AppName': 'ExampleApp' },
    'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['AppName'] },
  }),
};
const ecDenyRestricted = kpStmt('DenyRestricted', 'Deny', APP_ROLE, 'kms:GenerateDataKey', { StringEquals: { 'kms:EncryptionContext:Stage': 'Restricted' } });
const ecAllowApp = kpStmt('AllowGenerate', 'Allow', APP_ROLE, 'kms:GenerateDataKey');
const ecTwoPairs = kpStmt('DeptAndProject', 'Allow', APP_ROLE, 'kms:Decrypt', {
  StringEquals: { 'kms:EncryptionContext:Department': 'IT', 'kms:EncryptionContext:Project': 'Alpha' },
});
const ecEitherDept = kpStmt('EitherDepartment', 'Allow', APP_ROLE, 'kms:GenerateDataKey', { StringEquals: { 'kms:EncryptionContext:Department': 'IT' } });
const ecEitherProject = kpStmt('EitherProject', 'Allow', APP_ROLE, 'kms:GenerateDataKey', { StringEquals: { 'kms:EncryptionContext:Project': 'Alpha' } });
const ecDenyStages = kpStmt('DenyStages', 'Deny', APP_ROLE, 'kms:GenerateDataKey', { StringEquals: { 'kms:EncryptionContext:Stage': ['Restricted', 'Production'] } });
const ecAppnameLower = kpStmt('AppnameAnyCase', 'Allow', APP_ROLE, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:Appname': 'ExampleApp' } });
const eckAnyAppName = kpStmt('AnyAppNameKey', 'Allow', APP_ROLE, ['kms:Encrypt', 'kms:GenerateDataKey*'], {
  'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'AppName' },
});
const eckNotNull = kpStmt('RequireSomeContext', 'Allow', APP_ROLE, ['kms:Encrypt', 'kms:GenerateDataKey*'], { Null: { 'kms:EncryptionContextKeys': 'false' } });
const ecUserVar = kpStmt('OwnDataOnly', 'Allow', BOB, ['kms:Decrypt', 'kms:Encrypt'], { StringEquals: { 'kms:EncryptionContext:user': '${aws:username}' } });

export const kmsConditionCases: EvalCase[] = [
  // --- kms:BypassPolicyLockoutSafetyCheck -------------------------------------------------------
  {
    id: 'kms-bypass-lockout-deny-when-true',
    doc: DOCS.ck('conditions-kms-bypass-policy-lockout-safety-check'),
    why: 'The IAM Deny applies when the CreateKey request sets BypassPolicyLockoutSafetyCheck to true.',
    principal: ALICE,
    action: 'kms:CreateKey',
    identityPolicies: [
      pol(iamAllow('AllowCreateKey', 'kms:CreateKey', '*'), iamDeny('NoBypass', ['kms:CreateKey', 'kms:PutKeyPolicy'], '*', { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': true } })),
    ],
    context: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' },
    expect: 'ExplicitDeny',
    because: [{ sid: 'NoBypass' }],
  },
  {
    id: 'kms-bypass-lockout-deny-not-when-false',
    doc: DOCS.ck('conditions-kms-bypass-policy-lockout-safety-check'),
    why: 'With BypassPolicyLockoutSafetyCheck false, the Deny does not apply and the IAM Allow stands.',
    principal: ALICE,
    action: 'kms:CreateKey',
    identityPolicies: [
      pol(iamAllow('AllowCreateKey', 'kms:CreateKey', '*'), iamDeny('NoBypass', ['kms:CreateKey', 'kms:PutKeyPolicy'], '*', { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': true } })),
    ],
    context: { 'kms:BypassPolicyLockoutSafetyCheck': 'false' },
    expect: 'Allow',
    because: [{ sid: 'AllowCreateKey' }],
  },
  kc(
    'kms-bypass-lockout-null-allows-without-parameter',
    'conditions-kms-bypass-policy-lockout-safety-check',
    'Null true holds when the request does not include the BypassPolicyLockoutSafetyCheck parameter.',
    [kpStmt('PutPolicyWithoutBypass', 'Allow', ALICE, 'kms:PutKeyPolicy', { Null: { 'kms:BypassPolicyLockoutSafetyCheck': true } })],
    { principal: ALICE, action: 'kms:PutKeyPolicy', expect: 'Allow', because: [{ sid: 'PutPolicyWithoutBypass' }] },
  ),
  kc(
    'kms-bypass-lockout-null-fails-with-parameter',
    'conditions-kms-bypass-policy-lockout-safety-check',
    'When the request includes the parameter, Null true is false and the statement does not allow.',
    [kpStmt('PutPolicyWithoutBypass', 'Allow', ALICE, 'kms:PutKeyPolicy', { Null: { 'kms:BypassPolicyLockoutSafetyCheck': true } })],
    { principal: ALICE, action: 'kms:PutKeyPolicy', context: { 'kms:BypassPolicyLockoutSafetyCheck': 'false' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),

  // --- kms:DataKeyPairSpec ----------------------------------------------------------------------
  kc(
    'kms-data-key-pair-spec-rsa-allowed',
    'conditions-kms-data-key-spec',
    'StringLike "RSA*" matches the RSA_2048 key pair spec.',
    [kpStmt('RsaPairsOnly', 'Allow', EXAMPLE_USER, ['kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext'], { StringLike: { 'kms:DataKeyPairSpec': 'RSA*' } })],
    { principal: EXAMPLE_USER, action: 'kms:GenerateDataKeyPair', context: { 'kms:DataKeyPairSpec': 'RSA_2048' }, expect: 'Allow', because: [{ sid: 'RsaPairsOnly' }] },
  ),
  kc(
    'kms-data-key-pair-spec-ecc-denied',
    'conditions-kms-data-key-spec',
    'StringLike "RSA*" does not match ECC_NIST_P256.',
    [kpStmt('RsaPairsOnly', 'Allow', EXAMPLE_USER, ['kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext'], { StringLike: { 'kms:DataKeyPairSpec': 'RSA*' } })],
    { principal: EXAMPLE_USER, action: 'kms:GenerateDataKeyPairWithoutPlaintext', context: { 'kms:DataKeyPairSpec': 'ECC_NIST_P256' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),

  // --- kms:EncryptionAlgorithm ------------------------------------------------------------------
  kc(
    'kms-encryption-algorithm-deny-other-algorithms',
    'conditions-kms-encryption-algorithm',
    'The double-negative Deny applies to a Decrypt that uses SYMMETRIC_DEFAULT, not RSAES_OAEP_SHA_256, and overrides the grant.',
    [
      kpStmt('AllowRole', 'Allow', roleArn('ExampleRole'), ['kms:Encrypt', 'kms:Decrypt']),
      kpStmt('Allow only one encryption algorithm with this asymmetric KMS key', 'Deny', roleArn('ExampleRole'), ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*'], {
        StringNotEquals: { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_256' },
      }),
    ],
    {
      principal: sessionArn('ExampleRole', 's'),
      action: 'kms:Decrypt',
      grants: [{ grantId: 'g-decrypt', granteePrincipal: roleArn('ExampleRole'), operations: ['Decrypt'] }],
      expect: 'ExplicitDeny',
      because: [{ sid: 'Allow only one encryption algorithm with this asymmetric KMS key', kind: 'key' }],
    },
  ),
  kc(
    'kms-encryption-algorithm-allowed-algorithm',
    'conditions-kms-encryption-algorithm',
    'With EncryptionAlgorithm RSAES_OAEP_SHA_256, StringNotEquals is false; the Deny does not apply.',
    [
      kpStmt('AllowRole', 'Allow', roleArn('ExampleRole'), ['kms:Encrypt', 'kms:Decrypt']),
      kpStmt('Allow only one encryption algorithm with this asymmetric KMS key', 'Deny', roleArn('ExampleRole'), ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*'], {
        StringNotEquals: { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_256' },
      }),
    ],
    { principal: sessionArn('ExampleRole', 's'), action: 'kms:Encrypt', context: { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_256' }, expect: 'Allow', because: [{ sid: 'AllowRole' }] },
  ),
  {
    id: 'kms-encryption-algorithm-default-symmetric-not-denied',
    doc: DOCS.ck('conditions-kms-encryption-algorithm'),
    why: 'GenerateDataKey always uses SYMMETRIC_DEFAULT, which the request context carries even though the request does not specify it.',
    principal: ALICE,
    action: 'kms:GenerateDataKey',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    identityPolicies: [
      pol(
        iamAllow('AllowUse', ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'], `arn:aws:kms:${REGION}:${ACCT}:key/*`),
        iamDeny('AllowOnlySymmetricAlgorithm', ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], `arn:aws:kms:${REGION}:${ACCT}:key/*`, {
          StringNotEquals: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' },
        }),
      ),
    ],
    expect: 'Allow',
    because: [{ sid: 'AllowUse' }],
  },
  {
    id: 'kms-encryption-algorithm-asymmetric-denied',
    doc: DOCS.ck('conditions-kms-encryption-algorithm'),
    why: 'An Encrypt with RSAES_OAEP_SHA_1 is not SYMMETRIC_DEFAULT, so the IAM Deny applies.',
    principal: ALICE,
    action: 'kms:Encrypt',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    identityPolicies: [
      pol(
        iamAllow('AllowUse', ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'], `arn:aws:kms:${REGION}:${ACCT}:key/*`),
        iamDeny('AllowOnlySymmetricAlgorithm', ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], `arn:aws:kms:${REGION}:${ACCT}:key/*`, {
          StringNotEquals: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' },
        }),
      ),
    ],
    context: { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_1' },
    expect: 'ExplicitDeny',
    because: [{ sid: 'AllowOnlySymmetricAlgorithm', kind: 'identity' }],
  },

  // --- kms:EncryptionContext:<key> --------------------------------------------------------------
  kc('kms-ec-require-pair-present', 'conditions-kms-encryption-context', 'The request includes AppName=ExampleApp.', [ecAppName], {
    principal: APP,
    action: 'kms:GenerateDataKey',
    encryptionContext: { AppName: 'ExampleApp' },
    expect: 'Allow',
    because: [{ sid: 'RequireAppName' }],
  }),
  kc('kms-ec-require-pair-other-pairs-permitted', 'conditions-kms-encryption-context', 'Other encryption context pairs are permitted alongside AppName=ExampleApp.', [ecAppName], {
    principal: APP,
    action: 'kms:GenerateDataKey',
    encryptionContext: { AppName: 'ExampleApp', Project: 'Alpha' },
    expect: 'Allow',
    because: [{ sid: 'RequireAppName' }],
  }),
  kc('kms-ec-require-pair-wrong-value', 'conditions-kms-encryption-context', 'AppName=Other does not equal ExampleApp.', [ecAppName], {
    principal: APP,
    action: 'kms:GenerateDataKey',
    encryptionContext: { AppName: 'Other' },
    expect: 'ImplicitDeny',
    because: [KP_DENIED],
  }),
  kc('kms-ec-require-pair-no-context', 'conditions-kms-encryption-context', 'With no encryption context the key kms:EncryptionContext:AppName is missing, so StringEquals is false.', [ecAppName], {
    principal: APP,
    action: 'kms:GenerateDataKey',
    expect: 'ImplicitDeny',
    because: [KP_DENIED, { missing: 'kms:EncryptionContext:AppName' }],
  }),
  kc('kms-ec-require-pair-value-case-sensitive', 'conditions-kms-encryption-context-case', 'StringEquals is case-sensitive on the value: exampleapp is not ExampleApp.', [ecAppName], {
    principal: APP,
    action: 'kms:GenerateDataKey',
    encryptionContext: { AppName: 'exampleapp' },
    expect: 'ImplicitDeny',
    because: [KP_DENIED],
  }),
  kc(
    'kms-ec-key-name-case-insensitive',
    'conditions-kms-encryption-context-case',
    'The condition key, including the context-key suffix, is not case-sensitive: kms:EncryptionContext:Appname matches an AppName pair.',
    [ecAppnameLower],
    { principal: APP, action: 'kms:Decrypt', encryptionContext: { AppName: 'ExampleApp' }, expect: 'Allow', because: [{ sid: 'AppnameAnyCase' }] },
  ),
  kc(
    'kms-ec-key-name-case-insensitive-upper-request',
    'conditions-kms-encryption-context-case',
    'A request pair APPNAME=ExampleApp also satisfies kms:EncryptionContext:Appname: the key name case never matters.',
    [ecAppnameLower],
    { principal: APP, action: 'kms:Decrypt', encryptionContext: { APPNAME: 'ExampleApp' }, expect: 'Allow', because: [{ sid: 'AppnameAnyCase' }] },
  ),
  kc(
    'kms-ec-ignore-case-operator',
    'conditions-kms-encryption-context-case',
    'StringEqualsIgnoreCase makes the value comparison case-insensitive.',
    [kpStmt('IgnoreCase', 'Allow', APP_ROLE, 'kms:Decrypt', { StringEqualsIgnoreCase: { 'kms:EncryptionContext:AppName': 'ExampleApp' } })],
    { principal: APP, action: 'kms:Decrypt', encryptionContext: { AppName: 'EXAMPLEAPP' }, expect: 'Allow', because: [{ sid: 'IgnoreCase' }] },
  ),
  kc(
    'kms-ec-only-appname-exact',
    'conditions-kms-encryption-context',
    'The pair is present and AppName is the only encryption context key, so both conditions hold.',
    [ecAppNameOnly],
    { principal: ALICE, action: 'kms:GenerateDataKey', encryptionContext: { AppName: 'ExampleApp' }, expect: 'Allow', because: [{ sid: 'OnlyAppName' }] },
  ),
  kc(
    'kms-ec-only-appname-extra-key-denied',
    'conditions-kms-encryption-context',
    'ForAllValues on kms:EncryptionContextKeys forbids the extra Project key.',
    [ecAppNameOnly],
    { principal: ALICE, action: 'kms:GenerateDataKey', encryptionContext: { AppName: 'ExampleApp', Project: 'Alpha' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc(
    'kms-ec-only-appname-no-context-denied',
    'conditions-kms-encryption-context',
    'ForAllValues alone would allow a request without encryption context, but kms:EncryptionContext:AppName then fails.',
    [ecAppNameOnly],
    { principal: ALICE, action: 'kms:GenerateDataKey', expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc('kms-ec-deny-restricted-stage', 'conditions-kms-encryption-context', 'The Deny applies when the context includes Stage=Restricted.', [ecAllowApp, ecDenyRestricted], {
    principal: APP,
    action: 'kms:GenerateDataKey',
    encryptionContext: { Stage: 'Restricted' },
    expect: 'ExplicitDeny',
    because: [{ sid: 'DenyRestricted', kind: 'key' }],
  }),
  kc('kms-ec-deny-restricted-other-stage-allowed', 'conditions-kms-encryption-context', 'Stage=Test is allowed: the Deny matches only Stage=Restricted.', [ecAllowApp, ecDenyRestricted], {
    principal: APP,
    action: 'kms:GenerateDataKey',
    encryptionContext: { Stage: 'Test' },
    expect: 'Allow',
    because: [{ sid: 'AllowGenerate' }],
  }),
  kc('kms-ec-two-pairs-both-present', 'conditions-kms-encryption-context-many', 'Two condition keys under one operator are ANDed; both pairs are present.', [ecTwoPairs], {
    principal: APP,
    action: 'kms:Decrypt',
    encryptionContext: { Department: 'IT', Project: 'Alpha', Purpose: 'Test' },
    expect: 'Allow',
    because: [{ sid: 'DeptAndProject' }],
  }),
  kc('kms-ec-two-pairs-one-missing', 'conditions-kms-encryption-context-many', 'Only Department=IT is present; the Project=Alpha condition fails.', [ecTwoPairs], {
    principal: APP,
    action: 'kms:Decrypt',
    encryptionContext: { Department: 'IT' },
    expect: 'ImplicitDeny',
    because: [KP_DENIED],
  }),
  kc('kms-ec-either-pair-separate-statements', 'conditions-kms-encryption-context-many', 'Separate statements are ORed: Project=Alpha alone satisfies the second statement.', [ecEitherDept, ecEitherProject], {
    principal: APP,
    action: 'kms:GenerateDataKey',
    encryptionContext: { Project: 'Alpha' },
    expect: 'Allow',
    because: [{ sid: 'EitherProject' }],
  }),
  kc('kms-ec-deny-either-value', 'conditions-kms-encryption-context-many', 'Several values for one key are ORed: Stage=Production matches the Deny.', [ecAllowApp, ecDenyStages], {
    principal: APP,
    action: 'kms:GenerateDataKey',
    encryptionContext: { Stage: 'Production' },
    expect: 'ExplicitDeny',
    because: [{ sid: 'DenyStages' }],
  }),
  kc(
    'kms-ec-variable-username-matches',
    'conditions-kms-encryption-context-variables',
    '${aws:username} resolves to bob, and the context has user=bob.',
    [ecUserVar],
    { principal: BOB, action: 'kms:Decrypt', encryptionContext: { user: 'bob' }, expect: 'Allow', because: [{ sid: 'OwnDataOnly' }] },
  ),
  kc(
    'kms-ec-variable-username-other-user',
    'conditions-kms-encryption-context-variables',
    "bob may decrypt only data encrypted under his own name; user=alice does not equal ${aws:username}.",
    [ecUserVar],
    { principal: BOB, action: 'kms:Decrypt', encryptionContext: { user: 'alice' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),

  // --- kms:EncryptionContextKeys ----------------------------------------------------------------
  kc('kms-eck-any-value-appname-present', 'conditions-kms-encryption-context-keys', 'ForAnyValue: the AppName key is among AppName and Project.', [eckAnyAppName], {
    principal: APP,
    action: 'kms:GenerateDataKey',
    encryptionContext: { AppName: 'Helper', Project: 'Alpha' },
    expect: 'Allow',
    because: [{ sid: 'AnyAppNameKey' }],
  }),
  kc('kms-eck-any-value-appname-absent', 'conditions-kms-encryption-context-keys', 'A request with only Project=Alpha fails ForAnyValue.', [eckAnyAppName], {
    principal: APP,
    action: 'kms:GenerateDataKey',
    encryptionContext: { Project: 'Alpha' },
    expect: 'ImplicitDeny',
    because: [KP_DENIED],
  }),
  kc('kms-eck-any-value-no-context', 'conditions-kms-encryption-context-keys', 'ForAnyValue is not satisfied when the request has no encryption context.', [eckAnyAppName], {
    principal: APP,
    action: 'kms:Encrypt',
    expect: 'ImplicitDeny',
    because: [KP_DENIED],
  }),
  kc(
    'kms-eck-key-case-sensitive-as-value',
    'conditions-kms-encryption-context-case',
    'In kms:EncryptionContextKeys the context key is a value, so StringEquals compares it case-sensitively: appname is not AppName.',
    [eckAnyAppName],
    { principal: APP, action: 'kms:GenerateDataKey', encryptionContext: { appname: 'Helper' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc('kms-eck-null-false-with-context', 'conditions-kms-encryption-context-keys', 'Null false: some encryption context is present.', [eckNotNull], {
    principal: APP,
    action: 'kms:Encrypt',
    encryptionContext: { anything: 'at-all' },
    expect: 'Allow',
    because: [{ sid: 'RequireSomeContext' }],
  }),
  kc('kms-eck-null-false-without-context', 'conditions-kms-encryption-context-keys', 'Without encryption context kms:EncryptionContextKeys is absent, so Null false fails.', [eckNotNull], {
    principal: APP,
    action: 'kms:Encrypt',
    expect: 'ImplicitDeny',
    because: [KP_DENIED],
  }),

  // --- Import conditions -------------------------------------------------------------------------
  kc(
    'kms-expiration-model-does-not-expire',
    'conditions-kms-expiration-model',
    'The request sets ExpirationModel KEY_MATERIAL_DOES_NOT_EXPIRE, as required.',
    [kpStmt('NoExpiry', 'Allow', EXAMPLE_USER, 'kms:ImportKeyMaterial', { StringEquals: { 'kms:ExpirationModel': 'KEY_MATERIAL_DOES_NOT_EXPIRE' } })],
    { principal: EXAMPLE_USER, action: 'kms:ImportKeyMaterial', context: { 'kms:ExpirationModel': 'KEY_MATERIAL_DOES_NOT_EXPIRE' }, expect: 'Allow', because: [{ sid: 'NoExpiry' }] },
  ),
  kc(
    'kms-expiration-model-null-requires-absence',
    'conditions-kms-expiration-model',
    'Null true allows only requests without the ExpirationModel parameter; this one has it.',
    [kpStmt('OnlyDefaultExpiry', 'Allow', EXAMPLE_USER, 'kms:ImportKeyMaterial', { Null: { 'kms:ExpirationModel': true } })],
    { principal: EXAMPLE_USER, action: 'kms:ImportKeyMaterial', context: { 'kms:ExpirationModel': 'KEY_MATERIAL_DOES_NOT_EXPIRE' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc(
    'kms-valid-to-before-limit',
    'conditions-kms-valid-to',
    'NumericLessThanEquals 1546257599.0: a ValidTo of 1546257000 is earlier.',
    [kpStmt('ValidToLimit', 'Allow', EXAMPLE_USER, 'kms:ImportKeyMaterial', { NumericLessThanEquals: { 'kms:ValidTo': '1546257599.0' } })],
    { principal: EXAMPLE_USER, action: 'kms:ImportKeyMaterial', context: { 'kms:ValidTo': '1546257000' }, expect: 'Allow', because: [{ sid: 'ValidToLimit' }] },
  ),
  kc(
    'kms-valid-to-after-limit',
    'conditions-kms-valid-to',
    'A ValidTo of 1600000000 is after 1546257599.0.',
    [kpStmt('ValidToLimit', 'Allow', EXAMPLE_USER, 'kms:ImportKeyMaterial', { NumericLessThanEquals: { 'kms:ValidTo': '1546257599.0' } })],
    { principal: EXAMPLE_USER, action: 'kms:ImportKeyMaterial', context: { 'kms:ValidTo': '1600000000' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc(
    'kms-wrapping-algorithm-not-sha1-allowed',
    'conditions-kms-wrapping-algorithm',
    'StringNotEquals RSAES_OAEP_SHA_1: RSAES_OAEP_SHA_256 differs, so the Allow applies.',
    [kpStmt('NoSha1', 'Allow', EXAMPLE_USER, 'kms:GetParametersForImport', { StringNotEquals: { 'kms:WrappingAlgorithm': 'RSAES_OAEP_SHA_1' } })],
    { principal: EXAMPLE_USER, action: 'kms:GetParametersForImport', context: { 'kms:WrappingAlgorithm': 'RSAES_OAEP_SHA_256' }, expect: 'Allow', because: [{ sid: 'NoSha1' }] },
  ),
  kc(
    'kms-wrapping-algorithm-sha1-denied',
    'conditions-kms-wrapping-algorithm',
    'When the WrappingAlgorithm is RSAES_OAEP_SHA_1, StringNotEquals is false and nothing allows the call.',
    [kpStmt('NoSha1', 'Allow', EXAMPLE_USER, 'kms:GetParametersForImport', { StringNotEquals: { 'kms:WrappingAlgorithm': 'RSAES_OAEP_SHA_1' } })],
    { principal: EXAMPLE_USER, action: 'kms:GetParametersForImport', context: { 'kms:WrappingAlgorithm': 'RSAES_OAEP_SHA_1' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc(
    'kms-wrapping-key-spec-required',
    'conditions-kms-wrapping-key-spec',
    'WrappingKeySpec RSA_2048 satisfies StringEquals.',
    [kpStmt('Rsa2048', 'Allow', EXAMPLE_USER, 'kms:GetParametersForImport', { StringEquals: { 'kms:WrappingKeySpec': 'RSA_2048' } })],
    { principal: EXAMPLE_USER, action: 'kms:GetParametersForImport', context: { 'kms:WrappingKeySpec': 'RSA_2048' }, expect: 'Allow', because: [{ sid: 'Rsa2048' }] },
  ),

  // --- Grant-related conditions -----------------------------------------------------------------
  kc(
    'kms-grant-constraint-type-equals',
    'conditions-kms-grant-constraint-type',
    'The CreateGrant request includes an EncryptionContextEquals constraint.',
    [kpStmt('EqualsOnly', 'Allow', EXAMPLE_USER, 'kms:CreateGrant', { StringEquals: { 'kms:GrantConstraintType': 'EncryptionContextEquals' } })],
    { principal: EXAMPLE_USER, action: 'kms:CreateGrant', context: { 'kms:GrantConstraintType': 'EncryptionContextEquals' }, expect: 'Allow', because: [{ sid: 'EqualsOnly' }] },
  ),
  kc(
    'kms-grant-constraint-type-subset-denied',
    'conditions-kms-grant-constraint-type',
    'An EncryptionContextSubset constraint does not satisfy the condition.',
    [kpStmt('EqualsOnly', 'Allow', EXAMPLE_USER, 'kms:CreateGrant', { StringEquals: { 'kms:GrantConstraintType': 'EncryptionContextEquals' } })],
    { principal: EXAMPLE_USER, action: 'kms:CreateGrant', context: { 'kms:GrantConstraintType': 'EncryptionContextSubset' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc(
    'kms-grant-is-for-aws-resource-true',
    'conditions-kms-grant-is-for-aws-resource',
    'An integrated service (EBS) creates the grant on the user’s behalf.',
    [kpStmt('ServiceGrants', 'Allow', EXAMPLE_USER, 'kms:CreateGrant', { Bool: { 'kms:GrantIsForAWSResource': true } })],
    { principal: EXAMPLE_USER, action: 'kms:CreateGrant', context: { 'kms:GrantIsForAWSResource': 'true' }, expect: 'Allow', because: [{ sid: 'ServiceGrants' }] },
  ),
  kc(
    'kms-grant-is-for-aws-resource-direct-call',
    'conditions-kms-grant-is-for-aws-resource',
    'The condition does not allow the user to call CreateGrant directly.',
    [kpStmt('ServiceGrants', 'Allow', EXAMPLE_USER, 'kms:CreateGrant', { Bool: { 'kms:GrantIsForAWSResource': true } })],
    { principal: EXAMPLE_USER, action: 'kms:CreateGrant', context: { 'kms:GrantIsForAWSResource': 'false' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc(
    'kms-grant-operations-for-all-values-subset',
    'conditions-kms-grant-operations',
    'ForAllValues: every requested grant operation (Encrypt) is in [Encrypt, ReEncryptTo].',
    [kpStmt('EncryptGrantsOnly', 'Allow', EXAMPLE_USER, 'kms:CreateGrant', { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Encrypt', 'ReEncryptTo'] } })],
    { principal: EXAMPLE_USER, action: 'kms:CreateGrant', context: { 'kms:GrantOperations': ['Encrypt'] }, expect: 'Allow', because: [{ sid: 'EncryptGrantsOnly' }] },
  ),
  kc(
    'kms-grant-operations-for-all-values-extra-op',
    'conditions-kms-grant-operations',
    'ForAllValues fails: Decrypt is not in [Encrypt, ReEncryptTo].',
    [kpStmt('EncryptGrantsOnly', 'Allow', EXAMPLE_USER, 'kms:CreateGrant', { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Encrypt', 'ReEncryptTo'] } })],
    { principal: EXAMPLE_USER, action: 'kms:CreateGrant', context: { 'kms:GrantOperations': ['Encrypt', 'Decrypt'] }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc(
    'kms-grant-operations-for-any-value',
    'conditions-kms-grant-operations',
    'With ForAnyValue, one matching operation (Encrypt) suffices and Decrypt is permitted too.',
    [kpStmt('AtLeastEncrypt', 'Allow', EXAMPLE_USER, 'kms:CreateGrant', { 'ForAnyValue:StringEquals': { 'kms:GrantOperations': ['Encrypt', 'ReEncryptTo'] } })],
    { principal: EXAMPLE_USER, action: 'kms:CreateGrant', context: { 'kms:GrantOperations': ['Encrypt', 'Decrypt'] }, expect: 'Allow', because: [{ sid: 'AtLeastEncrypt' }] },
  ),
  kc(
    'kms-grantee-principal-match',
    'conditions-kms-grantee-principal',
    'The grantee in the CreateGrant request is LimitedAdminRole.',
    [kpStmt('GranteeLimited', 'Allow', EXAMPLE_USER, 'kms:CreateGrant', { StringEquals: { 'kms:GranteePrincipal': roleArn('LimitedAdminRole') } })],
    { principal: EXAMPLE_USER, action: 'kms:CreateGrant', context: { 'kms:GranteePrincipal': roleArn('LimitedAdminRole') }, expect: 'Allow', because: [{ sid: 'GranteeLimited' }] },
  ),
  kc(
    'kms-grantee-principal-mismatch',
    'conditions-kms-grantee-principal',
    'A grant for another role does not satisfy kms:GranteePrincipal.',
    [kpStmt('GranteeLimited', 'Allow', EXAMPLE_USER, 'kms:CreateGrant', { StringEquals: { 'kms:GranteePrincipal': roleArn('LimitedAdminRole') } })],
    { principal: EXAMPLE_USER, action: 'kms:CreateGrant', context: { 'kms:GranteePrincipal': roleArn('PowerUser') }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc(
    'kms-retiring-principal-one-of-list',
    'conditions-kms-retiring-principal',
    'The retiring principal OpsAdmin is one of the two allowed values.',
    [
      kpStmt('RetiringLimited', 'Allow', EXAMPLE_USER, 'kms:CreateGrant', {
        StringEquals: { 'kms:RetiringPrincipal': [roleArn('LimitedAdminRole'), `arn:aws:iam::${ACCT}:user/OpsAdmin`] },
      }),
    ],
    { principal: EXAMPLE_USER, action: 'kms:CreateGrant', context: { 'kms:RetiringPrincipal': `arn:aws:iam::${ACCT}:user/OpsAdmin` }, expect: 'Allow', because: [{ sid: 'RetiringLimited' }] },
  ),
  kc(
    'kms-retiring-principal-absent',
    'conditions-kms-retiring-principal',
    'A CreateGrant without a retiring principal has no kms:RetiringPrincipal: StringEquals is false.',
    [
      kpStmt('RetiringLimited', 'Allow', EXAMPLE_USER, 'kms:CreateGrant', {
        StringEquals: { 'kms:RetiringPrincipal': [roleArn('LimitedAdminRole'), `arn:aws:iam::${ACCT}:user/OpsAdmin`] },
      }),
    ],
    { principal: EXAMPLE_USER, action: 'kms:CreateGrant', expect: 'ImplicitDeny', because: [KP_DENIED, { missing: 'kms:RetiringPrincipal' }] },
  ),

  // --- Key property conditions --------------------------------------------------------------------
  {
    id: 'kms-key-origin-iam-cloudhsm-only',
    doc: DOCS.ck('conditions-kms-key-origin'),
    why: 'The IAM policy allows only keys whose origin is AWS_CLOUDHSM; this key’s origin is AWS_KMS.',
    principal: ALICE,
    action: 'kms:Encrypt',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    identityPolicies: [pol(iamAllow('CloudHsmKeysOnly', ['kms:Encrypt', 'kms:Decrypt'], `arn:aws:kms:${REGION}:${ACCT}:key/*`, { StringEquals: { 'kms:KeyOrigin': 'AWS_CLOUDHSM' } }))],
    expect: 'ImplicitDeny',
    because: [{ layer: 'identity', notAllowed: true }],
  },
  {
    id: 'kms-key-origin-iam-cloudhsm-key',
    doc: DOCS.ck('conditions-kms-key-origin'),
    why: 'The key was created in a CloudHSM key store, so kms:KeyOrigin is AWS_CLOUDHSM.',
    principal: ALICE,
    action: 'kms:Encrypt',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    identityPolicies: [pol(iamAllow('CloudHsmKeysOnly', ['kms:Encrypt', 'kms:Decrypt'], `arn:aws:kms:${REGION}:${ACCT}:key/*`, { StringEquals: { 'kms:KeyOrigin': 'AWS_CLOUDHSM' } }))],
    context: { 'kms:KeyOrigin': 'AWS_CLOUDHSM' },
    expect: 'Allow',
    because: [{ sid: 'CloudHsmKeysOnly' }],
  },
  {
    id: 'kms-key-spec-create-key-rsa',
    doc: DOCS.ck('conditions-kms-key-spec'),
    why: 'CreateKey with KeySpec RSA_4096 matches StringLike "RSA_*".',
    principal: ALICE,
    action: 'kms:CreateKey',
    identityPolicies: [pol(iamAllow('RsaOnly', 'kms:CreateKey', '*', { StringLike: { 'kms:KeySpec': 'RSA_*' } }))],
    context: { 'kms:KeySpec': 'RSA_4096' },
    expect: 'Allow',
    because: [{ sid: 'RsaOnly' }],
  },
  {
    id: 'kms-key-spec-create-key-default-value',
    doc: DOCS.conditionsKms,
    why: 'A CreateKey that omits KeySpec is evaluated with the default SYMMETRIC_DEFAULT, which does not match "RSA_*".',
    principal: ALICE,
    action: 'kms:CreateKey',
    identityPolicies: [pol(iamAllow('RsaOnly', 'kms:CreateKey', '*', { StringLike: { 'kms:KeySpec': 'RSA_*' } }))],
    context: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' },
    expect: 'ImplicitDeny',
    because: [{ layer: 'identity', notAllowed: true }],
  },
  {
    id: 'kms-key-spec-create-key-default-allowed',
    doc: DOCS.conditionsKms,
    why: 'Allowing KeySpec SYMMETRIC_DEFAULT allows requests without a KeySpec parameter (the default value).',
    principal: ALICE,
    action: 'kms:CreateKey',
    identityPolicies: [pol(iamAllow('SymmetricOnly', 'kms:CreateKey', '*', { StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } }))],
    context: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' },
    expect: 'Allow',
    because: [{ sid: 'SymmetricOnly' }],
  },
  {
    id: 'kms-key-spec-list-keys-never-satisfied',
    doc: DOCS.conditionsKms,
    why: 'ListKeys involves no KMS key, so there is no kms:KeySpec and the condition can never be satisfied.',
    principal: ALICE,
    action: 'kms:ListKeys',
    identityPolicies: [pol(iamAllow('SymmetricOnly', ['kms:ListKeys', 'kms:DescribeKey'], '*', { StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } }))],
    expect: 'ImplicitDeny',
    because: [{ missing: 'kms:KeySpec' }],
  },
  {
    id: 'kms-key-spec-resource-operation',
    doc: DOCS.ck('conditions-kms-key-spec'),
    why: 'The key is a symmetric encryption key, so kms:KeySpec is SYMMETRIC_DEFAULT for DescribeKey.',
    principal: ALICE,
    action: 'kms:DescribeKey',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    identityPolicies: [
      pol(iamAllow('SymmetricKeys', ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:DescribeKey'], `arn:aws:kms:${REGION}:${ACCT}:key/*`, { StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } })),
    ],
    expect: 'Allow',
    because: [{ sid: 'SymmetricKeys' }],
  },
  {
    id: 'kms-key-usage-create-key',
    doc: DOCS.ck('conditions-kms-key-usage'),
    why: 'CreateKey with KeyUsage SIGN_VERIFY does not match ENCRYPT_DECRYPT.',
    principal: ALICE,
    action: 'kms:CreateKey',
    identityPolicies: [pol(iamAllow('EncryptKeysOnly', 'kms:CreateKey', '*', { StringEquals: { 'kms:KeyUsage': 'ENCRYPT_DECRYPT' } }))],
    context: { 'kms:KeyUsage': 'SIGN_VERIFY' },
    expect: 'ImplicitDeny',
    because: [{ layer: 'identity', notAllowed: true }],
  },
  {
    id: 'kms-key-usage-sign-verify-keys',
    doc: DOCS.ck('conditions-kms-key-usage'),
    why: 'GetPublicKey on a signing key: kms:KeyUsage is SIGN_VERIFY.',
    principal: ALICE,
    action: 'kms:GetPublicKey',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    identityPolicies: [
      pol(iamAllow('SigningKeys', ['kms:CreateGrant', 'kms:DescribeKey', 'kms:GetPublicKey', 'kms:ScheduleKeyDeletion'], `arn:aws:kms:${REGION}:${ACCT}:key/*`, { StringEquals: { 'kms:KeyUsage': 'SIGN_VERIFY' } })),
    ],
    context: { 'kms:KeyUsage': 'SIGN_VERIFY', 'kms:KeySpec': 'ECC_NIST_P256' },
    expect: 'Allow',
    because: [{ sid: 'SigningKeys' }],
  },
  kc(
    'kms-mac-algorithm-second-statement',
    'conditions-kms-mac-algorithm',
    'Two statements, one per algorithm: HMAC_SHA_512 satisfies the second.',
    [
      kpStmt('Sha384', 'Allow', roleArn('testers'), ['kms:GenerateMac', 'kms:VerifyMac'], { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_384' } }),
      kpStmt('Sha512', 'Allow', roleArn('testers'), ['kms:GenerateMac', 'kms:VerifyMac'], { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_512' } }),
    ],
    { principal: TESTERS, action: 'kms:VerifyMac', context: { 'kms:MacAlgorithm': 'HMAC_SHA_512' }, expect: 'Allow', because: [{ sid: 'Sha512' }] },
  ),
  kc(
    'kms-mac-algorithm-other',
    'conditions-kms-mac-algorithm',
    'HMAC_SHA_256 matches neither statement.',
    [
      kpStmt('Sha384', 'Allow', roleArn('testers'), ['kms:GenerateMac', 'kms:VerifyMac'], { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_384' } }),
      kpStmt('Sha512', 'Allow', roleArn('testers'), ['kms:GenerateMac', 'kms:VerifyMac'], { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_512' } }),
    ],
    { principal: TESTERS, action: 'kms:GenerateMac', context: { 'kms:MacAlgorithm': 'HMAC_SHA_256' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc(
    'kms-message-type-raw',
    'conditions-kms-message-type',
    'Signing a RAW message is allowed.',
    [kpStmt('RawOnly', 'Allow', EXAMPLE_USER, 'kms:Sign', { StringEquals: { 'kms:MessageType': 'RAW' } })],
    { principal: EXAMPLE_USER, action: 'kms:Sign', context: { 'kms:MessageType': 'RAW' }, expect: 'Allow', because: [{ sid: 'RawOnly' }] },
  ),
  kc(
    'kms-message-type-digest-denied',
    'conditions-kms-message-type',
    'Signing a DIGEST is not.',
    [kpStmt('RawOnly', 'Allow', EXAMPLE_USER, 'kms:Sign', { StringEquals: { 'kms:MessageType': 'RAW' } })],
    { principal: EXAMPLE_USER, action: 'kms:Sign', context: { 'kms:MessageType': 'DIGEST' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  {
    id: 'kms-multi-region-create-single-region',
    doc: DOCS.ck('conditions-kms-multiregion'),
    why: 'Bool kms:MultiRegion false allows creating single-Region keys.',
    principal: ALICE,
    action: 'kms:CreateKey',
    identityPolicies: [pol(iamAllow('SingleRegionOnly', 'kms:CreateKey', '*', { Bool: { 'kms:MultiRegion': false } }))],
    context: { 'kms:MultiRegion': 'false' },
    expect: 'Allow',
    because: [{ sid: 'SingleRegionOnly' }],
  },
  {
    id: 'kms-multi-region-create-multi-region-denied',
    doc: DOCS.ck('conditions-kms-multiregion'),
    why: 'A multi-Region CreateKey (MultiRegion true) does not satisfy Bool false.',
    principal: ALICE,
    action: 'kms:CreateKey',
    identityPolicies: [pol(iamAllow('SingleRegionOnly', 'kms:CreateKey', '*', { Bool: { 'kms:MultiRegion': false } }))],
    context: { 'kms:MultiRegion': 'true' },
    expect: 'ImplicitDeny',
    because: [{ layer: 'identity', notAllowed: true }],
  },
  {
    id: 'kms-multi-region-key-type-replica',
    doc: DOCS.ck('conditions-kms-multiregion-key-type'),
    why: 'ScheduleKeyDeletion is allowed on multi-Region replica keys in the account.',
    principal: ALICE,
    action: 'kms:ScheduleKeyDeletion',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    identityPolicies: [pol(iamAllow('ReplicasOnly', ['kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'], `arn:aws:kms:*:${ACCT}:key/*`, { StringEquals: { 'kms:MultiRegionKeyType': 'REPLICA' } }))],
    context: { 'kms:MultiRegion': 'true', 'kms:MultiRegionKeyType': 'REPLICA' },
    expect: 'Allow',
    because: [{ sid: 'ReplicasOnly' }],
  },
  {
    id: 'kms-multi-region-key-type-single-region-key',
    doc: DOCS.ck('conditions-kms-multiregion-key-type'),
    why: 'A single-Region key has no MultiRegionKeyType property, so StringEquals fails.',
    principal: ALICE,
    action: 'kms:ScheduleKeyDeletion',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    identityPolicies: [pol(iamAllow('ReplicasOnly', ['kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'], `arn:aws:kms:*:${ACCT}:key/*`, { StringEquals: { 'kms:MultiRegionKeyType': 'REPLICA' } }))],
    expect: 'ImplicitDeny',
    because: [{ missing: 'kms:MultiRegionKeyType' }],
  },
  kc(
    'kms-primary-region-allowed-list',
    'conditions-kms-primary-region',
    'eu-west-3 is one of the four Regions allowed for UpdatePrimaryRegion.',
    [kpStmt('PrimaryRegions', 'Allow', roleArn('Developer'), 'kms:UpdatePrimaryRegion', { StringEquals: { 'kms:PrimaryRegion': ['us-east-1', 'us-west-2', 'eu-west-3', 'ap-southeast-2'] } })],
    { principal: sessionArn('Developer', 'dev'), action: 'kms:UpdatePrimaryRegion', context: { 'kms:PrimaryRegion': 'eu-west-3' }, expect: 'Allow', because: [{ sid: 'PrimaryRegions' }] },
  ),
  kc(
    'kms-replica-region-not-listed',
    'conditions-kms-replica-region',
    'ReplicateKey to sa-east-1 is not one of the listed Regions.',
    [kpStmt('ReplicaRegions', 'Allow', roleArn('Administrator'), 'kms:ReplicateKey', { StringEquals: { 'kms:ReplicaRegion': ['us-east-1', 'eu-west-3', 'ap-southeast-2'] } })],
    { principal: sessionArn('Administrator', 'admin'), action: 'kms:ReplicateKey', context: { 'kms:ReplicaRegion': 'sa-east-1' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc(
    'kms-reencrypt-on-same-key-true',
    'conditions-kms-reencrypt-on-same-key',
    'Re-encrypting under the same key sets kms:ReEncryptOnSameKey true.',
    [kpStmt('SameKeyOnly', 'Allow', EXAMPLE_USER, 'kms:ReEncrypt*', { Bool: { 'kms:ReEncryptOnSameKey': true } })],
    { principal: EXAMPLE_USER, action: 'kms:ReEncryptFrom', context: { 'kms:ReEncryptOnSameKey': 'true' }, expect: 'Allow', because: [{ sid: 'SameKeyOnly' }] },
  ),
  kc(
    'kms-reencrypt-on-same-key-false',
    'conditions-kms-reencrypt-on-same-key',
    'Re-encrypting under another key sets it false.',
    [kpStmt('SameKeyOnly', 'Allow', EXAMPLE_USER, 'kms:ReEncrypt*', { Bool: { 'kms:ReEncryptOnSameKey': true } })],
    { principal: EXAMPLE_USER, action: 'kms:ReEncryptTo', context: { 'kms:ReEncryptOnSameKey': 'false' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),
  kc(
    'kms-signing-algorithm-pss',
    'conditions-kms-signing-algorithm',
    'RSASSA_PSS_SHA_512 matches StringLike "RSASSA_PSS*".',
    [kpStmt('PssOnly', 'Allow', roleArn('testers'), 'kms:Sign', { StringLike: { 'kms:SigningAlgorithm': 'RSASSA_PSS*' } })],
    { principal: TESTERS, action: 'kms:Sign', context: { 'kms:SigningAlgorithm': 'RSASSA_PSS_SHA_512' }, expect: 'Allow', because: [{ sid: 'PssOnly' }] },
  ),
  kc(
    'kms-signing-algorithm-pkcs1',
    'conditions-kms-signing-algorithm',
    'RSASSA_PKCS1_V1_5_SHA_256 does not match "RSASSA_PSS*".',
    [kpStmt('PssOnly', 'Allow', roleArn('testers'), 'kms:Sign', { StringLike: { 'kms:SigningAlgorithm': 'RSASSA_PSS*' } })],
    { principal: TESTERS, action: 'kms:Sign', context: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256' }, expect: 'ImplicitDeny', because: [KP_DENIED] },
  ),

  // --- kms:RequestAlias and kms:ResourceAliases ------------------------------------------------------
  kc(
    'kms-request-alias-by-alias-name',
    'conditions-kms-request-alias',
    'The request names the key as alias/finance-key.',
    [kpStmt('Key policy using a request alias condition', 'Allow', roleArn('developer'), 'kms:GenerateDataKey', { StringEquals: { 'kms:RequestAlias': 'alias/finance-key' } })],
    { principal: sessionArn('developer', 'd'), action: 'kms:GenerateDataKey', requestAlias: 'alias/finance-key', expect: 'Allow', because: [{ sid: 'Key policy using a request alias condition' }] },
  ),
  kc(
    'kms-request-alias-by-alias-arn',
    'conditions-kms-request-alias',
    'An alias ARN with that alias name satisfies the condition too.',
    [kpStmt('Key policy using a request alias condition', 'Allow', roleArn('developer'), 'kms:GenerateDataKey', { StringEquals: { 'kms:RequestAlias': 'alias/finance-key' } })],
    {
      principal: sessionArn('developer', 'd'),
      action: 'kms:GenerateDataKey',
      requestAlias: `arn:aws:kms:${REGION}:${ACCT}:alias/finance-key`,
      expect: 'Allow',
      because: [{ sid: 'Key policy using a request alias condition' }],
    },
  ),
  kc(
    'kms-request-alias-by-key-arn-fails',
    'conditions-kms-request-alias',
    'A request that identifies the key by key ARN does not satisfy kms:RequestAlias, even though it is the same key.',
    [kpStmt('Key policy using a request alias condition', 'Allow', roleArn('developer'), 'kms:GenerateDataKey', { StringEquals: { 'kms:RequestAlias': 'alias/finance-key' } })],
    { principal: sessionArn('developer', 'd'), action: 'kms:GenerateDataKey', keyAliases: ['alias/finance-key'], expect: 'ImplicitDeny', because: [KP_DENIED, { missing: 'kms:RequestAlias' }] },
  ),
  kc(
    'kms-request-alias-pattern',
    'conditions-kms-request-alias',
    'An alias name pattern such as alias/*test* matches alias/my-test-key.',
    [kpStmt('TestAliases', 'Allow', roleArn('developer'), 'kms:Encrypt', { StringLike: { 'kms:RequestAlias': 'alias/*test*' } })],
    { principal: sessionArn('developer', 'd'), action: 'kms:Encrypt', requestAlias: 'alias/my-test-key', expect: 'Allow', because: [{ sid: 'TestAliases' }] },
  ),
  {
    id: 'kms-resource-aliases-any-value-by-key-id',
    doc: DOCS.ck('conditions-kms-resource-aliases'),
    why: 'kms:ResourceAliases is about the key, not the request: the call succeeds even when the key is named by key ARN.',
    principal: ALICE,
    action: 'kms:GenerateDataKey',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    keyAliases: ['alias/finance-key', 'alias/reports'],
    identityPolicies: [
      pol(iamAllow('AliasBasedIAMPolicy', 'kms:GenerateDataKey', [`arn:aws:kms:*:${ACCT}:key/*`, 'arn:aws:kms:*:444455556666:key/*'], { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/finance-key' } })),
    ],
    expect: 'Allow',
    because: [{ sid: 'AliasBasedIAMPolicy' }],
  },
  {
    id: 'kms-resource-aliases-any-value-no-aliases',
    doc: DOCS.ck('conditions-kms-resource-aliases'),
    why: 'ForAnyValue is not satisfied when the key has no aliases.',
    principal: ALICE,
    action: 'kms:GenerateDataKey',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    keyAliases: [],
    identityPolicies: [pol(iamAllow('AliasBasedIAMPolicy', 'kms:GenerateDataKey', `arn:aws:kms:*:${ACCT}:key/*`, { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/finance-key' } }))],
    expect: 'ImplicitDeny',
    because: [{ layer: 'identity', notAllowed: true }],
  },
  {
    id: 'kms-resource-aliases-all-test-aliases',
    doc: DOCS.ck('conditions-kms-resource-aliases'),
    why: 'Every alias of the key contains "Test", and it has at least one.',
    principal: ALICE,
    action: 'kms:EnableKey',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    keyAliases: ['alias/Test-1', 'alias/my-Test-2'],
    identityPolicies: [
      pol(iamAllow('AliasBasedIAMPolicy', ['kms:EnableKey', 'kms:DisableKey'], `arn:aws:kms:*:${ACCT}:key/*`, {
        'ForAllValues:StringLike': { 'kms:ResourceAliases': ['alias/*Test*'] },
        'ForAnyValue:StringLike': { 'kms:ResourceAliases': ['alias/*Test*'] },
      })),
    ],
    expect: 'Allow',
    because: [{ sid: 'AliasBasedIAMPolicy' }],
  },
  {
    id: 'kms-resource-aliases-one-non-test-alias',
    doc: DOCS.ck('conditions-kms-resource-aliases'),
    why: 'ForAllValues fails: alias/prod does not contain "Test".',
    principal: ALICE,
    action: 'kms:DisableKey',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    keyAliases: ['alias/Test-1', 'alias/prod'],
    identityPolicies: [
      pol(iamAllow('AliasBasedIAMPolicy', ['kms:EnableKey', 'kms:DisableKey'], `arn:aws:kms:*:${ACCT}:key/*`, {
        'ForAllValues:StringLike': { 'kms:ResourceAliases': ['alias/*Test*'] },
        'ForAnyValue:StringLike': { 'kms:ResourceAliases': ['alias/*Test*'] },
      })),
    ],
    expect: 'ImplicitDeny',
    because: [{ layer: 'identity', notAllowed: true }],
  },
  {
    id: 'kms-resource-aliases-no-aliases-needs-for-any-value',
    doc: DOCS.ck('conditions-kms-resource-aliases'),
    why: 'With both set operators, a key with no aliases fails the ForAnyValue condition.',
    principal: ALICE,
    action: 'kms:EnableKey',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    keyAliases: [],
    identityPolicies: [
      pol(iamAllow('AliasBasedIAMPolicy', ['kms:EnableKey', 'kms:DisableKey'], `arn:aws:kms:*:${ACCT}:key/*`, {
        'ForAllValues:StringLike': { 'kms:ResourceAliases': ['alias/*Test*'] },
        'ForAnyValue:StringLike': { 'kms:ResourceAliases': ['alias/*Test*'] },
      })),
    ],
    expect: 'ImplicitDeny',
    because: [{ layer: 'identity', notAllowed: true }],
  },
  {
    id: 'kms-resource-aliases-for-all-values-alone-allows-no-aliases',
    doc: DOCS.ck('conditions-kms-resource-aliases'),
    why: 'Without the ForAnyValue condition the statement would allow keys that have no aliases: ForAllValues over an empty set is true.',
    principal: ALICE,
    action: 'kms:EnableKey',
    key: KEY,
    keyPolicy: defaultKeyPolicy(),
    keyAliases: [],
    identityPolicies: [pol(iamAllow('AllValuesOnly', ['kms:EnableKey', 'kms:DisableKey'], `arn:aws:kms:*:${ACCT}:key/*`, { 'ForAllValues:StringLike': { 'kms:ResourceAliases': ['alias/*Test*'] } }))],
    expect: 'Allow',
    because: [{ sid: 'AllValuesOnly' }],
  },
];
