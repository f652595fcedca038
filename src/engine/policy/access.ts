// The layered access decision, in AWS's order (IAM user guide "policy evaluation logic" and
// "cross-account policy evaluation logic"; KMS developer guide "key-policies", "policy-evaluation",
// "key-policy-modifying-external-accounts", "grants"):
//
//   1. explicit-deny sweep over every applicable policy      → ExplicitDeny
//   2. RCPs (resource side; every level must allow)           → ImplicitDeny
//   3. SCPs (principal side; every level must allow)          → ImplicitDeny
//   4. key policy / resource policy
//   5. identity policies
//   6. grants (KMS: a third allow path)
//   7. permissions boundary
//   8. session policy
//
// KMS rules: the key policy is the primary control. IAM allows count only when the key policy has
// an applicable Allow for the caller's account principal (delegation). A principal named directly in
// the key policy (same account) needs no IAM policy. Cross-account calls need both the key policy
// and an IAM allow in the caller's account, and only for the cross-account-capable operations.
//
// Choices where the documentation is silent or ambiguous (each is a reading, stated so it can be
// revisited):
//  - SCPs gate every allow path, grants included (SCPs cap a member-account principal's permissions
//    whatever grants them). An SCP level without an applicable Allow is reported as ImplicitDeny.
//  - RCPs: a level whose RCPs contain no Allow statement at all is allowed by the implicit,
//    undetachable RCPFullAWSAccess; not applied to AWS managed keys, to kms:RetireGrant, or to
//    requests without a resource.
//  - Permissions boundaries and session policies limit a key-policy or grant allow the way the IAM
//    guide says they limit a resource-policy allow: not when it names the user or the session ARN,
//    yes when it names the role (or "*"/a service for a role session). Grants are treated like a
//    resource policy naming the grantee.
//  - Grant constraints: keys compared case-insensitively, values case-sensitively (current
//    GrantConstraints API reference; the 2023 guide said fully case-sensitive).
//  - A cross-account grantee needs no IAM policy in its own account (grants are KMS's own
//    resource-side permission).
//
// Decide first, explain on demand. The decision, its summary, the deciding statements, the missing
// keys and the errors are computed from decidePolicy (no per-statement text). `layers` — every
// layer with every policy's statement-by-statement explanation — is built the first time it is
// read (an own, enumerable property: JSON.stringify, spreading, structuredClone and property reads
// all see it, with the same text it always had), from evaluatePolicy over the same inputs. The
// inputs are therefore treated as immutable once evaluated, as the compiled-policy cache already
// treats Policy objects; every caller builds a fresh AccessInput per request.

import { CROSS_ACCOUNT_ACTIONS, GRANT_CONSTRAINT_EXEMPT } from './catalog';
import { decidePolicy, evaluatePolicy, hasAllowStatement, type AppliedStatement, type PolicyDecision } from './evaluate';
import { syntheticRange } from './parse';
import type {
  AccessEvaluation,
  AccessInput,
  AllowPath,
  DecidingStatement,
  EvaluatePolicyOptions,
  GrantInput,
  LayerResult,
  NamedPolicy,
  PrincipalInfo,
  PrincipalMatchKind,
} from './types';

function deciding(s: AppliedStatement): DecidingStatement {
  const named = s.policy.named;
  const d: DecidingStatement = {
    policyId: named.id,
    label: named.label,
    kind: named.kind,
    statementIndex: s.index,
    effect: s.effect,
    range: s.range,
    text: named.policy.text,
  };
  if (s.sid !== undefined) d.sid = s.sid;
  return d;
}

function stmtName(s: AppliedStatement): string {
  return s.sid ? `"${s.sid}"` : `#${s.index + 1}`;
}

// Plain loops rather than .map().join(): this runs on every decision, and the loop form proved
// several times faster in V8 here.
function stmtNames(list: AppliedStatement[]): string {
  let out = '';
  for (let i = 0; i < list.length; i++) out += (i ? ', ' : '') + stmtName(list[i]);
  return out;
}
function labelledNames(list: AppliedStatement[]): string {
  let out = '';
  for (let i = 0; i < list.length; i++) out += `${i ? '; ' : ''}${list[i].policy.named.label} (statement ${stmtName(list[i])})`;
  return out;
}

/** "a; and b" (the allow summary's parts). */
function andThen(parts: string, text: string): string {
  return parts ? `${parts}; and ${text}` : text;
}

/** Appends to a list that may still be the shared empty one (lists are allocated on first use). */
function add<T>(list: T[], x: T): T[] {
  if (list.length === 0) return [x];
  list.push(x);
  return list;
}

function who(p: PrincipalInfo): string {
  if (p.type === 'Account') return `the root user of account ${p.accountId}`;
  if (p.type === 'Anonymous') return 'an anonymous caller';
  return p.arn;
}

/** Which limits apply to an allow from a resource-based policy (or a grant), by how it named the caller. */
interface Limits {
  identity: boolean; // needs an identity-policy Allow too
  boundary: boolean;
  session: boolean;
}
const LIMITS_ACCOUNT: Limits = { identity: true, boundary: true, session: true };
const LIMITS_NONE: Limits = { identity: false, boundary: false, session: false };
const LIMITS_ROLE: Limits = { identity: false, boundary: true, session: true };

