// The condition keys AWS itself supplies with a KMS request (scenario-format.md "Derived context",
// policy-evaluation.md §2.4). Keys given by the caller (kms:ViaService, aws:SourceIp…) override.
import type { ContextMap } from '../policy/types';
import { inOrganization, principalName, type IdentityState, type ResolvedPrincipal } from './principals';

/** What the evaluator needs to know about a KMS key. */
export interface KeyFacts {
  arn: string;
  accountId: string;
  region: string;
  keySpec: string;
  keyUsage: string;
  origin: string;
  keyManager: 'AWS' | 'CUSTOMER';
  multiRegion: boolean;
  /** PRIMARY or REPLICA, for multi-Region keys. */
  multiRegionKeyType?: 'PRIMARY' | 'REPLICA';
  tags: Record<string, string>;
  /** Alias names (alias/…) that point at the key. */
  aliases: string[];
}

export interface ContextInputs {
  identities: IdentityState;
  principal: ResolvedPrincipal;
  /** 'Decrypt' */
  operation: string;
  region: string;
  key?: KeyFacts;
  /** How the request named the key: only an alias name or alias ARN sets kms:RequestAlias. */
  keyIdAsSent?: string;
  encryptionContext?: Record<string, string>;
  requestParameters?: Record<string, unknown>;
  callerContext?: ContextMap;
  now: Date;
}

/** Operations that take an EncryptionAlgorithm parameter; when omitted, it is SYMMETRIC_DEFAULT. */
const TAKES_ENCRYPTION_ALGORITHM = new Set([
  'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
]);
/** Operations that take an EncryptionContext (kms:EncryptionContext:* and kms:EncryptionContextKeys). */
const TAKES_ENCRYPTION_CONTEXT = new Set([...TAKES_ENCRYPTION_ALGORITHM, 'CreateGrant']);
/** kms:RequestAlias exists for the cryptographic operations, DescribeKey and GetPublicKey. */
const REQUEST_ALIAS_OPS = new Set([
  ...TAKES_ENCRYPTION_ALGORITHM, 'DescribeKey', 'GetPublicKey', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret',
]);

const aliasNameOf = (keyIdAsSent: string | undefined): string | undefined => {
  if (!keyIdAsSent) return undefined;
  if (keyIdAsSent.startsWith('alias/')) return keyIdAsSent;
  const m = keyIdAsSent.match(/^arn:[^:]+:kms:[^:]*:\d{12}:(alias\/.+)$/);
  return m ? m[1] : undefined;
};

