// The case format and the builder that turns a documentation case into an AccessInput.
//
// A case reads like the AWS page it comes from: the policies as the page prints them, who asks,
// for what, on which key, with which encryption context. The builder fills in the condition keys
// AWS itself supplies for such a request (aws:PrincipalArn, kms:CallerAccount,
// kms:EncryptionContext:*, kms:EncryptionAlgorithm's default…), because the evaluator does not
// derive them: it is given the full request context. A case's own `context` overrides a derived
// key, and `null` removes one (to show what happens when AWS does not supply it).

import { namedPolicy } from '../index';
import type {
  AccessEvaluation,
  AccessInput,
  ContextMap,
  ContextValue,
  Decision,
  GrantInput,
  LayerName,
  LayerOutcome,
  NamedPolicy,
  PolicyKind,
  PrincipalInfo,
} from '../types';

/** A policy document exactly as AWS accepts it (a JSON object), or its JSON text. */
export type PolicyDoc = Record<string, unknown> | string;

/** What explains the decision. Every case names at least one, so it can fail for the right reason. */
export type Because =
  /** decidedBy contains the statement with this Sid (optionally: in a policy of this kind). */
  | { sid: string; kind?: PolicyKind }
  /** decidedBy contains this grant (policyId "grant:<grantId>"). */
  | { grant: string }
  /** The grants layer reports this grant as not applying. */
  | { grantNotApplied: string }
  /** This layer's outcome is exactly `outcome`. */
  | { layer: LayerName; outcome: LayerOutcome }
  /** This layer is reported and did not allow (denied or not applicable). */
  | { layer: LayerName; notAllowed: true }
  /** This condition key is reported among the missing context keys. */
  | { missing: string };

export interface GrantSpec {
  grantId: string;
  granteePrincipal: string;
  operations: string[];
  /** Default: the case's key. */
  keyArn?: string;
  retiringPrincipal?: string;
  constraints?: GrantInput['constraints'];
}

export interface EvalCase {
  /** Stable, unique, kebab-case. */
  id: string;
  /** The AWS documentation page (with anchor where there is one) the case is written from. */
  doc: string;
  /** Why AWS reaches this decision, in one sentence. */
  why: string;

  /** The caller: an IAM user/role/account-root ARN, an assumed-role or federated session ARN, or a service principal. */
  principal: string;
  /** "kms:Decrypt" */
  action: string;

  /** The KMS key the request is for (its ARN). Omit for IAM-only actions and non-KMS resources. */
  key?: string;
  /** The key policy. Required when `key` is given (a key always has exactly one). */
  keyPolicy?: PolicyDoc;
  keyManager?: 'AWS' | 'CUSTOMER';
  /** The key's aliases (alias names), for kms:ResourceAliases. Omit: the key has none and the key is not supplied. */
  keyAliases?: string[];
  /** The key's tags, for aws:ResourceTag/*. */
  keyTags?: Record<string, string>;
  /** How the request named the key, when by alias (alias name or alias ARN): kms:RequestAlias. */
  requestAlias?: string;
  /** The request's EncryptionContext parameter. */
  encryptionContext?: Record<string, string>;
  grants?: GrantSpec[];

  /** A non-KMS resource ARN (S3 object…). Default: the key, or "*" for actions without a resource. */
  resource?: string;
  /** Owner of the resource. Default: from the key/resource ARN, else the caller's account. */
  resourceAccount?: string;
  /** A non-KMS resource's resource-based policy. */
  resourcePolicy?: PolicyDoc;

  identityPolicies?: PolicyDoc[];
  boundary?: PolicyDoc;
  sessionPolicy?: PolicyDoc;
  /** SCP levels that apply to the caller's account, root first. */
  scps?: PolicyDoc[][];
  /** RCP levels that apply to the resource's account, root first. */
  rcps?: PolicyDoc[][];

  principalTags?: Record<string, string>;
  /** Condition keys given outright (override derived ones); null removes a derived key. */
  context?: Record<string, ContextValue | null>;

  expect: Decision;
  because: Because[];
}

// ---------------------------------------------------------------------------------------------
// Principals

/** Parse a caller ARN (or service principal name) into what the evaluator needs. */
function principalInfo(arn: string): PrincipalInfo {
  if (!arn.startsWith('arn:')) return { arn, type: 'Service', accountId: '' };
  const parts = arn.split(':');
  const service = parts[2];
  const accountId = parts[4];
  const res = parts.slice(5).join(':');
  if (res === 'root') return { arn, type: 'Account', accountId };
  if (service === 'iam' && res.startsWith('user/')) return { arn, type: 'User', accountId };
  if (service === 'iam' && res.startsWith('role/')) return { arn, type: 'Role', accountId };
  if (service === 'sts' && res.startsWith('assumed-role/')) {
    const roleName = res.split('/')[1];
    return { arn, type: 'AssumedRole', accountId, roleArn: `arn:aws:iam::${accountId}:role/${roleName}` };
  }
  if (service === 'sts' && res.startsWith('federated-user/')) return { arn, type: 'FederatedUser', accountId };
  throw new Error(`case builder: unrecognised principal ARN ${arn}`);
}