/**
 * IAM user guide, "policy evaluation logic", resource-based policies in the same account:
 * a user ARN is not limited by an implicit deny in identity policies or the boundary; a role ARN
 * is limited by the boundary and the session policy; a session ARN by neither; the account
 * principal delegates to IAM. "*" (and service/other principals) are treated like the caller's
 * own identity ARN: as a user ARN for users, as the role ARN for role sessions (our reading;
 * the docs do not spell out "*").
 */
function limitsFor(kind: PrincipalMatchKind, p: PrincipalInfo): Limits {
  switch (kind) {
    case 'account':
      return LIMITS_ACCOUNT;
    case 'user':
    case 'root-user':
      return LIMITS_NONE;
    case 'session':
      return LIMITS_NONE;
    case 'role':
      return LIMITS_ROLE;
    default:
      if (p.type === 'User' || p.type === 'Account') return LIMITS_NONE;
      return LIMITS_ROLE;
  }
}

function grantOperation(action: string): string {
  const i = action.indexOf(':');
  return i >= 0 ? action.slice(i + 1) : action;
}

// ---------------------------------------------------------------------------------------------
// Grants

/** Why a grant applies or not (each has its own explanation). */
const enum GrantWhy {
  OtherKey,
  OtherGrantee,
  OtherOperation,
  ConstraintExempt,
  ContextNotEqual,
  ContextNotSubset,
  ConstraintMet,
  Plain,
}

/** A grant's verdict without its explanation. */
interface GrantCheck {
  grant: GrantInput;
  applies: boolean;
  kind?: PrincipalMatchKind;
  why: GrantWhy;
  /** ContextNotSubset: the constraint keys missing or different. */
  missing?: string[];
}

/** Grants: one grantee, a list of operations, optional encryption-context constraints. Never a deny. */
function checkGrant(g: GrantInput, input: AccessInput): GrantCheck {
  const req = input.request;
  const p = req.principal;
  const keyArn = input.key?.arn ?? req.resource;
  if (g.keyArn !== keyArn) return { grant: g, applies: false, why: GrantWhy.OtherKey };
  let kind: PrincipalMatchKind | undefined;
  if (g.granteePrincipal === p.arn) kind = p.type === 'AssumedRole' || p.type === 'FederatedUser' ? 'session' : p.type === 'User' ? 'user' : p.type === 'Service' ? 'service' : 'role';
  else if (p.type === 'AssumedRole' && p.roleArn && g.granteePrincipal === p.roleArn) kind = 'role';
  else if (p.type === 'Service' && g.granteePrincipal.toLowerCase() === p.arn.toLowerCase()) kind = 'service';
  else if (p.type === 'Account' && (g.granteePrincipal === p.accountId || g.granteePrincipal === `arn:aws:iam::${p.accountId}:root`)) kind = 'root-user';
  if (!kind) return { grant: g, applies: false, why: GrantWhy.OtherGrantee };
  const op = grantOperation(req.action);
  const opLower = op.toLowerCase();
  let listed = false;
  for (const o of g.operations) {
    if (o.toLowerCase() === opLower) {
      listed = true;
      break;
    }
  }
  if (!listed) return { grant: g, applies: false, kind, why: GrantWhy.OtherOperation };
  const c = g.constraints;
  if (c && (c.encryptionContextEquals || c.encryptionContextSubset)) {
    if (GRANT_CONSTRAINT_EXEMPT.has(op)) return { grant: g, applies: true, kind, why: GrantWhy.ConstraintExempt };
    // GrantConstraints API reference: in a constraint, keys are not case-sensitive; values are.
    const ec = input.encryptionContext ?? {};
    const reqLower = new Map<string, string>();
    for (const k of Object.keys(ec)) reqLower.set(k.toLowerCase(), ec[k]);
    if (c.encryptionContextEquals) {
      const want = c.encryptionContextEquals;
      const wantKeys = Object.keys(want);
      const ok = wantKeys.length === reqLower.size && wantKeys.every((k) => reqLower.get(k.toLowerCase()) === want[k]);
      if (!ok) return { grant: g, applies: false, kind, why: GrantWhy.ContextNotEqual };
    }
    if (c.encryptionContextSubset) {
      const want = c.encryptionContextSubset;
      const missing = Object.keys(want).filter((k) => reqLower.get(k.toLowerCase()) !== want[k]);
      if (missing.length) return { grant: g, applies: false, kind, why: GrantWhy.ContextNotSubset, missing };
    }
    return { grant: g, applies: true, kind, why: GrantWhy.ConstraintMet };
  }
  return { grant: g, applies: true, kind, why: GrantWhy.Plain };
}

