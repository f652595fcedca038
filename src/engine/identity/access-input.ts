// Gathers, for one request, every policy AWS would consult: the key policy (or another resource's
// policy), the caller's identity policies, permissions boundary, session policy, the SCP levels of the
// caller's account, the RCP levels of the resource's account, and the key's grants. The layered
// evaluator (policy/evaluateAccess) is a pure function of what this returns.
import { parsePolicy } from '../policy';
import type { AccessInput, GrantInput, NamedPolicy, Policy, PolicyKind } from '../policy/types';
import { deriveContext, type KeyFacts } from './request-context';
import { inOrganization, principalName, resolvePrincipal, type IdentityState, type ResolvedPrincipal, type StoredPolicy } from './principals';

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
// One table per kind, keyed by the text itself (a string hashes once; a key built per lookup would
// hash the whole document every time). Bounded: past PARSED_LIMIT documents the oldest half is
// forgotten (never the whole table at once, which would make a big world re-parse everything).
const PARSED_LIMIT = 50_000;
const parsed = new Map<PolicyKind, Map<string, Policy>>();
let parsedCount = 0;
function compilePolicy(kind: PolicyKind, text: string, label: string): Policy {
  let table = parsed.get(kind);
  if (!table) parsed.set(kind, (table = new Map()));
  const hit = table.get(text);
  if (hit) return hit;
  const r = parsePolicy(text, kind);
  if (!r.ok) throw new PolicyUnparseable(label, r.error.line, r.error.column, r.error.message);
  if (parsedCount >= PARSED_LIMIT) {
    for (const t of parsed.values()) {
      let drop = t.size >> 1;
      for (const k of t.keys()) {
        if (drop-- <= 0) break;
        t.delete(k);
      }
    }
    parsedCount = [...parsed.values()].reduce((n, t) => n + t.size, 0);
  }
  table.set(text, r.policy);
  parsedCount++;
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
  /**
   * What does not change from request to request, remembered: only while the identities and the
   * keys stay as they are (the simulate CLI evaluates a fixed world). See accessMemo().
   */
  memo?: AccessMemo;
}

/** The policies a caller brings to every request. */
interface CallerPart {
  principal: ResolvedPrincipal;
  identityPolicies: NamedPolicy[];
  permissionsBoundary?: NamedPolicy;
  sessionPolicy?: NamedPolicy;
  scps?: NamedPolicy[][];
}

export interface AccessMemo {
  callers: Map<string, CallerPart>;
  keyPolicies: Map<string, NamedPolicy>;
  rcps: Map<string, NamedPolicy[][] | undefined>;
}

/** A memo for buildAccessInput over a world that does not change while it is used. */
export const accessMemo = (): AccessMemo => ({ callers: new Map(), keyPolicies: new Map(), rcps: new Map() });

function callerPart(identities: IdentityState, principalArn: string): CallerPart {
  const principal = resolvePrincipal(identities, principalArn);
  const info = principal.info;
  const who = principalName(info.arn);
  const part: CallerPart = {
    principal,
    identityPolicies: principal.identityPolicies.map((p, i) =>
      named(`identity:${info.arn}#${i}`, `identity policy ${p.name} of ${who}`, 'identity', p),
    ),
  };
  if (principal.permissionsBoundary) {
    part.permissionsBoundary = named(`boundary:${info.arn}`, `permissions boundary of ${who}`, 'boundary', principal.permissionsBoundary);
  }
  if (principal.sessionPolicy) {
    part.sessionPolicy = named(`session:${info.arn}`, `session policy of ${who}`, 'session', principal.sessionPolicy);
  }
  const org = identities.organization;
  // SCPs limit principals of member accounts (service principals are not subject to them).
  if (org?.scps && info.type !== 'Service' && inOrganization(identities, info.accountId)) {
    part.scps = org.scps.map((level, l) =>
      level.map((p, i) => named(`scp:${l}:${i}`, `SCP ${p.name} (level ${l + 1})`, 'scp', p)),
    );
  }
  return part;
}

function rcpsFor(identities: IdentityState, resourceAccount: string): NamedPolicy[][] | undefined {
  const org = identities.organization;
  // RCPs limit resources of member accounts.
  if (!org?.rcps || !inOrganization(identities, resourceAccount)) return undefined;
  return org.rcps.map((level, l) => level.map((p, i) => named(`rcp:${l}:${i}`, `RCP ${p.name} (level ${l + 1})`, 'rcp', p)));
}

export function buildAccessInput(req: AccessRequest): AccessInput {
  const memo = req.memo;
  let caller = memo?.callers.get(req.principalArn);
  if (!caller) {
    caller = callerPart(req.identities, req.principalArn);
    memo?.callers.set(req.principalArn, caller);
  }
  const principal = caller.principal;
  const info = principal.info;
  const operation = req.action.split(':')[1] ?? req.action;
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
    identityPolicies: caller.identityPolicies,
    encryptionContext: req.encryptionContext,
  };
  if (req.key) {
    input.key = { arn: req.key.arn, accountId: req.key.accountId, keyManager: req.key.keyManager };
    let keyPolicy = memo?.keyPolicies.get(req.key.arn);
    if (!keyPolicy || keyPolicy.policy.text !== req.key.policy) {
      keyPolicy = named(`key-policy:${req.key.arn}`, `key policy of ${req.key.arn}`, 'key', { name: 'default', document: req.key.policy });
      memo?.keyPolicies.set(req.key.arn, keyPolicy);
    }
    input.keyPolicy = keyPolicy;
    input.grants = req.key.grants;
  } else {
    const rp = req.identities.resourcePolicies[req.resource];
    if (rp) input.resourcePolicy = named(`resource-policy:${req.resource}`, `resource policy of ${req.resource}`, 'resource', rp);
  }
  if (caller.permissionsBoundary) input.permissionsBoundary = caller.permissionsBoundary;
  if (caller.sessionPolicy) input.sessionPolicy = caller.sessionPolicy;
  if (caller.scps) input.scps = caller.scps;
  let rcps: NamedPolicy[][] | undefined;
  if (memo?.rcps.has(resourceAccount)) rcps = memo.rcps.get(resourceAccount);
  else {
    rcps = rcpsFor(req.identities, resourceAccount);
    memo?.rcps.set(resourceAccount, rcps);
  }
  if (rcps) input.rcps = rcps;
  return input;
}