export function deriveContext(inputs: ContextInputs): ContextMap {
  const { principal, key, operation, now } = inputs;
  const info = principal.info;
  const ctx: ContextMap = {};
  const params = inputs.requestParameters ?? {};

  // Principal keys. For a role session, aws:PrincipalArn is the role's ARN.
  ctx['aws:PrincipalArn'] = info.type === 'AssumedRole' && info.roleArn ? info.roleArn : info.arn;
  ctx['aws:PrincipalIsAWSService'] = info.type === 'Service' ? 'true' : 'false';
  if (info.type === 'Service') {
    ctx['aws:PrincipalServiceName'] = info.arn;
  } else {
    ctx['aws:PrincipalAccount'] = info.accountId;
    ctx['aws:PrincipalType'] = info.type;
    ctx['kms:CallerAccount'] = info.accountId;
    // aws:userid: AWS uses unique ids (AIDA…, AROA…:session); the lab uses readable stand-ins.
    if (info.type === 'User') {
      ctx['aws:username'] = principalName(info.arn);
      ctx['aws:userid'] = `AIDA${principalName(info.arn).toUpperCase()}`;
    } else if (info.type === 'AssumedRole') {
      const [role, session] = principalName(info.arn).split('/');
      ctx['aws:userid'] = `AROA${role.toUpperCase()}:${session}`;
    } else if (info.type === 'Account') {
      ctx['aws:userid'] = info.accountId;
    }
    for (const [k, v] of Object.entries(principal.tags)) ctx[`aws:PrincipalTag/${k}`] = v;
    if (inOrganization(inputs.identities, info.accountId)) ctx['aws:PrincipalOrgID'] = inputs.identities.organization!.id;
  }

  ctx['aws:RequestedRegion'] = inputs.region;
  ctx['aws:CurrentTime'] = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  ctx['aws:EpochTime'] = String(Math.floor(now.getTime() / 1000));
  ctx['aws:SecureTransport'] = 'true';

  // Resource keys: the key's properties.
  if (key) {
    ctx['aws:ResourceAccount'] = key.accountId;
    for (const [k, v] of Object.entries(key.tags)) ctx[`aws:ResourceTag/${k}`] = v;
    ctx['kms:KeySpec'] = key.keySpec;
    ctx['kms:KeyUsage'] = key.keyUsage;
    ctx['kms:KeyOrigin'] = key.origin;
    ctx['kms:KeyManager'] = key.keyManager;
    ctx['kms:MultiRegion'] = String(key.multiRegion);
    if (key.multiRegionKeyType) ctx['kms:MultiRegionKeyType'] = key.multiRegionKeyType;
    ctx['kms:CustomerMasterKeySpec'] = key.keySpec;
    ctx['kms:CustomerMasterKeyUsage'] = key.keyUsage;
    // Multivalued: every alias of the key, whatever identifier the request used.
    ctx['kms:ResourceAliases'] = [...key.aliases];
  }
  const alias = aliasNameOf(inputs.keyIdAsSent);
  if (alias && REQUEST_ALIAS_OPS.has(operation)) ctx['kms:RequestAlias'] = alias;

  // Request-parameter keys, with the defaults AWS applies when the request omits them.
  if (TAKES_ENCRYPTION_ALGORITHM.has(operation)) {
    ctx['kms:EncryptionAlgorithm'] = String(params.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT');
  }
  const ec = inputs.encryptionContext;
  if (TAKES_ENCRYPTION_CONTEXT.has(operation) && ec && Object.keys(ec).length > 0) {
    for (const [k, v] of Object.entries(ec)) ctx[`kms:EncryptionContext:${k}`] = v;
    ctx['kms:EncryptionContextKeys'] = Object.keys(ec);
  }
  // Parameters of the asymmetric, HMAC, import and multi-Region operations (conditions-kms).
  const param = (condition: string, name: string, fallback?: string) => {
    const v = params[name] ?? fallback;
    if (v !== undefined && v !== null) ctx[condition] = v instanceof Date ? v.toISOString() : String(v);
  };
  if (operation === 'Sign' || operation === 'Verify') {
    param('kms:SigningAlgorithm', 'SigningAlgorithm');
    param('kms:MessageType', 'MessageType', 'RAW');
  }
  if (operation === 'GenerateMac' || operation === 'VerifyMac') param('kms:MacAlgorithm', 'MacAlgorithm');
  if (operation.startsWith('GenerateDataKeyPair')) param('kms:DataKeyPairSpec', 'KeyPairSpec');
  if (operation === 'DeriveSharedSecret') param('kms:KeyAgreementAlgorithm', 'KeyAgreementAlgorithm');
  if (operation === 'GetParametersForImport') {
    param('kms:WrappingAlgorithm', 'WrappingAlgorithm');
    param('kms:WrappingKeySpec', 'WrappingKeySpec');
  }
  if (operation === 'ImportKeyMaterial') {
    param('kms:ExpirationModel', 'ExpirationModel', 'KEY_MATERIAL_EXPIRES');
    param('kms:ValidTo', 'ValidTo');
  }
  if (operation === 'ReplicateKey') param('kms:ReplicaRegion', 'ReplicaRegion');
  if (operation === 'UpdatePrimaryRegion') param('kms:PrimaryRegion', 'PrimaryRegion');
  if (operation === 'CreateKey') {
    ctx['kms:KeySpec'] = String(params.KeySpec ?? params.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT');
    ctx['kms:KeyUsage'] = String(params.KeyUsage ?? 'ENCRYPT_DECRYPT');
    ctx['kms:KeyOrigin'] = String(params.Origin ?? 'AWS_KMS');
    ctx['kms:MultiRegion'] = String(Boolean(params.MultiRegion));
  }
  if (operation === 'CreateKey' || operation === 'PutKeyPolicy') {
    ctx['kms:BypassPolicyLockoutSafetyCheck'] = String(Boolean(params.BypassPolicyLockoutSafetyCheck));
  }
  if (operation === 'ScheduleKeyDeletion') {
    ctx['kms:ScheduleKeyDeletionPendingWindowInDays'] = String(params.PendingWindowInDays ?? 30);
  }
  if (operation === 'EnableKeyRotation') {
    ctx['kms:RotationPeriodInDays'] = String(params.RotationPeriodInDays ?? 365);
  }
  if (operation === 'ReEncrypt' && typeof params.ReEncryptOnSameKey === 'boolean') {
    ctx['kms:ReEncryptOnSameKey'] = String(params.ReEncryptOnSameKey);
  }
  const tags = (operation === 'TagResource' || operation === 'CreateKey') && Array.isArray(params.Tags)
    ? (params.Tags as { TagKey: string; TagValue: string }[]) : undefined;
  if (tags && tags.length > 0) {
    for (const t of tags) ctx[`aws:RequestTag/${t.TagKey}`] = t.TagValue;
    ctx['aws:TagKeys'] = tags.map((t) => t.TagKey);
  }
  if (operation === 'UntagResource' && Array.isArray(params.TagKeys)) ctx['aws:TagKeys'] = (params.TagKeys as string[]).slice();
  if (operation === 'CreateGrant') {
    if (Array.isArray(params.Operations)) ctx['kms:GrantOperations'] = (params.Operations as string[]).slice();
    if (params.GranteePrincipal) ctx['kms:GranteePrincipal'] = String(params.GranteePrincipal);
    if (params.RetiringPrincipal) ctx['kms:RetiringPrincipal'] = String(params.RetiringPrincipal);
    const c = params.Constraints as { EncryptionContextEquals?: object; EncryptionContextSubset?: object } | undefined;
    if (c?.EncryptionContextEquals) ctx['kms:GrantConstraintType'] = 'EncryptionContextEquals';
    else if (c?.EncryptionContextSubset) ctx['kms:GrantConstraintType'] = 'EncryptionContextSubset';
  }
  if (['CreateGrant', 'ListGrants', 'RevokeGrant'].includes(operation)) {
    // True only when an integrated AWS service calls on the caller's behalf.
    ctx['kms:GrantIsForAWSResource'] = inputs.callerContext?.['kms:ViaService'] ? 'true' : 'false';
  }

  // Caller-supplied keys (kms:ViaService, aws:SourceIp, aws:MultiFactorAuthPresent…) override derived ones.
  // Condition-key names are case-insensitive: a caller's AWS:SourceIP replaces a derived aws:SourceIp.
  const caller = inputs.callerContext;
  if (caller) {
    let lower: Map<string, string> | undefined;
    for (const k of Object.keys(caller)) {
      if (!Object.prototype.hasOwnProperty.call(ctx, k)) {
        lower ??= new Map(Object.keys(ctx).map((x) => [x.toLowerCase(), x]));
        const existing = lower.get(k.toLowerCase());
        if (existing !== undefined) delete ctx[existing];
        lower.set(k.toLowerCase(), k);
      }
      ctx[k] = caller[k];
    }
  }
  return ctx;
}