function grantExplanation(c: GrantCheck, input: AccessInput): string {
  const g = c.grant;
  const p = input.request.principal;
  const name = g.name ? `${g.grantId} ("${g.name}")` : g.grantId;
  const op = grantOperation(input.request.action);
  switch (c.why) {
    case GrantWhy.OtherKey:
      return `Grant ${name} is for another key (${g.keyArn}).`;
    case GrantWhy.OtherGrantee:
      return `Grant ${name} is for ${g.granteePrincipal}, not ${who(p)}.`;
    case GrantWhy.OtherOperation:
      return `Grant ${name} is for ${g.granteePrincipal} but allows only ${g.operations.join(', ')}, not ${op}.`;
    case GrantWhy.ConstraintExempt:
      return `Grant ${name} allows ${op} for ${g.granteePrincipal}; its encryption-context constraint is not applied to ${op}.`;
    case GrantWhy.ContextNotEqual:
      return `Grant ${name} requires the encryption context to be exactly ${JSON.stringify(g.constraints?.encryptionContextEquals)}; the request has ${JSON.stringify(input.encryptionContext ?? {})}.`;
    case GrantWhy.ContextNotSubset:
      return `Grant ${name} requires the encryption context to include ${JSON.stringify(g.constraints?.encryptionContextSubset)}; the request has ${JSON.stringify(input.encryptionContext ?? {})} (missing or different: ${(c.missing ?? []).join(', ')}).`;
    case GrantWhy.ConstraintMet:
      return `Grant ${name} allows ${op} for ${g.granteePrincipal}, and the request's encryption context satisfies its constraint.`;
    case GrantWhy.Plain:
      return `Grant ${name} allows ${op} for ${g.granteePrincipal}.`;
  }
}

// ---------------------------------------------------------------------------------------------

/** The missing keys of every policy, first spelling kept, without case-insensitive repeats. */
function dedupeKeys(decisions: PolicyDecision[]): string[] {
  let total = 0;
  for (const d of decisions) total += d.missingContextKeys.length;
  if (total === 0) return [];
  const out = new Array<string>(total);
  const seen = new Array<string>(total);
  let n = 0;
  for (const d of decisions) {
    for (const k of d.missingContextKeys) {
      const l = lowerCase(k);
      let dup = false;
      for (let i = 0; i < n && !dup; i++) dup = seen[i] === l;
      if (dup) continue;
      seen[n] = l;
      out[n++] = k;
    }
  }
  out.length = n;
  return out;
}

/** Lower-cased condition keys and action names, remembered (they come from a small vocabulary). */
const lowered = new Map<string, string>();
function lowerCase(s: string): string {
  let l = lowered.get(s);
  if (l === undefined) {
    l = s.toLowerCase();
    if (lowered.size >= 4096) lowered.clear();
    lowered.set(s, l);
  }
  return l;
}

function levelName(i: number, n: number): string {
  return i === 0 ? 'the organization root' : i === n - 1 && n > 1 ? `the account level (level ${i + 1})` : `level ${i + 1} (an OU)`;
}

function limitsOk(l: Limits, idAllows: boolean, boundaryOk: boolean, sessionOk: boolean): boolean {
  return (!l.identity || idAllows) && (!l.boundary || boundaryOk) && (!l.session || sessionOk);
}

/** An organization gate (RCPs or SCPs): every level must allow. */
interface Gate {
  name: 'rcp' | 'scp';
  levels: NamedPolicy[][];
  /** Where its policies' decisions start in the request's list (level by level, in order). */
  start: number;
  allowed: boolean[];
  /** Levels (1-based) allowed only by the implicit RCPFullAWSAccess. */
  implicitNotes: number[];
  ok: boolean;
  failedLevel?: number;
}

function decideGate(name: 'rcp' | 'scp', levels: NamedPolicy[][], input: AccessInput, all: PolicyDecision[]): Gate {
  const req = input.request;
  const gate: Gate = { name, levels, start: all.length, allowed: new Array<boolean>(levels.length), implicitNotes: NO_NUMBERS, ok: true };
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    let allowed = false;
    for (const np of level) {
      const d = decidePolicy(np, req);
      all.push(d);
      if (d.allows) allowed = true;
    }
    // RCPFullAWSAccess is attached at every level and cannot be detached. When a level's RCPs
    // have no Allow statements at all (only Denies), that implicit full-access policy allows.
    if (name === 'rcp' && !allowed && !level.some((np) => hasAllowStatement(np.policy))) {
      allowed = true;
      gate.implicitNotes = add(gate.implicitNotes, i + 1);
    }
    gate.allowed[i] = allowed;
    if (!allowed && gate.failedLevel === undefined) gate.failedLevel = i;
  }
  gate.ok = gate.failedLevel === undefined;
  return gate;
}

function gateReason(gate: Gate, action: string): string {
  const name = gate.name;
  const levels = gate.levels;
  const words = name === 'rcp' ? 'resource control policies (RCPs)' : 'service control policies (SCPs)';
  if (gate.ok) {
    return `Every level of the ${words} has an Allow that applies to ${action}${gate.implicitNotes.length ? ` (at level ${gate.implicitNotes.join(', ')} the implicit RCPFullAWSAccess allows everything)` : ''}.`;
  }
  const lvl = gate.failedLevel as number;
  return levels[lvl].length === 0
    ? `No ${name.toUpperCase()} is attached at ${levelName(lvl, levels.length)}, so nothing there allows ${action}. Every level from the root down must allow the action.`
    : `At ${levelName(lvl, levels.length)} no ${name.toUpperCase()} has an Allow that applies to ${action}. Every level from the root down must allow the action (an implicit deny; the IAM guide calls this "denied").`;
}

