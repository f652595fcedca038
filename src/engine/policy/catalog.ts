// What the policy module knows about KMS actions and condition keys (KMS developer guide:
// kms-api-permissions-reference; key-policy-modifying-external-accounts; conditions-kms; IAM user
// guide: global condition context keys).

/** Every KMS IAM action (without the "kms:" prefix). ReEncrypt is authorized as ReEncryptFrom + ReEncryptTo. */
export const KMS_ACTIONS: readonly string[] = [
  'CancelKeyDeletion',
  'ConnectCustomKeyStore',
  'CreateAlias',
  'CreateCustomKeyStore',
  'CreateGrant',
  'CreateKey',
  'Decrypt',
  'DeleteAlias',
  'DeleteCustomKeyStore',
  'DeleteImportedKeyMaterial',
  'DeriveSharedSecret',
  'DescribeCustomKeyStores',
  'DescribeKey',
  'DisableKey',
  'DisableKeyRotation',
  'DisconnectCustomKeyStore',
  'EnableKey',
  'EnableKeyRotation',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateMac',
  'GenerateRandom',
  'GetKeyPolicy',
  'GetKeyRotationStatus',
  'GetParametersForImport',
  'GetPublicKey',
  'ImportKeyMaterial',
  'ListAliases',
  'ListGrants',
  'ListKeyPolicies',
  'ListKeyRotations',
  'ListKeys',
  'ListResourceTags',
  'ListRetirableGrants',
  'PutKeyPolicy',
  'ReEncryptFrom',
  'ReEncryptTo',
  'ReplicateKey',
  'RetireGrant',
  'RevokeGrant',
  'RotateKeyOnDemand',
  'ScheduleKeyDeletion',
  'Sign',
  'SynchronizeMultiRegionKey',
  'TagResource',
  'UntagResource',
  'UpdateAlias',
  'UpdateCustomKeyStore',
  'UpdateKeyDescription',
  'UpdatePrimaryRegion',
  'Verify',
  'VerifyMac',
];

const KMS_LOWER = KMS_ACTIONS.map((a) => a.toLowerCase());

/** The operations a principal in another account may call on a KMS key (key-policy-modifying-external-accounts). */
export const CROSS_ACCOUNT_ACTIONS = new Set(
  [
    'Decrypt',
    'Encrypt',
    'GenerateDataKey',
    'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext',
    'GenerateDataKeyWithoutPlaintext',
    'GenerateMac',
    'VerifyMac',
    'ReEncryptFrom',
    'ReEncryptTo',
    'Sign',
    'Verify',
    'DeriveSharedSecret',
    'CreateGrant',
    'DescribeKey',
    'GetKeyRotationStatus',
    'GetPublicKey',
    'ListGrants',
    'RetireGrant',
    'RevokeGrant',
  ].map((a) => `kms:${a}`.toLowerCase()),
);

/** Operations a grant can allow (grants.md, "Grant operations"). */
export const GRANT_OPERATIONS = new Set([
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateMac',
  'VerifyMac',
  'ReEncryptFrom',
  'ReEncryptTo',
  'Sign',
  'Verify',
  'DeriveSharedSecret',
  'CreateGrant',
  'DescribeKey',
  'GetPublicKey',
  'RetireGrant',
]);

/**
 * Grant constraints are applied only to cryptographic operations that take an encryption context;
 * they are not applied to management operations such as DescribeKey or RetireGrant, nor to
 * operations without an encryption context (GrantConstraints API reference). For CreateGrant the
 * KMS engine checks that the child grant's constraints are at least as strict; that is not a
 * request-time encryption context check, so it is exempt here.
 */
export const GRANT_CONSTRAINT_EXEMPT = new Set([
  'DescribeKey',
  'RetireGrant',
  'CreateGrant',
  'GetPublicKey',
  'Sign',
  'Verify',
  'GenerateMac',
  'VerifyMac',
  'DeriveSharedSecret',
]);

/** Does some KMS action match this action pattern (after the "kms:" prefix)? */
export function kmsActionPatternMatchesSomething(namePattern: string, matcher: (pattern: string, value: string) => boolean): boolean {
  const p = namePattern.toLowerCase();
  for (const a of KMS_LOWER) if (matcher(p, a)) return true;
  return false;
}

/** Condition keys whose request value is a list (they need ForAnyValue/ForAllValues). Lower-case. */
const MULTIVALUED_KEYS = new Set([
  'aws:tagkeys',
  'aws:calledvia',
  'aws:principalorgpaths',
  'aws:principalservicenameslist',
  'aws:sourcevpcarn',
  'kms:encryptioncontextkeys',
  'kms:grantoperations',
  'kms:resourcealiases',
]);

/** Known single-valued keys (set operators on them are a mistake). Prefix entries end with '/' or ':'. */
const SINGLE_VALUED_EXACT = new Set([
  'aws:currenttime',
  'aws:epochtime',
  'aws:sourceip',
  'aws:securetransport',
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principaltype',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:userid',
  'aws:username',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:resourceaccount',
  'aws:resourceorgid',
  'aws:requestedregion',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:tokenissuetime',
  'aws:viaawsservice',
  'aws:calledviafirst',
  'aws:calledvialast',
  'kms:viaservice',
  'kms:calleraccount',
  'kms:keyspec',
  'kms:keyusage',
  'kms:keyorigin',
  'kms:keymanager',
  'kms:customermasterkeyspec',
  'kms:customermasterkeyusage',
  'kms:encryptionalgorithm',
  'kms:signingalgorithm',
  'kms:macalgorithm',
  'kms:messagetype',
  'kms:datakeypairspec',
  'kms:requestalias',
  'kms:reencryptonsamekey',
  'kms:bypasspolicylockoutsafetycheck',
  'kms:grantisforawsresource',
  'kms:granteeprincipal',
  'kms:retiringprincipal',
  'kms:grantconstrainttype',
  'kms:expirationmodel',
  'kms:validto',
  'kms:wrappingalgorithm',
  'kms:wrappingkeyspec',
  'kms:multiregion',
  'kms:multiregionkeytype',
  'kms:primaryregion',
  'kms:replicaregion',
  'kms:rotationperiodindays',
  'kms:keyagreementalgorithm',
  'kms:schedulekeydeletionpendingwindowindays',
]);
const SINGLE_VALUED_PREFIXES = ['aws:principaltag/', 'aws:resourcetag/', 'aws:requesttag/', 'kms:encryptioncontext:'];

export function isKnownSingleValued(key: string): boolean {
  const k = key.toLowerCase();
  if (SINGLE_VALUED_EXACT.has(k)) return true;
  return SINGLE_VALUED_PREFIXES.some((p) => k.startsWith(p));
}

export function isMultiValued(key: string): boolean {
  return MULTIVALUED_KEYS.has(key.toLowerCase());
}
