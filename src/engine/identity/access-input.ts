// Gathers, for one request, every policy AWS would consult: the key policy (or another resource's
// policy), the caller's identity policies, permissions boundary, session policy, the SCP levels of the
// caller's account, the RCP levels of the resource's account, and the key's grants. The layered
// evaluator (policy/evaluateAccess) is a pure function of what this returns.
import { parsePolicy } from '../policy';
import type { AccessInput, GrantInput, NamedPolicy, Policy, PolicyKind } from '../policy/types';
import { deriveContext, type KeyFacts } from './request-context';
import { inOrganization, principalName, resolvePrincipal, type IdentityState, type StoredPolicy } from './principals';

/** A policy that does not parse: the request cannot be evaluated (never a silent deny). */
export class PolicyUnparseable extends Error {
  constructor(
    readonly policyLabel: string,
    readonly line: number,
    readonly column: number,
    detail: string,
  ) {
    super(`${policyLabel}: ${detail} (line ${line}, column ${column})`);
    this.name = 'PolicyUnparseable';
  }
}

// Parsing is the costly part of a decision; documents are immutable text, so parse each once.
const parsed = new Map<string, Policy>();
export function compilePolicy(kind: PolicyKind, text: string, label: string): Policy {
  const cacheKey = `${kind}\u0000${text}`;
  const hit = parsed.get(cacheKey);
  if (hit) return hit;
  const r = parsePolicy(text, kind);
  if (!r.ok) throw new PolicyUnparseable(label, r.error.line, r.error.column, r.error.message);
  if (parsed.size > 5000) parsed.clear();
  parsed.set(cacheKey, r.policy);
  return r.policy;
}

const named = (id: string, label: string, kind: PolicyKind, p: StoredPolicy): NamedPolicy => ({
  id,
  label,
  kind,
  policy: compilePolicy(kind, p.document, label),
});

export interface KeyForAccess extends KeyFacts {
  /** The key policy text. */
  policy: string;
  grants: GrantInput[];
}

export interface AccessRequest {
  identities: IdentityState;
  principalArn: string;
  /** 'kms:Decrypt' */
  action: string;
  /** The ARN authorized, '*' for actions without a resource. */
  resource: string;
  /** The owner of the resource when the ARN has no account (S3). */
  resourceAccount?: string;
  region: string;
  /** The key, when the resource is a KMS key. */
  key?: KeyForAccess;
  keyIdAsSent?: string;
  encryptionContext?: Record<string, string>;
  requestParameters?: Record<string, unknown>;
  callerContext?: Record<string, string | string[]>;
  now: Date;
}

export function buildAccessInput(req: AccessRequest): AccessInput {
  const principal = resolvePrincipal(req.identities, req.principalArn);
  const info = principal.info;
  const operation = req.action.split(':')[1] ?? req.action;
  const who = principalName(info.arn);
  const resourceAccount =
    req.key?.accountId ?? req.resourceAccount ?? (req.resource.split(':')[4] || (req.resource === '*' ? info.accountId : ''));

  const context = deriveContext({
    identities: req.identities,
    principal,
    operation,
    region: req.region,
    key: req.key,
    keyIdAsSent: req.keyIdAsSent,
    encryptionContext: req.encryptionContext,
    requestParameters: req.requestParameters,
    callerContext: req.callerContext,
    now: req.now,
  });
  if (!req.key && resourceAccount) context['aws:ResourceAccount'] = resourceAccount;

  const input: AccessInput = {
    request: { principal: info, action: req.action, resource: req.resource, resourceAccount, context },
    identityPolicies: principal.identityPolicies.map((p, i) =>
      named(`identity:${info.arn}#${i}`, `identity policy ${p.name} of ${who}`, 'identity', p),
    ),
    encryptionContext: req.encryptionContext,
  };
  if (req.key) {
    input.key = { arn: req.key.arn, accountId: req.key.accountId, keyManager: req.key.keyManager };
    input.keyPolicy = named(`key-policy:${req.key.arn}`, `key policy of ${req.key.arn}`, 'key', {
      name: 'default',
      document: req.key.policy,
    });
    input.grants = req.key.grants;
  } else {
    const rp = req.identities.resourcePolicies[req.resource];
    if (rp) input.resourcePolicy = named(`resource-policy:${req.resource}`, `resource policy of ${req.resource}`, 'resource', rp);
  }
  if (principal.permissionsBoundary) {
    input.permissionsBoundary = named(`boundary:${info.arn}`, `permissions boundary of ${who}`, 'boundary', principal.permissionsBoundary);
  }
  if (principal.sessionPolicy) {
    input.sessionPolicy = named(`session:${info.arn}`, `session policy of ${who}`, 'session', principal.sessionPolicy);
  }
  const org = req.identities.organization;
  // SCPs limit principals of member accounts (service principals are not subject to them).
  if (org?.scps && info.type !== 'Service' && inOrganization(req.identities, info.accountId)) {
    input.scps = org.scps.map((level, l) =>
      level.map((p, i) => named(`scp:${l}:${i}`, `SCP ${p.name} (level ${l + 1})`, 'scp', p)),
    );
  }
  // RCPs limit resources of member accounts.
  if (org?.rcps && inOrganization(req.identities, resourceAccount)) {
    input.rcps = org.rcps.map((level, l) =>
      level.map((p, i) => named(`rcp:${l}:${i}`, `RCP ${p.name} (level ${l + 1})`, 'rcp', p)),
    );
  }
  return input;
}
