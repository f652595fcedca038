// npm run bench:policy — how fast the policy evaluator reaches a decision.
//
// Generates a realistic world with a seeded PRNG (accounts in and out of an organization, users,
// roles and their sessions with identity policies, boundaries and session policies, KMS keys with
// 5–15-statement key policies full of conditions, grants), indexes it so a request gathers only
// what applies to it (the key's own policy and grants, the caller's policies, the caller account's
// SCPs), and evaluates 100,000 requests in a single-threaded loop. Then it grows the world 10× and
// measures again: the cost per request must not grow with keys and principals that do not apply.
//
// How it measures (so the numbers mean what they say):
//  - Each world runs in its own Node process (--expose-gc), so one world's heap and JIT state do
//    not colour the next.
//  - The world and all requests are built before any timing; the request generator is never timed.
//    What is timed per decision is gathering (a few index lookups) and evaluateAccess.
//  - Warm-up: 30,000 decisions, then a full GC. Then 5 timed passes over all requests, each after
//    a full GC; the median pass is reported with the range. Wall time and this process's CPU time
//    are both reported (on a shared machine CPU time is the steadier of the two).
//  - evaluateAccess explains lazily: the decision, summary, deciding statements, missing keys and
//    errors are computed for every request; `layers` (every statement of every policy, in plain
//    words) is built when first read. A separate pass reads `layers` for every request, to show
//    what the full explanation costs when something does read it.
//
// Options: --requests N (default 100000), --seed S (default 20260101), --passes P (default 5),
// --json (machine-readable).

import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { evaluateAccess, namedPolicy } from '../../engine/policy/index';
import type { AccessInput, ContextMap, Decision, GrantInput, NamedPolicy, PrincipalInfo, RequestContext } from '../../engine/policy/types';

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32) and helpers

type Rng = () => number;
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const chance = (rng: Rng, p: number) => rng() < p;
const hex = (rng: Rng, n: number) => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join('');
const uuid = (rng: Rng) => `${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}`;

// ---------------------------------------------------------------------------------------------
// The world