const WITH_BOUNDARY: EvaluatePolicyOptions = { callerHasPermissionsBoundary: true };
const WITHOUT_BOUNDARY: EvaluatePolicyOptions = { callerHasPermissionsBoundary: false };
const NO_GRANTS: GrantCheck[] = [];
const NO_NUMBERS: number[] = [];
const NO_APPLIED: AppliedStatement[] = [];

/** Everything the decision rests on, kept so `layers` can be explained on demand. */
interface Facts {
  input: AccessInput;
  /** Every policy's decision, in the order the explicit-deny layer lists them. */
  decisions: PolicyDecision[];
  rcpGate: Gate | null;
  scpGate: Gate | null;
  kpD: PolicyDecision | null;
  rpD: PolicyDecision | null;
  idDs: PolicyDecision[];
  bD: PolicyDecision | null;
  sD: PolicyDecision | null;
  grantChecks: GrantCheck[];
  denyWords: string[] | null;
  idAllowStmts: AppliedStatement[];
  resAllows: AppliedStatement[];
  direct: AppliedStatement[];
  viaAccount: AppliedStatement[];
  directOk: AppliedStatement[];
  applicableGrants: GrantCheck[];
  grantOk: GrantCheck[];
  isIamPrincipal: boolean;
  isRoot: boolean;
  crossAccount: boolean;
  crossCapable: boolean;
  hasResource: boolean;
  resourceAccount: string;
  boundaryOk: boolean;
  sessionOk: boolean;
  layers?: LayerResult[];
}