function principalTypeKey(p: PrincipalInfo): string | undefined {
  switch (p.type) {
    case 'User':
      return 'User';
    case 'AssumedRole':
      return 'AssumedRole';
    case 'Account':
      return 'Account';
    case 'FederatedUser':
      return 'FederatedUser';
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// KMS operation facts used to derive the request context

/** Operations that take an encryption algorithm (kms:EncryptionAlgorithm defaults to SYMMETRIC_DEFAULT). */
const ALGORITHM_OPS = new Set([
  'encrypt',
  'decrypt',
  'reencryptfrom',
  'reencryptto',
  'generatedatakey',
  'generatedatakeywithoutplaintext',
  'generatedatakeypair',
  'generatedatakeypairwithoutplaintext',
]);
/** Operations whose EncryptionContext parameter feeds kms:EncryptionContext:* and kms:EncryptionContextKeys. */
const CONTEXT_OPS = new Set([...ALGORITHM_OPS, 'creategrant']);

/** The fixed simulated clock of every case. */
const CASE_TIME = '2026-01-01T00:00:00Z';
const CASE_EPOCH = '1767225600';

function parseArn(arn: string): { service: string; region: string; account: string; resource: string } | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return { service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(':') };
}

function aliasName(aliasOrArn: string): string {
  const arn = parseArn(aliasOrArn);
  return arn ? arn.resource : aliasOrArn;
}

/** Build the request context AWS would supply for this case. */
function deriveContext(c: EvalCase, p: PrincipalInfo, resourceAccount: string): ContextMap {
  const ctx: ContextMap = {};
  const op = c.action.toLowerCase().startsWith('kms:') ? c.action.slice(4).toLowerCase() : undefined;
  const keyArn = c.key ? parseArn(c.key) : undefined;

  // Principal keys.
  if (p.type === 'Service') {
    ctx['aws:PrincipalIsAWSService'] = 'true';
    ctx['aws:PrincipalServiceName'] = p.arn;
  } else {
    ctx['aws:PrincipalArn'] = p.roleArn ?? p.arn;
    ctx['aws:PrincipalAccount'] = p.accountId;
    ctx['aws:PrincipalIsAWSService'] = 'false';
    const t = principalTypeKey(p);
    if (t) ctx['aws:PrincipalType'] = t;
    if (p.type === 'User') ctx['aws:username'] = p.arn.split('/').pop() ?? '';
    for (const [k, v] of Object.entries(c.principalTags ?? {})) ctx[`aws:PrincipalTag/${k}`] = v;
  }
  // Request keys every AWS request has.
  ctx['aws:SecureTransport'] = 'true';
  ctx['aws:CurrentTime'] = CASE_TIME;
  ctx['aws:EpochTime'] = CASE_EPOCH;
  ctx['aws:RequestedRegion'] = keyArn?.region || 'us-west-2';
  ctx['aws:ResourceAccount'] = resourceAccount;

  if (op !== undefined) {
    if (p.type !== 'Service') ctx['kms:CallerAccount'] = p.accountId;
    if (c.key) {
      // Properties of the KMS key used in a KMS key resource operation.
      ctx['kms:KeySpec'] = 'SYMMETRIC_DEFAULT';
      ctx['kms:KeyUsage'] = 'ENCRYPT_DECRYPT';
      ctx['kms:KeyOrigin'] = 'AWS_KMS';
      ctx['kms:KeyManager'] = c.keyManager ?? 'CUSTOMER';
      ctx['kms:MultiRegion'] = 'false';
      if (c.keyAliases) ctx['kms:ResourceAliases'] = [...c.keyAliases];
      for (const [k, v] of Object.entries(c.keyTags ?? {})) ctx[`aws:ResourceTag/${k}`] = v;
      if (c.requestAlias) ctx['kms:RequestAlias'] = aliasName(c.requestAlias);
    }
    if (ALGORITHM_OPS.has(op)) ctx['kms:EncryptionAlgorithm'] = 'SYMMETRIC_DEFAULT';
    if (CONTEXT_OPS.has(op) && c.encryptionContext) {
      const keys = Object.keys(c.encryptionContext);
      if (keys.length > 0) ctx['kms:EncryptionContextKeys'] = keys;
      for (const [k, v] of Object.entries(c.encryptionContext)) ctx[`kms:EncryptionContext:${k}`] = v;
    }
  }

  // The case's own keys override (case-insensitively); null removes.
  for (const [k, v] of Object.entries(c.context ?? {})) {
    for (const existing of Object.keys(ctx)) if (existing.toLowerCase() === k.toLowerCase()) delete ctx[existing];
    if (v !== null) ctx[k] = v;
  }
  return ctx;
}

// ---------------------------------------------------------------------------------------------
// AccessInput

function toNamed(id: string, label: string, kind: PolicyKind, doc: PolicyDoc): NamedPolicy {
  return namedPolicy(id, label, kind, doc);
}

/** Policy ids the builder gives, so assertions and explanations can name them. */
const POLICY_IDS = {
  key: 'key-policy',
  resource: 'resource-policy',
  identity: (i: number) => `identity#${i}`,
  boundary: 'boundary',
  session: 'session-policy',
  scp: (level: number, i: number) => `scp:L${level}#${i}`,
  rcp: (level: number, i: number) => `rcp:L${level}#${i}`,
};

export function buildInput(c: EvalCase): AccessInput {
  const p = principalInfo(c.principal);
  const keyArn = c.key ? parseArn(c.key) : undefined;
  const resource = c.resource ?? c.key ?? '*';
  const resourceAccount = c.resourceAccount ?? keyArn?.account ?? (parseArn(resource)?.account || p.accountId);
  const request = {
    principal: p,
    action: c.action,
    resource,
    resourceAccount,
    context: deriveContext(c, p, resourceAccount),
  };
  if (c.key && c.keyPolicy === undefined) throw new Error(`case ${c.id}: a key needs its key policy`);
  const input: AccessInput = {
    request,
    identityPolicies: (c.identityPolicies ?? []).map((d, i) =>
      toNamed(POLICY_IDS.identity(i), `identity policy ${i} of ${c.principal}`, 'identity', d),
    ),
  };
  if (c.key && c.keyPolicy !== undefined) {
    input.keyPolicy = toNamed(POLICY_IDS.key, `key policy of ${c.key}`, 'key', c.keyPolicy);
    input.key = { arn: c.key, accountId: keyArn?.account ?? resourceAccount, keyManager: c.keyManager ?? 'CUSTOMER' };
  }
  if (c.resourcePolicy !== undefined)
    input.resourcePolicy = toNamed(POLICY_IDS.resource, `resource policy of ${resource}`, 'resource', c.resourcePolicy);
  if (c.boundary !== undefined)
    input.permissionsBoundary = toNamed(POLICY_IDS.boundary, `permissions boundary of ${c.principal}`, 'boundary', c.boundary);
  if (c.sessionPolicy !== undefined)
    input.sessionPolicy = toNamed(POLICY_IDS.session, `session policy of ${c.principal}`, 'session', c.sessionPolicy);
  if (c.scps)
    input.scps = c.scps.map((level, l) => level.map((d, i) => toNamed(POLICY_IDS.scp(l, i), `SCP ${i} at level ${l}`, 'scp', d)));
  if (c.rcps)
    input.rcps = c.rcps.map((level, l) => level.map((d, i) => toNamed(POLICY_IDS.rcp(l, i), `RCP ${i} at level ${l}`, 'rcp', d)));
  if (c.grants) {
    input.grants = c.grants.map((g) => ({
      grantId: g.grantId,
      keyArn: g.keyArn ?? c.key ?? '',
      granteePrincipal: g.granteePrincipal,
      retiringPrincipal: g.retiringPrincipal,
      operations: g.operations,
      constraints: g.constraints,
    }));
  }
  if (c.encryptionContext) input.encryptionContext = { ...c.encryptionContext };
  return input;
}

// ---------------------------------------------------------------------------------------------
// Explanation checks

/** Returns null when the explanation holds, else a message saying what the evaluation reported instead. */
export function checkBecause(result: AccessEvaluation, b: Because): string | null {
  const decided = result.decidedBy.map((d) => `${d.kind}:${d.policyId}${d.sid !== undefined ? `#${d.sid}` : ''}`).join(', ');
  if ('sid' in b) {
    const ok = result.decidedBy.some((d) => d.sid === b.sid && (b.kind === undefined || d.kind === b.kind));
    return ok ? null : `expected decidedBy to include Sid "${b.sid}"${b.kind ? ` (${b.kind})` : ''}; got [${decided}]`;
  }
  if ('grant' in b) {
    const ok = result.decidedBy.some((d) => d.policyId === `grant:${b.grant}`);
    return ok ? null : `expected decidedBy to include grant:${b.grant}; got [${decided}]`;
  }
  if ('grantNotApplied' in b) {
    const layer = result.layers.find((l) => l.layer === 'grants');
    const g = layer?.grants?.find((e) => e.grant.grantId === b.grantNotApplied);
    if (!g) return `expected the grants layer to report grant ${b.grantNotApplied}; it did not`;
    return g.applies ? `expected grant ${b.grantNotApplied} not to apply; it applied (${g.explanation})` : null;
  }
  if ('missing' in b) {
    const ok = result.missingContextKeys.some((k) => k.toLowerCase() === b.missing.toLowerCase());
    return ok ? null : `expected missingContextKeys to include ${b.missing}; got [${result.missingContextKeys.join(', ')}]`;
  }
  const layer = result.layers.find((l) => l.layer === b.layer);
  if ('notAllowed' in b) {
    if (!layer) return `expected layer ${b.layer} to be reported as not allowing; the evaluation has no such layer`;
    return layer.outcome === 'allowed' ? `expected layer ${b.layer} not to allow; it allowed (${layer.reason})` : null;
  }
  if (!layer) return `expected layer ${b.layer} to be ${b.outcome}; the evaluation has no such layer`;
  return layer.outcome === b.outcome ? null : `expected layer ${b.layer} to be ${b.outcome}; it is ${layer.outcome} (${layer.reason})`;
}