const REGION = 'us-west-2';
const ORG_ACCOUNTS = ['111122223333', '444455556666'];
const OUTSIDE_ACCOUNT = '777788889999';
const ACCOUNTS = [...ORG_ACCOUNTS, OUTSIDE_ACCOUNT];
const ORG_ID = 'o-exampleorg';
const TEAMS = ['payments', 'billing', 'analytics', 'platform', 'security'];
const SERVICES = ['s3', 'ec2', 'rds', 'ssm', 'secretsmanager', 'dynamodb', 'lambda'];
const CRYPTO_OPS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'];
const OTHER_OPS = ['kms:DescribeKey', 'kms:CreateGrant', 'kms:ListGrants', 'kms:GetKeyPolicy', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:EnableKeyRotation'];

interface Principal {
  info: PrincipalInfo;
  team: string;
  identityPolicies: NamedPolicy[];
  boundary?: NamedPolicy;
  sessionPolicy?: NamedPolicy;
}
interface Key {
  arn: string;
  accountId: string;
  keyManager: 'AWS' | 'CUSTOMER';
  policy: NamedPolicy;
  grants: GrantInput[];
  aliases: string[];
  tags: Record<string, string>;
  statementCount: number;
}
interface World {
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

function buildWorld(nKeys: number, nPrincipals: number, seed: number): World {
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

interface Request {
  principalArn: string;
  keyArn: string;
  request: RequestContext;
  encryptionContext?: Record<string, string>;
}

/** Requests by `active` principals on `active` keys (default: the whole world). */
function buildRequests(world: World, n: number, seed: number, active?: { principals: Principal[]; keys: Key[] }): Request[] {
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

// ---------------------------------------------------------------------------------------------
// Gathering: only what applies to this request, by index lookups

function gather(world: World, r: Request): AccessInput {
  const p = world.principalsByArn.get(r.principalArn);
  const k = world.keysByArn.get(r.keyArn);
  if (!p || !k) throw new Error('bench: request names an unknown principal or key');
  return {
    request: r.request,
    keyPolicy: k.policy,
    key: { arn: k.arn, accountId: k.accountId, keyManager: k.keyManager },
    identityPolicies: p.identityPolicies,
    permissionsBoundary: p.boundary,
    sessionPolicy: p.sessionPolicy,
    scps: world.scpsByAccount.get(p.info.accountId),
    rcps: world.rcpsByAccount.get(k.accountId),
    grants: k.grants,
    encryptionContext: r.encryptionContext,
  };
}

// ---------------------------------------------------------------------------------------------
// Measurement

interface Measurement {
  keys: number;
  principals: number;
  requests: number;
  keyPolicyStatementsAvg: number;
  statementsPerRequestAvg: number;
  /** From the median pass (wall clock). */
  decisionsPerSecond: number;
  meanUs: number;
  /** Every timed pass, wall clock and CPU time (ms). */
  passesMs: number[];
  passesCpuMs: number[];
  /** From the median pass's CPU time. */
  cpuDecisionsPerSecond: number;
  p50Us: number;
  p99Us: number;
  /** Decisions per second when every result's `layers` (the full explanation) is also read. */
  explainedDecisionsPerSecond: number;
  mix: Record<Decision, number>;
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const fullGc = (): void => (globalThis as { gc?: () => void }).gc?.();

function measure(nKeys: number, nPrincipals: number, nRequests: number, seed: number, passes: number, log: (s: string) => void, activeFraction = 1): Measurement {
  const t0 = performance.now();
  const world = buildWorld(nKeys, nPrincipals, seed);
  const active =
    activeFraction < 1
      ? { principals: world.principals.slice(0, Math.round(nPrincipals * activeFraction)), keys: world.keys.slice(0, Math.round(nKeys * activeFraction)) }
      : undefined;
  const requests = buildRequests(world, nRequests, seed + 1, active);
  log(
    `  world built in ${((performance.now() - t0) / 1000).toFixed(2)} s (${nKeys} keys, ${nPrincipals} principals, ${nRequests.toLocaleString('en-US')} requests` +
      (active ? ` touching only ${active.keys.length} keys and ${active.principals.length} principals)` : ')'),
  );

  // Input size per request (what gathering hands the evaluator).
  let stmts = 0;
  for (let i = 0; i < Math.min(requests.length, 10_000); i++) {
    const inp = gather(world, requests[i]);
    stmts += (inp.keyPolicy?.policy.statements.length ?? 0) + inp.identityPolicies.reduce((s, p) => s + p.policy.statements.length, 0);
  }
  const statementsPerRequestAvg = stmts / Math.min(requests.length, 10_000);

  // Warm-up: let the JIT and the evaluator's compiled policies settle.
  for (let i = 0; i < Math.min(30_000, requests.length); i++) evaluateAccess(gather(world, requests[i]));
  const mix: Record<Decision, number> = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
  for (let i = 0; i < requests.length; i++) mix[evaluateAccess(gather(world, requests[i])).decision]++;

  // Throughput: tight single-threaded passes over all requests, each after a full GC.
  const passesMs: number[] = [];
  const passesCpuMs: number[] = [];
  let sink = 0;
  for (let pass = 0; pass < passes; pass++) {
    fullGc();
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < requests.length; i++) sink += evaluateAccess(gather(world, requests[i])).decidedBy.length;
    passesMs.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    passesCpuMs.push((used.user + used.system) / 1000);
  }
  const elapsedMs = median(passesMs);
  log(`  throughput passes (wall): ${passesMs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`);
  log(`  throughput passes (CPU):  ${passesCpuMs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`);

  // With the full explanation: read every result's layers (built on first read), after a
  // warm-up of its own (the explanation code has not run yet in this process).
  const explainAll = (from: number, to: number) => {
    for (let i = from; i < to; i++) for (const l of evaluateAccess(gather(world, requests[i])).layers) for (const pe of l.policies) sink += pe.statements.length;
  };
  const nExplained = Math.min(requests.length, 20_000);
  explainAll(0, Math.min(requests.length, 5_000));
  fullGc();
  const ex0 = performance.now();
  explainAll(0, nExplained);
  const explainedMs = performance.now() - ex0;

  // Latency: each decision timed on its own.
  fullGc();
  const lat = new Float64Array(requests.length);
  for (let i = 0; i < requests.length; i++) {
    const s = process.hrtime.bigint();
    evaluateAccess(gather(world, requests[i]));
    lat[i] = Number(process.hrtime.bigint() - s) / 1000;
  }
  lat.sort();
  if (sink === -1) log('');

  return {
    keys: nKeys,
    principals: nPrincipals,
    requests: requests.length,
    keyPolicyStatementsAvg: world.keys.reduce((s, k) => s + k.statementCount, 0) / world.keys.length,
    statementsPerRequestAvg,
    decisionsPerSecond: requests.length / (elapsedMs / 1000),
    meanUs: (elapsedMs * 1000) / requests.length,
    passesMs,
    passesCpuMs,
    cpuDecisionsPerSecond: requests.length / (median(passesCpuMs) / 1000),
    p50Us: quantile(lat, 0.5),
    p99Us: quantile(lat, 0.99),
    explainedDecisionsPerSecond: nExplained / (explainedMs / 1000),
    mix,
  };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const WORLDS = {
  '1x': { keys: 100, principals: 200, active: 1, label: 'World 1× (100 keys, 200 principals)' },
  '10x': { keys: 1000, principals: 2000, active: 1, label: 'World 10× (1,000 keys, 2,000 principals)' },
  '10x-1x-set': {
    keys: 1000,
    principals: 2000,
    active: 0.1,
    label: 'World 10×, requests touching only 100 keys and 200 principals (900 keys and 1,800 principals never apply)',
  },
} as const;
type WorldName = keyof typeof WORLDS;

/** Each world is measured in its own Node process, so one measurement's heap and JIT state do not colour the next. */
function runIsolated(name: WorldName, nRequests: number, seed: number, passes: number): Measurement {
  const args = [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), '--only', name, '--requests', String(nRequests), '--seed', String(seed), '--passes', String(passes)];
  const r = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench: measuring ${name} failed (exit ${r.status})`);
  const lines = r.stdout.trim().split('\n');
  for (const l of lines.slice(0, -1)) console.log(l);
  return JSON.parse(lines[lines.length - 1]) as Measurement;
}

function main(): void {
  const nRequests = Number(argValue('--requests') ?? 100_000);
  const seed = Number(argValue('--seed') ?? 20260101);
  const passes = Math.max(1, Number(argValue('--passes') ?? 5));
  const only = argValue('--only') as WorldName | undefined;
  if (only) {
    const w = WORLDS[only];
    const m = measure(w.keys, w.principals, nRequests, seed, passes, (s) => console.log(s), w.active);
    console.log(JSON.stringify(m));
    return;
  }
  const json = process.argv.includes('--json');
  const cpuUs = (m: Measurement) => 1e6 / m.cpuDecisionsPerSecond;
  const log = json ? () => {} : (s: string) => console.log(s);
  const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const pct = (m: Measurement, d: Decision) => `${fmt((100 * m.mix[d]) / m.requests, 1)}%`;

  log('Policy evaluator benchmark (npm run bench:policy)');
  log(`  node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)}`);
  log(`  single-threaded loop, each world in its own process, seed ${seed}, ${passes} timed passes per world (median reported)`);
  const results = {} as Record<WorldName, Measurement>;
  for (const name of Object.keys(WORLDS) as WorldName[]) {
    log('');
    log(WORLDS[name].label);
    results[name] = runIsolated(name, nRequests, seed, passes);
  }
  const base = results['1x'];
  const big = results['10x'];
  const bigSameSet = results['10x-1x-set'];

  if (json) {
    console.log(JSON.stringify({ seed, base, big, bigSameSet, growth: big.meanUs / base.meanUs, growthSameWorkingSet: bigSameSet.meanUs / base.meanUs, growthCpu: cpuUs(big) / cpuUs(base), growthSameWorkingSetCpu: cpuUs(bigSameSet) / cpuUs(base) }, null, 2));
    return;
  }
  const range = (m: Measurement) => {
    const rates = m.passesMs.map((ms) => m.requests / (ms / 1000));
    return `${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}`;
  };
  const row = (label: string, m: Measurement) =>
    `  ${label.padEnd(12)} ${fmt(m.decisionsPerSecond).padStart(9)} decisions/s (passes ${range(m)})   CPU time: ${fmt(m.cpuDecisionsPerSecond).padStart(9)}/s   mean ${fmt(m.meanUs, 2).padStart(6)} µs   p50 ${fmt(m.p50Us, 2).padStart(6)} µs   p99 ${fmt(m.p99Us, 2).padStart(7)} µs`;
  const rows = [
    ['world 1×', base],
    ['world 10×', big],
    ['10×, 1× set', bigSameSet],
  ] as const;
  log('');
  log('Results (decisions/s from the median of the timed passes, wall clock; CPU time: the same from this process\'s CPU time; p50/p99 from timing each decision)');
  for (const [label, m] of rows) log(row(label, m));
  log('');
  log('With the full explanation read (every result\'s layers, i.e. every statement of every policy in plain words; 20,000 requests)');
  for (const [label, m] of rows) log(`  ${label.padEnd(12)} ${fmt(m.explainedDecisionsPerSecond).padStart(9)} decisions/s`);
  log('');
  log('Decision mix');
  for (const [label, m] of rows) log(`  ${label.padEnd(12)} Allow ${pct(m, 'Allow')}   ExplicitDeny ${pct(m, 'ExplicitDeny')}   ImplicitDeny ${pct(m, 'ImplicitDeny')}`);
  log('');
  log('Input per request (gathered by index: the key’s policy and grants, the caller’s policies, its account’s SCPs)');
  for (const [label, m] of rows)
    log(`  ${label.padEnd(12)} key policies average ${fmt(m.keyPolicyStatementsAvg, 1)} statements; ${fmt(m.statementsPerRequestAvg, 1)} key+identity statements per request`);
  log('');
  const growth = (m: Measurement) =>
    `${fmt(base.meanUs, 2)} µs → ${fmt(m.meanUs, 2)} µs (×${fmt(m.meanUs / base.meanUs, 2)}); CPU time ${fmt(cpuUs(base), 2)} µs → ${fmt(cpuUs(m), 2)} µs (×${fmt(cpuUs(m) / cpuUs(base), 2)})`;
  log(`Cost per request, world grown 10× (requests over all keys/principals): ${growth(big)}`);
  log(`Cost per request, 900 keys and 1,800 principals added that never apply: ${growth(bigSameSet)}`);
  log(`Target ≥ 100,000 decisions/s: ${base.decisionsPerSecond >= 100_000 ? 'met' : 'NOT met'} (world 1×: ${fmt(base.decisionsPerSecond)}/s)`);
}

main();