/** The layered decision for one request. A pure function of its input; never throws. */
export function evaluateAccess(input: AccessInput): AccessEvaluation {
  const req = input.request;
  const p = req.principal;
  const action = req.action;
  const actionLower = lowerCase(action);
  const decisions: PolicyDecision[] = [];
  const isIamPrincipal = p.type !== 'Service' && p.type !== 'Anonymous';
  const isRoot = p.type === 'Account';
  const kp = input.keyPolicy;
  const rp = kp ? undefined : input.resourcePolicy;
  const resourceAccount = input.key?.accountId ?? req.resourceAccount;
  const hasResource = req.resource !== '*' || !!kp || !!rp;
  const crossAccount = isIamPrincipal && hasResource && !!resourceAccount && p.accountId !== resourceAccount;
  const hasBoundary = !!input.permissionsBoundary;

  // ---- decide every applicable policy (all of them: the explanation shows every layer)
  const rcpApplies =
    !!input.rcps && hasResource && input.key?.keyManager !== 'AWS' && actionLower !== 'kms:retiregrant';
  const scpApplies = !!input.scps && isIamPrincipal;
  const rcpGate = rcpApplies ? decideGate('rcp', input.rcps as NamedPolicy[][], input, decisions) : null;
  const scpGate = scpApplies ? decideGate('scp', input.scps as NamedPolicy[][], input, decisions) : null;
  const opts = hasBoundary ? WITH_BOUNDARY : WITHOUT_BOUNDARY;
  const kpD = kp ? decidePolicy(kp, req, opts) : null;
  const rpD = rp ? decidePolicy(rp, req, opts) : null;
  if (kpD) decisions.push(kpD);
  if (rpD) decisions.push(rpD);
  const idDs = new Array<PolicyDecision>(input.identityPolicies.length);
  for (let i = 0; i < idDs.length; i++) {
    const d = decidePolicy(input.identityPolicies[i], req);
    idDs[i] = d;
    decisions.push(d);
  }
  const bD = input.permissionsBoundary ? decidePolicy(input.permissionsBoundary, req) : null;
  const sD = input.sessionPolicy ? decidePolicy(input.sessionPolicy, req) : null;
  if (bD) decisions.push(bD);
  if (sD) decisions.push(sD);
  const grantChecks = kp && input.grants && input.grants.length ? input.grants.map((g) => checkGrant(g, input)) : NO_GRANTS;

  // ---- 1. explicit-deny sweep
  let denies: DecidingStatement[] = [];
  let denyWords: string[] | null = null;
  for (const pd of decisions) {
    if (!pd.denies) continue;
    for (const s of pd.applied) {
      if (s.effect !== 'Deny') continue;
      denies = add(denies, deciding(s));
      (denyWords ??= []).push(`${pd.named.label} (statement ${stmtName(s)}${s.conservative ? ', which could not be fully evaluated and is treated as applying' : ''})`);
    }
  }

  // ---- 2./3. organization gates
  const gatesOk = (rcpGate ? rcpGate.ok : true) && (scpGate ? scpGate.ok : true);

  // ---- identity side (identity ∩ boundary ∩ session)
  let idAllowStmts = NO_APPLIED;
  for (const pd of idDs) if (pd.allows) for (const s of pd.applied) if (s.effect === 'Allow') idAllowStmts = add(idAllowStmts, s);
  const idAllows = isRoot || idAllowStmts.length > 0;
  const boundaryOk = !bD || bD.allows;
  const sessionOk = !sD || sD.allows;
  const identityPathOk = isIamPrincipal && idAllows && boundaryOk && sessionOk;

  let allowedVia: AllowPath[] = [];
  let allowBy: DecidingStatement[] = [];
  let denyReason = '';

  // ---- resource side: key policy or resource policy
  const resD = kpD ?? rpD;
  let resAllows = NO_APPLIED;
  let direct = NO_APPLIED;
  let viaAccount = NO_APPLIED;
  let directOk = NO_APPLIED;
  if (resD && resD.allows) {
    for (const s of resD.applied) {
      if (s.effect !== 'Allow') continue;
      resAllows = add(resAllows, s);
      if (s.matchedBy === 'account') viaAccount = add(viaAccount, s);
      else {
        direct = add(direct, s);
        if (limitsOk(limitsFor(s.matchedBy ?? 'wildcard', p), true, boundaryOk, sessionOk)) directOk = add(directOk, s);
      }
    }
  }
  let applicableGrants = NO_GRANTS;
  let grantOk = NO_GRANTS;
  for (const g of grantChecks) {
    if (!g.applies) continue;
    applicableGrants = add(applicableGrants, g);
    if (limitsOk(limitsFor(g.kind ?? 'role', p), true, boundaryOk, sessionOk)) grantOk = add(grantOk, g);
  }

  const crossCapable = CROSS_ACCOUNT_ACTIONS.has(actionLower);

  let allowed = false;
  if (kpD) {
    const kpWords = 'the key policy';
    if (crossAccount && !crossCapable) {
      denyReason = `${action} cannot be used on a KMS key in another account (only the cryptographic operations, CreateGrant, DescribeKey, GetKeyRotationStatus, GetPublicKey, ListGrants, RetireGrant and RevokeGrant can); ${who(p)} is in account ${p.accountId}, the key in ${resourceAccount}.`;
    } else if (crossAccount) {
      const keySide = resAllows.length > 0;
      const callerSide = (isRoot || idAllowStmts.length > 0) && boundaryOk && sessionOk;
      if (keySide && callerSide) {
        allowed = true;
        allowedVia = add<AllowPath>(allowedVia, 'iam-delegation');
        for (const s of resAllows) allowBy = add(allowBy, deciding(s));
        for (const s of idAllowStmts) allowBy = add(allowBy, deciding(s));
      }
      if (grantOk.length) {
        allowed = true;
        allowedVia = add<AllowPath>(allowedVia, 'grant');
      }
      if (!allowed) {
        denyReason = !keySide
          ? `${kpWords} does not allow ${action} for account ${p.accountId} or ${who(p)}; for cross-account access the key policy must name the external account or principal.`
          : !callerSide
            ? isRoot || idAllowStmts.length
              ? `${kpWords} allows it, but the caller's own account limits it: ${!boundaryOk ? 'the permissions boundary does not allow it' : 'the session policy does not allow it'}.`
              : `${kpWords} allows account ${p.accountId}, but no IAM policy in that account allows ${who(p)} to call ${action}. Cross-account access needs both.`
            : '';
      }
    } else {
      if (directOk.length) {
        allowed = true;
        allowedVia = add<AllowPath>(allowedVia, 'key-policy');
        for (const s of directOk) allowBy = add(allowBy, deciding(s));
      }
      if (viaAccount.length && identityPathOk) {
        allowed = true;
        allowedVia = add<AllowPath>(allowedVia, 'iam-delegation');
        for (const s of viaAccount) allowBy = add(allowBy, deciding(s));
        for (const s of idAllowStmts) allowBy = add(allowBy, deciding(s));
      }
      if (grantOk.length) {
        allowed = true;
        allowedVia = add<AllowPath>(allowedVia, 'grant');
      }
      if (!allowed) {
        if (direct.length && !directOk.length) {
          denyReason = `${kpWords} allows ${who(p)} through its role, but ${!boundaryOk ? 'the permissions boundary' : 'the session policy'} does not allow ${action}, and a role named in a resource policy is limited by both.`;
        } else if (viaAccount.length) {
          denyReason = !idAllowStmts.length
            ? `${kpWords} lets account ${resourceAccount} delegate to IAM, but no IAM policy allows ${who(p)} to call ${action}.`
            : `an IAM policy allows it, but ${!boundaryOk ? 'the permissions boundary' : 'the session policy'} does not.`;
        } else if (idAllowStmts.length) {
          denyReason = `an IAM policy allows ${action}, but the key policy has no applicable statement for the account principal (arn:aws:iam::${resourceAccount}:root), so IAM policies cannot grant access to this key. The key policy does not let the account delegate to IAM for this request.`;
        } else {
          denyReason = `the key policy has no statement that allows ${who(p)} to call ${action}, and no IAM policy or grant allows it either.`;
        }
      }
    }
  } else if (rpD) {
    if (crossAccount) {
      const callerSide = (isRoot || idAllowStmts.length > 0) && boundaryOk && sessionOk;
      if (resAllows.length && callerSide) {
        allowed = true;
        allowedVia = add<AllowPath>(allowedVia, 'resource-policy');
        for (const s of resAllows) allowBy = add(allowBy, deciding(s));
        for (const s of idAllowStmts) allowBy = add(allowBy, deciding(s));
      } else {
        denyReason = !resAllows.length
          ? `the resource policy does not allow ${who(p)} (account ${p.accountId}) to call ${action}; cross-account access needs the resource policy to allow it.`
          : `the resource policy allows it, but ${idAllowStmts.length || isRoot ? (!boundaryOk ? 'the permissions boundary' : 'the session policy') + ' in the caller\'s account does not' : `no identity policy in account ${p.accountId} allows it`}. Cross-account access needs both sides.`;
      }
    } else {
      if (directOk.length) {
        allowed = true;
        allowedVia = add<AllowPath>(allowedVia, 'resource-policy');
        for (const s of directOk) allowBy = add(allowBy, deciding(s));
      }
      if (identityPathOk || (isRoot && isIamPrincipal)) {
        allowed = true;
        allowedVia = add<AllowPath>(allowedVia, isRoot ? 'root-user' : 'identity');
        for (const s of viaAccount) allowBy = add(allowBy, deciding(s));
        for (const s of idAllowStmts) allowBy = add(allowBy, deciding(s));
      }
      if (!allowed) {
        denyReason = direct.length
          ? `the resource policy names ${who(p)}'s role, but ${!boundaryOk ? 'the permissions boundary' : 'the session policy'} does not allow ${action}.`
          : idAllowStmts.length
            ? `an identity policy allows ${action}, but ${!boundaryOk ? 'the permissions boundary' : 'the session policy'} does not.`
            : `neither the resource policy nor any identity policy allows ${who(p)} to call ${action}.`;
      }
    }
  } else {
    // No key policy and no resource policy: IAM-only actions (kms:CreateKey, ListKeys, ListAliases,
    // GenerateRandom, the alias half of alias operations) and resources without a policy.
    if (crossAccount) {
      denyReason = `the resource is in account ${resourceAccount} and has no resource policy, so it does not trust ${who(p)} in account ${p.accountId}.`;
    } else if (isRoot) {
      allowed = true;
      allowedVia = add<AllowPath>(allowedVia, 'root-user');
    } else if (identityPathOk) {
      allowed = true;
      allowedVia = add<AllowPath>(allowedVia, 'identity');
      for (const s of idAllowStmts) allowBy = add(allowBy, deciding(s));
    } else {
      denyReason = !isIamPrincipal
        ? `${who(p)} has no identity policies and there is no resource policy to allow it.`
        : idAllowStmts.length
          ? `an identity policy allows ${action}, but ${!boundaryOk ? 'the permissions boundary' : 'the session policy'} does not.`
          : `no identity policy allows ${who(p)} to call ${action}${kp === undefined && actionLower.startsWith('kms:') && req.resource === '*' ? ' (this action has no key resource, so only IAM policies can allow it)' : ''}.`;
    }
  }
  for (const g of grantOk) {
    allowBy = add<DecidingStatement>(allowBy, {
      policyId: `grant:${g.grant.grantId}`,
      label: `grant ${g.grant.name ? `"${g.grant.name}" (${g.grant.grantId})` : g.grant.grantId}`,
      kind: 'key',
      statementIndex: 0,
      effect: 'Allow',
      range: syntheticRange(),
    });
  }

  // ---- the decision
  const errors: AccessEvaluation['errors'] = [];
  for (const pd of decisions) if (pd.errors) for (const e of pd.errors) errors.push({ policyId: pd.named.id, statementIndex: e.statementIndex, message: e.message });
  const missingContextKeys = dedupeKeys(decisions);

  const facts: Facts = {
    input,
    decisions,
    rcpGate,
    scpGate,
    kpD,
    rpD,
    idDs,
    bD,
    sD,
    grantChecks,
    denyWords,
    idAllowStmts,
    resAllows,
    direct,
    viaAccount,
    directOk,
    applicableGrants,
    grantOk,
    isIamPrincipal,
    isRoot,
    crossAccount,
    crossCapable,
    hasResource,
    resourceAccount,
    boundaryOk,
    sessionOk,
  };

  if (denies.length) {
    return result(
      'ExplicitDeny',
      `Denied — explicit deny in ${(denyWords as string[]).join('; ')}.`,
      facts,
      denies,
      missingContextKeys,
      errors,
      undefined,
    );
  }
  if (!gatesOk) {
    const g = rcpGate && !rcpGate.ok ? rcpGate : (scpGate as Gate);
    return result('ImplicitDeny', `Denied — nothing allowed it: ${gateReason(g, action)}`, facts, [], missingContextKeys, errors, undefined);
  }
  if (allowed) {
    let parts = '';
    if (allowedVia.includes('key-policy')) parts = andThen(parts, `the key policy allows ${who(p)} to call ${action} directly`);
    if (allowedVia.includes('iam-delegation'))
      parts = andThen(parts, 
        crossAccount
          ? `the key policy allows account ${p.accountId} and an IAM policy there allows ${who(p)}`
          : `the key policy lets the account delegate to IAM and an IAM policy allows ${action}`,
      );
    if (allowedVia.includes('grant')) parts = andThen(parts, `${grantOk.map((g) => `grant ${g.grant.grantId}`).join(', ')} allows ${grantOperation(action)}`);
    if (allowedVia.includes('resource-policy')) parts = andThen(parts, crossAccount ? `the resource policy and an IAM policy in account ${p.accountId} both allow it` : `the resource policy allows ${who(p)}`);
    if (allowedVia.includes('identity')) parts = andThen(parts, `an identity policy allows ${action}`);
    if (allowedVia.includes('root-user')) parts = andThen(parts, `the account root user has full access in its own account`);
    return result('Allow', `Allowed — ${parts}.`, facts, allowBy, missingContextKeys, errors, allowedVia);
  }
  return result('ImplicitDeny', `Denied — nothing allowed it: ${denyReason}`, facts, [], missingContextKeys, errors, undefined);
}

