// The generated world shared by the policy benchmark and the simulate benchmark: a seeded PRNG
// (mulberry32), accounts in and out of an organization, users and role sessions with identity
// policies, boundaries and session policies, KMS keys with 5–15-statement key policies full of
// conditions, grants, and requests over them. Same seed, same world.
import { namedPolicy } from '@kms-lab/engine/policy';
import type { ContextMap, GrantInput, NamedPolicy, PrincipalInfo, RequestContext } from '@kms-lab/engine/policy';
// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32) and helpers

export type Rng = () => number;
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
export const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
export const chance = (rng: Rng, p: number) => rng() < p;
export const hex = (rng: Rng, n: number) => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join('');
export const uuid = (rng: Rng) => `${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}`;

// ---------------------------------------------------------------------------------------------
// The world

export const REGION = 'us-west-2';
export const ORG_ACCOUNTS = ['111122223333', '444455556666'];
export const OUTSIDE_ACCOUNT = '777788889999';
export const ACCOUNTS = [...ORG_ACCOUNTS, OUTSIDE_ACCOUNT];
export const ORG_ID = 'o-exampleorg';
export const TEAMS = ['payments', 'billing', 'analytics', 'platform', 'security'];
export const SERVICES = ['s3', 'ec2', 'rds', 'ssm', 'secretsmanager', 'dynamodb', 'lambda'];
export const CRYPTO_OPS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'];
export const OTHER_OPS = ['kms:DescribeKey', 'kms:CreateGrant', 'kms:ListGrants', 'kms:GetKeyPolicy', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:EnableKeyRotation'];

export interface Principal {
  info: PrincipalInfo;
  team: string;
  identityPolicies: NamedPolicy[];
  boundary?: NamedPolicy;
  sessionPolicy?: NamedPolicy;
}
export interface Key {
  arn: string;
  accountId: string;
  keyManager: 'AWS' | 'CUSTOMER';
  policy: NamedPolicy;
  grants: GrantInput[];
  aliases: string[];
  tags: Record<string, string>;
  statementCount: number;
}
export interface World {
  principals: Principal[];
  keys: Key[];
  principalsByArn: Map<string, Principal>;
  keysByArn: Map<string, Key>;
  scpsByAccount: Map<string, NamedPolicy[][]>;
  rcpsByAccount: Map<string, NamedPolicy[][]>;
}

let policySeq = 0;
const np = (kind: NamedPolicy['kind'], label: string, statements: object[]) =>
  namedPolicy(`${kind}#${++policySeq}`, label, kind, { Version: '2012-10-17', Statement: statements });

function keyArnPattern(rng: Rng, account: string): string {
  return pick(rng, ['*', `arn:aws:kms:${REGION}:${account}:key/*`, `arn:aws:kms:*:${account}:key/*`, `arn:aws:kms:*:*:key/*`]);
}

function identityStatements(rng: Rng, account: string, team: string): object[] {
  const n = int(rng, 1, 4);
  const out: object[] = [];
  for (let i = 0; i < n; i++) {
    const r = rng();
    if (r < 0.35) {
      out.push({ Sid: `Use${i}`, Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: keyArnPattern(rng, account) });
    } else if (r < 0.5) {
      out.push({ Sid: `Abac${i}`, Effect: 'Allow', Action: 'kms:*', Resource: `arn:aws:kms:*:${account}:key/*`, Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } });
    } else if (r < 0.6) {
      out.push({ Sid: `Alias${i}`, Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': `alias/${team}-*` } } });
    } else if (r < 0.7) {
      out.push({ Sid: `Admin${i}`, Effect: 'Allow', Action: ['kms:Describe*', 'kms:List*', 'kms:Get*', 'kms:Put*', 'kms:ScheduleKeyDeletion', 'kms:TagResource'], Resource: keyArnPattern(rng, account) });
    } else if (r < 0.8) {
      out.push({ Sid: `DenyOtherRegions${i}`, Effect: 'Deny', Action: 'kms:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': [REGION, 'us-east-1'] } } });
    } else if (r < 0.9) {
      out.push({ Sid: `DenyNoTls${i}`, Effect: 'Deny', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    } else {
      out.push({ Sid: `S3${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${team}-bucket/*` });
    }
  }
  return out;
}

function makePrincipal(rng: Rng, i: number): Principal {
  const account = pick(rng, ACCOUNTS);
  const team = pick(rng, TEAMS);
  const r = rng();
  let info: PrincipalInfo;
  if (r < 0.45) info = { arn: `arn:aws:iam::${account}:user/${team}-user-${i}`, type: 'User', accountId: account };
  else {
    const role = `${team}-role-${i % 40}`;
    info = { arn: `arn:aws:sts::${account}:assumed-role/${role}/session-${i}`, type: 'AssumedRole', accountId: account, roleArn: `arn:aws:iam::${account}:role/${role}` };
  }
  const nPolicies = int(rng, 1, 3);
  const identityPolicies = Array.from({ length: nPolicies }, (_, k) => np('identity', `identity ${k} of ${info.arn}`, identityStatements(rng, account, team)));
  const p: Principal = { info, team, identityPolicies };
  if (chance(rng, 0.2)) p.boundary = np('boundary', `boundary of ${info.arn}`, [{ Sid: 'Boundary', Effect: 'Allow', Action: ['kms:*', 's3:*', 'ec2:*'], Resource: '*' }]);
  if (info.type === 'AssumedRole' && chance(rng, 0.2))
    p.sessionPolicy = np('session', `session policy of ${info.arn}`, [{ Sid: 'Session', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' }]);
  return p;
}

function keyStatements(rng: Rng, account: string, users: Principal[], admins: Principal[], team: string): object[] {
  const arnOf = (p: Principal) => p.info.roleArn ?? p.info.arn;
  const root = `arn:aws:iam::${account}:root`;
  const other = pick(rng, ACCOUNTS.filter((a) => a !== account));
  const svc = pick(rng, SERVICES);
  const pool: object[] = [
    { Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: admins.map(arnOf) }, Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'], Resource: '*' },
    { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: users.map(arnOf) }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' },
    { Sid: 'Allow attachment of persistent resources', Effect: 'Allow', Principal: { AWS: users.map(arnOf) }, Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
    { Sid: 'Allow via service for the account', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': `${svc}.${REGION}.amazonaws.com` } } },
    { Sid: 'Require app context', Effect: 'Allow', Principal: { AWS: users.map(arnOf) }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:team': team }, 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['team', 'app'] } } },
    { Sid: 'Deny restricted stage', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:stage': 'restricted' } } },
    { Sid: 'Deny without TLS', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Sid: 'Corporate network only', Effect: 'Deny', Principal: '*', Action: ['kms:Decrypt', 'kms:ReEncryptFrom'], Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24'] }, Null: { 'kms:ViaService': 'true' } } },
    { Sid: 'Team roles', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/${team}-*` } } },
    { Sid: 'External account use', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${other}:root` }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' },
    { Sid: 'Org members only', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG_ID }, Bool: { 'aws:PrincipalIsAWSService': 'false' } } },
    { Sid: 'Protect deletion', Effect: 'Deny', Principal: '*', Action: ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'], Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/security-*` } } },
    { Sid: 'Symmetric only', Effect: 'Deny', Principal: '*', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*', Condition: { StringNotEquals: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } } },
    { Sid: 'Request alias', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:GenerateDataKey', Resource: '*', Condition: { StringLike: { 'kms:RequestAlias': `alias/${team}-*` } } },
    { Sid: 'Date window', Effect: 'Allow', Principal: { AWS: users.map(arnOf) }, Action: 'kms:Encrypt', Resource: '*', Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' }, NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' } } },
  ];
  const n = int(rng, 5, 15);
  const chosen = [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' }];
  const shuffled = pool.map((s) => [rng(), s] as const).sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  for (const s of shuffled.slice(0, n - 1)) chosen.push(s as (typeof chosen)[number]);
  return chosen;
}

export function buildWorld(nKeys: number, nPrincipals: number, seed: number): World {
  const rng = mulberry32(seed);
  const principals = Array.from({ length: nPrincipals }, (_, i) => makePrincipal(rng, i));
  const byAccount = new Map<string, Principal[]>();
  for (const p of principals) byAccount.set(p.info.accountId, [...(byAccount.get(p.info.accountId) ?? []), p]);
  const keys: Key[] = [];
  for (let i = 0; i < nKeys; i++) {
    const accountId = pick(rng, ACCOUNTS);
    const local = byAccount.get(accountId) ?? principals;
    const team = pick(rng, TEAMS);
    const users = Array.from({ length: int(rng, 1, 4) }, () => pick(rng, local));
    const admins = Array.from({ length: int(rng, 1, 2) }, () => pick(rng, local));
    const arn = `arn:aws:kms:${REGION}:${accountId}:key/${uuid(rng)}`;
    const statements = keyStatements(rng, accountId, users, admins, team);
    const grants: GrantInput[] = Array.from({ length: int(rng, 0, 3) }, (_, g) => {
      const grantee = pick(rng, principals);
      return {
        grantId: `${hex(rng, 16)}-${g}`,
        keyArn: arn,
        granteePrincipal: grantee.info.roleArn ?? grantee.info.arn,
        operations: pick(rng, [['Decrypt'], ['Encrypt', 'GenerateDataKey'], ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey', 'RetireGrant']]),
        ...(chance(rng, 0.5) ? { constraints: chance(rng, 0.5) ? { encryptionContextSubset: { team } } : { encryptionContextEquals: { team, app: 'web' } } } : {}),
      };
    });
    keys.push({
      arn,
      accountId,
      keyManager: chance(rng, 0.1) ? 'AWS' : 'CUSTOMER',
      policy: np('key', `key policy of ${arn}`, statements),
      grants,
      aliases: chance(rng, 0.7) ? [`alias/${team}-${i}`] : [],
      tags: chance(rng, 0.6) ? { team } : {},
      statementCount: statements.length,
    });
  }
  const fullAccess = np('scp', 'FullAWSAccess', [{ Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' }]);
  const ouGuardrail = np('scp', 'OU guardrail', [
    { Sid: 'Allow', Effect: 'Allow', Action: '*', Resource: '*' },
    { Sid: 'ProtectKeys', Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'], Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/security-*' } } },
  ]);
  const rcpFull = np('rcp', 'RCPFullAWSAccess', [{ Sid: 'RCPFullAWSAccess', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]);
  const scpsByAccount = new Map<string, NamedPolicy[][]>();
  const rcpsByAccount = new Map<string, NamedPolicy[][]>();
  for (const a of ORG_ACCOUNTS) {
    scpsByAccount.set(a, [[fullAccess], [ouGuardrail], [fullAccess]]);
    rcpsByAccount.set(a, [[rcpFull], [rcpFull]]);
  }
  return {
    principals,
    keys,
    principalsByArn: new Map(principals.map((p) => [p.info.arn, p])),
    keysByArn: new Map(keys.map((k) => [k.arn, k])),
    scpsByAccount,
    rcpsByAccount,
  };
}

// ---------------------------------------------------------------------------------------------
// Requests (built before timing: the request context is what the engine derives)

export interface Request {
  principalArn: string;
  keyArn: string;
  request: RequestContext;
  encryptionContext?: Record<string, string>;
}

/** Requests by `active` principals on `active` keys (default: the whole world). */
export function buildRequests(world: World, n: number, seed: number, active?: { principals: Principal[]; keys: Key[] }): Request[] {
  const rng = mulberry32(seed);
  const out: Request[] = new Array(n);
  const principals = active?.principals ?? world.principals;
  const keys = active?.keys ?? world.keys;
  const keysByAccount = new Map<string, Key[]>();
  for (const k of keys) keysByAccount.set(k.accountId, [...(keysByAccount.get(k.accountId) ?? []), k]);
  for (let i = 0; i < n; i++) {
    const p = pick(rng, principals);
    const own = keysByAccount.get(p.info.accountId);
    const key = own && chance(rng, 0.75) ? pick(rng, own) : pick(rng, keys);
    const action = chance(rng, 0.8) ? pick(rng, CRYPTO_OPS) : pick(rng, OTHER_OPS);
    const ctx: ContextMap = {
      'aws:PrincipalArn': p.info.roleArn ?? p.info.arn,
      'aws:PrincipalAccount': p.info.accountId,
      'aws:PrincipalType': p.info.type === 'User' ? 'User' : 'AssumedRole',
      'aws:PrincipalIsAWSService': 'false',
      'aws:PrincipalTag/team': p.team,
      'aws:SecureTransport': chance(rng, 0.02) ? 'false' : 'true',
      'aws:SourceIp': chance(rng, 0.7) ? `10.${int(rng, 0, 255)}.${int(rng, 0, 255)}.${int(rng, 1, 254)}` : `203.0.113.${int(rng, 1, 254)}`,
      'aws:CurrentTime': '2026-01-01T00:00:00Z',
      'aws:RequestedRegion': REGION,
      'aws:ResourceAccount': key.accountId,
      'kms:CallerAccount': p.info.accountId,
      'kms:KeySpec': 'SYMMETRIC_DEFAULT',
      'kms:KeyUsage': 'ENCRYPT_DECRYPT',
      'kms:KeyOrigin': 'AWS_KMS',
      'kms:KeyManager': key.keyManager,
      'kms:ResourceAliases': key.aliases,
    };
    if (p.info.type === 'User') ctx['aws:username'] = p.info.arn.split('/').pop() ?? '';
    if (ORG_ACCOUNTS.includes(p.info.accountId)) ctx['aws:PrincipalOrgID'] = ORG_ID;
    for (const [k, v] of Object.entries(key.tags)) ctx[`aws:ResourceTag/${k}`] = v;
    if (chance(rng, 0.3)) ctx['kms:ViaService'] = `${pick(rng, SERVICES)}.${REGION}.amazonaws.com`;
    if (chance(rng, 0.2) && key.aliases.length) ctx['kms:RequestAlias'] = key.aliases[0];
    if (action === 'kms:CreateGrant' || action === 'kms:ListGrants') ctx['kms:GrantIsForAWSResource'] = chance(rng, 0.5) ? 'true' : 'false';
    let encryptionContext: Record<string, string> | undefined;
    if (CRYPTO_OPS.includes(action)) {
      ctx['kms:EncryptionAlgorithm'] = 'SYMMETRIC_DEFAULT';
      if (chance(rng, 0.7)) {
        encryptionContext = { team: chance(rng, 0.7) ? p.team : pick(rng, TEAMS) };
        if (chance(rng, 0.4)) encryptionContext.app = 'web';
        if (chance(rng, 0.05)) encryptionContext.stage = 'restricted';
        ctx['kms:EncryptionContextKeys'] = Object.keys(encryptionContext);
        for (const [k, v] of Object.entries(encryptionContext)) ctx[`kms:EncryptionContext:${k}`] = v;
      }
    }
    out[i] = {
      principalArn: p.info.arn,
      keyArn: key.arn,
      request: { principal: p.info, action, resource: key.arn, resourceAccount: key.accountId, context: ctx },
      encryptionContext,
    };
  }
  return out;
}