// ---------------------------------------------------------------------------------------------
// The result, with `layers` explained on first read

const FACTS = Symbol('kms-lab.policy.access-facts');
type WithFacts = AccessEvaluation & { [FACTS]?: Facts };

function materialise(target: WithFacts, layers: LayerResult[]): void {
  // From now on a plain data property, exactly as if it had been built eagerly. (Fails quietly
  // on a frozen evaluation; the getter then keeps answering from the facts.)
  if (Reflect.defineProperty(target, 'layers', { value: layers, writable: true, enumerable: true, configurable: true })) {
    Reflect.defineProperty(target, FACTS, { value: undefined });
  }
}
const LAYERS_PROPERTY: PropertyDescriptor = {
  get(this: WithFacts): LayerResult[] {
    const facts = this[FACTS] as Facts;
    const layers = (facts.layers ??= explainLayers(facts));
    materialise(this, layers);
    return layers;
  },
  set(this: WithFacts, layers: LayerResult[]) {
    materialise(this, layers);
  },
  enumerable: true,
  configurable: true,
};
const FACTS_PROPERTY: PropertyDescriptor = { value: undefined, writable: true, enumerable: false, configurable: true };

function result(
  decision: AccessEvaluation['decision'],
  summary: string,
  facts: Facts,
  decidedBy: DecidingStatement[],
  missingContextKeys: string[],
  errors: AccessEvaluation['errors'],
  allowedVia: AllowPath[] | undefined,
): AccessEvaluation {
  // Property order as it has always been: decision, summary, layers, decidedBy, missingContextKeys,
  // errors, request, allowedVia.
  const ev = { decision, summary } as WithFacts;
  Object.defineProperty(ev, 'layers', LAYERS_PROPERTY);
  ev.decidedBy = decidedBy;
  ev.missingContextKeys = missingContextKeys;
  ev.errors = errors;
  ev.request = facts.input.request;
  if (allowedVia) ev.allowedVia = allowedVia;
  Object.defineProperty(ev, FACTS, FACTS_PROPERTY);
  ev[FACTS] = facts;
  return ev;
}

/** Every layer, with every policy explained statement by statement (evaluatePolicy). */
function explainLayers(f: Facts): LayerResult[] {
  const input = f.input;
  const req = input.request;
  const p = req.principal;
  const action = req.action;
  const actionLower = action.toLowerCase();
  const layers: LayerResult[] = [];

  const evals = f.decisions.map((d) => evaluatePolicy(d.named, req, d.opts));
  const pe = (d: PolicyDecision) => evals[f.decisions.indexOf(d)];
  const kpEval = f.kpD ? pe(f.kpD) : null;
  const rpEval = f.rpD ? pe(f.rpD) : null;
  const bEval = f.bD ? pe(f.bD) : null;
  const sEval = f.sD ? pe(f.sD) : null;
  const { crossAccount, crossCapable, direct, viaAccount, directOk, resAllows, idAllowStmts, isRoot, isIamPrincipal, boundaryOk, resourceAccount } = f;

  // ---- 1. explicit deny
  layers.push({
    layer: 'explicit-deny',
    outcome: f.denyWords ? 'denied' : 'allowed',
    reason: f.denyWords
      ? `An explicit Deny applies: ${f.denyWords.join('; ')}. An explicit Deny always wins, whatever allows it elsewhere.`
      : `No statement in any applicable policy explicitly denies ${action} to ${who(p)}.`,
    policies: evals.slice(),
  });

  // ---- 2./3. organization gates
  const gateLayer = (g: Gate): LayerResult => ({
    layer: g.name,
    outcome: g.ok ? 'allowed' : 'denied',
    reason: gateReason(g, action),
    policies: evals.slice(g.start, g.start + g.levels.reduce((n, level) => n + level.length, 0)),
    levels: g.levels.map((level, i) => ({ level: i, allowed: g.allowed[i], policyIds: level.map((np) => np.id) })),
  });
  if (f.rcpGate) layers.push(gateLayer(f.rcpGate));
  else if (input.rcps) {
    layers.push({
      layer: 'rcp',
      outcome: 'not-applicable',
      reason:
        input.key?.keyManager === 'AWS'
          ? 'RCPs do not apply to AWS managed keys.'
          : actionLower === 'kms:retiregrant'
            ? 'kms:RetireGrant cannot be restricted by RCPs.'
            : 'RCPs apply to resources; this request has none.',
      policies: [],
    });
  }
  if (f.scpGate) layers.push(gateLayer(f.scpGate));
  else if (input.scps) {
    layers.push({ layer: 'scp', outcome: 'not-applicable', reason: 'SCPs apply only to IAM principals (users, roles, the root user) in member accounts.', policies: [] });
  }

  // ---- 4. key policy / resource policy
  if (kpEval) {
    let reason: string;
    let outcome: LayerResult['outcome'];
    if (crossAccount && !crossCapable) {
      outcome = 'denied';
      reason = `${action} is not one of the operations allowed on a key in another account.`;
    } else if (direct.length) {
      outcome = 'allowed';
      reason = `The key policy allows ${who(p)} directly (statement ${stmtNames(direct)}: ${kpEval.statements[direct[0].position].principal.explanation})${crossAccount ? ' — but the caller is in another account, so an IAM policy there must also allow it.' : '; no IAM policy is needed.'}`;
    } else if (viaAccount.length) {
      outcome = 'allowed';
      reason = `The key policy allows the account principal (statement ${stmtNames(viaAccount)}). That grants nothing by itself: it lets IAM policies in account ${crossAccount ? p.accountId : resourceAccount} allow ${action}.`;
    } else {
      outcome = 'denied';
      reason = `The key policy has no statement that allows ${who(p)} to call ${action}, and no statement for the account principal, so IAM policies cannot allow it either. Unlike most resources, a KMS key does not trust its own account by default.`;
    }
    layers.push({ layer: 'key-policy', outcome, reason, policies: [kpEval] });
  } else if (rpEval) {
    layers.push({
      layer: 'resource-policy',
      outcome: resAllows.length ? 'allowed' : 'denied',
      reason: resAllows.length
        ? `The resource policy allows it (statement ${stmtNames(resAllows)}: ${rpEval.statements[resAllows[0].position].principal.explanation})`
        : `The resource policy has no statement that allows ${who(p)} to call ${action}.`,
      policies: [rpEval],
    });
  } else if (f.hasResource && req.resource !== '*') {
    // A resource without a resource-based policy: nothing on the resource side trusts anyone.
    // Same account, identity policies alone can allow; across accounts nothing can.
    layers.push({
      layer: 'resource-policy',
      outcome: crossAccount ? 'denied' : 'not-applicable',
      reason: crossAccount
        ? `${req.resource} has no resource-based policy, so nothing in account ${resourceAccount} allows a caller from account ${p.accountId}.`
        : `${req.resource} has no resource-based policy; in the same account, identity policies decide.`,
      policies: [],
    });
  }

  // ---- 5. identity policies
  {
    let reason: string;
    let outcome: LayerResult['outcome'];
    if (isRoot) {
      outcome = 'not-applicable';
      reason = 'The account root user is not governed by identity policies.';
    } else if (!isIamPrincipal) {
      outcome = 'not-applicable';
      reason = `${who(p)} has no identity policies.`;
    } else if (idAllowStmts.length) {
      const names = labelledNames(idAllowStmts);
      if (kpEval && !crossAccount && !viaAccount.length) {
        outcome = direct.length ? 'not-applicable' : 'denied';
        reason = direct.length
          ? `${names} allows ${action}, but it is not needed: the key policy names the caller directly.`
          : `${names} allows ${action}, but it has no effect: the key policy does not let account ${resourceAccount} delegate to IAM for this request.`;
      } else {
        outcome = 'allowed';
        reason = `${names} allows ${action}.`;
      }
    } else {
      const needed = kpEval ? viaAccount.length > 0 || crossAccount : rpEval ? crossAccount || !directOk.length : true;
      outcome = needed ? 'denied' : 'not-applicable';
      reason = input.identityPolicies.length
        ? `No identity policy of ${who(p)} allows ${action}.${needed ? '' : ' None is needed here.'}`
        : `${who(p)} has no identity policies.${needed ? '' : ' None are needed here.'}`;
    }
    layers.push({ layer: 'identity', outcome, reason, policies: f.idDs.map(pe) });
  }

  // ---- 6. grants
  if (kpEval && input.grants) {
    const explanations = new Map<GrantCheck, string>();
    for (const g of f.grantChecks) explanations.set(g, grantExplanation(g, input));
    layers.push({
      layer: 'grants',
      outcome: f.grantOk.length ? 'allowed' : f.applicableGrants.length ? 'denied' : 'not-applicable',
      reason: f.grantOk.length
        ? `${f.grantOk.map((g) => explanations.get(g)).join(' ')}`
        : f.applicableGrants.length
          ? `A grant matches, but ${!boundaryOk ? 'the permissions boundary' : 'the session policy'} limits it: the grantee is a role, and a role's permissions are limited by both.`
          : input.grants.length
            ? `No grant on this key allows ${grantOperation(action)} for ${who(p)}.`
            : 'There are no grants on this key.',
      policies: [],
      grants: f.grantChecks.map((g) => ({ grant: g.grant, applies: g.applies, explanation: explanations.get(g) as string })),
    });
  }

  // ---- 7./8. permissions boundary, session policy
  if (bEval) {
    layers.push({
      layer: 'boundary',
      outcome: bEval.allows ? 'allowed' : 'denied',
      reason: bEval.allows
        ? `The permissions boundary allows ${action}.`
        : `The permissions boundary does not allow ${action}. A boundary caps identity-based permissions (and a role named in a resource policy), though not a resource policy that names the user or session ARN.`,
      policies: [bEval],
    });
  }
  if (sEval) {
    layers.push({
      layer: 'session',
      outcome: sEval.allows ? 'allowed' : 'denied',
      reason: sEval.allows
        ? `The session policy allows ${action}.`
        : `The session policy does not allow ${action}. It caps the role's permissions for this session (but not a resource policy that names the session ARN).`,
      policies: [sEval],
    });
  }
  return layers;
}
