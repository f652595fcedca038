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

import { CROSS_ACCOUNT_ACTIONS, GRANT_CONSTRAINT_EXEMPT } from './catalog';
import { evaluatePolicy } from './evaluate';
import { syntheticRange } from './parse';
import type {
  AccessEvaluation,
  AccessInput,
  AllowPath,
  DecidingStatement,
  GrantEvaluation,
  GrantInput,
  LayerResult,
  NamedPolicy,
  PolicyEvaluation,
  PrincipalInfo,
  PrincipalMatchKind,
  StatementResult,
} from './types';

function deciding(pe: PolicyEvaluation, sr: StatementResult): DecidingStatement {
  const d: DecidingStatement = {
    policyId: pe.policyId,
    label: pe.label,
    kind: pe.kind,
    statementIndex: sr.statement.index,
    effect: sr.statement.effect,
    range: sr.statement.range,
  };
  if (sr.statement.sid !== undefined) d.sid = sr.statement.sid;
  return d;
}

function stmtName(sr: StatementResult): string {
  return sr.statement.sid ? `"${sr.statement.sid}"` : `#${sr.statement.index + 1}`;
}

// Plain loops rather than .map().join(): this runs on every decision, and the loop form proved
// several times faster in V8 here.
function stmtNames(list: StatementResult[]): string {
  let out = '';
  for (let i = 0; i < list.length; i++) out += (i ? ', ' : '') + stmtName(list[i]);
  return out;
}
function labelledNames(list: { pe: PolicyEvaluation; s: StatementResult }[]): string {
  let out = '';
  for (let i = 0; i < list.length; i++) out += `${i ? '; ' : ''}${list[i].pe.label} (statement ${stmtName(list[i].s)})`;
  return out;
}

function applicable(pe: PolicyEvaluation, effect: 'Allow' | 'Deny'): StatementResult[] {
  const out: StatementResult[] = [];
  for (const s of pe.statements) if (s.applies && s.statement.effect === effect) out.push(s);
  return out;
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
      return { identity: true, boundary: true, session: true };
    case 'user':
    case 'root-user':
      return { identity: false, boundary: false, session: false };
    case 'session':
      return { identity: false, boundary: false, session: false };
    case 'role':
      return { identity: false, boundary: true, session: true };
    default:
      if (p.type === 'User' || p.type === 'Account') return { identity: false, boundary: false, session: false };
      return { identity: false, boundary: true, session: true };
  }
}

function grantOperation(action: string): string {
  const i = action.indexOf(':');
  return i >= 0 ? action.slice(i + 1) : action;
}

/** Grants: one grantee, a list of operations, optional encryption-context constraints. Never a deny. */
export function evaluateGrant(g: GrantInput, input: AccessInput): GrantEvaluation & { kind?: PrincipalMatchKind } {
  const req = input.request;
  const p = req.principal;
  const keyArn = input.key?.arn ?? req.resource;
  const name = g.name ? `${g.grantId} ("${g.name}")` : g.grantId;
  if (g.keyArn !== keyArn) return { grant: g, applies: false, explanation: `Grant ${name} is for another key (${g.keyArn}).` };
  let kind: PrincipalMatchKind | undefined;
  if (g.granteePrincipal === p.arn) kind = p.type === 'AssumedRole' || p.type === 'FederatedUser' ? 'session' : p.type === 'User' ? 'user' : p.type === 'Service' ? 'service' : 'role';
  else if (p.type === 'AssumedRole' && p.roleArn && g.granteePrincipal === p.roleArn) kind = 'role';
  else if (p.type === 'Service' && g.granteePrincipal.toLowerCase() === p.arn.toLowerCase()) kind = 'service';
  else if (p.type === 'Account' && (g.granteePrincipal === p.accountId || g.granteePrincipal === `arn:aws:iam::${p.accountId}:root`)) kind = 'root-user';
  if (!kind) return { grant: g, applies: false, explanation: `Grant ${name} is for ${g.granteePrincipal}, not ${who(p)}.` };
  const op = grantOperation(req.action);
  const opLower = op.toLowerCase();
  if (!g.operations.some((o) => o.toLowerCase() === opLower)) {
    return { grant: g, applies: false, explanation: `Grant ${name} is for ${g.granteePrincipal} but allows only ${g.operations.join(', ')}, not ${op}.`, kind };
  }
  const c = g.constraints;
  if (c && (c.encryptionContextEquals || c.encryptionContextSubset)) {
    if (GRANT_CONSTRAINT_EXEMPT.has(op)) {
      return {
        grant: g,
        applies: true,
        explanation: `Grant ${name} allows ${op} for ${g.granteePrincipal}; its encryption-context constraint is not applied to ${op}.`,
        kind,
      };
    }
    // GrantConstraints API reference: in a constraint, keys are not case-sensitive; values are.
    const ec = input.encryptionContext ?? {};
    const reqLower = new Map<string, string>();
    for (const k of Object.keys(ec)) reqLower.set(k.toLowerCase(), ec[k]);
    if (c.encryptionContextEquals) {
      const want = c.encryptionContextEquals;
      const wantKeys = Object.keys(want);
      const ok = wantKeys.length === reqLower.size && wantKeys.every((k) => reqLower.get(k.toLowerCase()) === want[k]);
      if (!ok) {
        return {
          grant: g,
          applies: false,
          explanation: `Grant ${name} requires the encryption context to be exactly ${JSON.stringify(want)}; the request has ${JSON.stringify(ec)}.`,
          kind,
        };
      }
    }
    if (c.encryptionContextSubset) {
      const want = c.encryptionContextSubset;
      const missing = Object.keys(want).filter((k) => reqLower.get(k.toLowerCase()) !== want[k]);
      if (missing.length) {
        return {
          grant: g,
          applies: false,
          explanation: `Grant ${name} requires the encryption context to include ${JSON.stringify(want)}; the request has ${JSON.stringify(ec)} (missing or different: ${missing.join(', ')}).`,
          kind,
        };
      }
    }
    return { grant: g, applies: true, explanation: `Grant ${name} allows ${op} for ${g.granteePrincipal}, and the request's encryption context satisfies its constraint.`, kind };
  }
  return { grant: g, applies: true, explanation: `Grant ${name} allows ${op} for ${g.granteePrincipal}.`, kind };
}

function dedupeKeys(evals: PolicyEvaluation[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of evals) {
    for (const k of e.missingContextKeys) {
      const l = k.toLowerCase();
      if (!seen.has(l)) {
        seen.add(l);
        out.push(k);
      }
    }
  }
  return out;
}

function levelName(i: number, n: number): string {
  return i === 0 ? 'the organization root' : i === n - 1 && n > 1 ? `the account level (level ${i + 1})` : `level ${i + 1} (an OU)`;
}

function limitsOk(l: Limits, idAllows: boolean, boundaryOk: boolean, sessionOk: boolean): boolean {
  return (!l.identity || idAllows) && (!l.boundary || boundaryOk) && (!l.session || sessionOk);
}

interface Gate {
  layer: LayerResult;
  ok: boolean;
  failedLevel?: number;
}

function evaluateGate(
  name: 'rcp' | 'scp',
  levels: NamedPolicy[][],
  input: AccessInput,
  evals: PolicyEvaluation[],
): Gate {
  const req = input.request;
  const layerPolicies: PolicyEvaluation[] = [];
  const levelResults: { level: number; allowed: boolean; policyIds: string[] }[] = [];
  let failedLevel: number | undefined;
  const words = name === 'rcp' ? 'resource control policies (RCPs)' : 'service control policies (SCPs)';
  const implicitNotes: number[] = [];
  levels.forEach((level, i) => {
    const pes = level.map((np) => evaluatePolicy(np, req));
    for (const pe of pes) {
      layerPolicies.push(pe);
      evals.push(pe);
    }
    let allowed = pes.some((pe) => pe.allows);
    // RCPFullAWSAccess is attached at every level and cannot be detached. When a level's RCPs
    // have no Allow statements at all (only Denies), that implicit full-access policy allows.
    if (name === 'rcp' && !allowed && !pes.some((pe) => pe.statements.some((s) => s.statement.effect === 'Allow'))) {
      allowed = true;
      implicitNotes.push(i + 1);
    }
    levelResults.push({ level: i, allowed, policyIds: pes.map((pe) => pe.policyId) });
    if (!allowed && failedLevel === undefined) failedLevel = i;
  });
  const ok = failedLevel === undefined;
  let reason: string;
  if (ok) {
    reason = `Every level of the ${words} has an Allow that applies to ${req.action}${implicitNotes.length ? ` (at level ${implicitNotes.join(', ')} the implicit RCPFullAWSAccess allows everything)` : ''}.`;
  } else {
    const lvl = failedLevel as number;
    reason =
      levels[lvl].length === 0
        ? `No ${name.toUpperCase()} is attached at ${levelName(lvl, levels.length)}, so nothing there allows ${req.action}. Every level from the root down must allow the action.`
        : `At ${levelName(lvl, levels.length)} no ${name.toUpperCase()} has an Allow that applies to ${req.action}. Every level from the root down must allow the action (an implicit deny; the IAM guide calls this "denied").`;
  }
  return {
    layer: { layer: name, outcome: ok ? 'allowed' : 'denied', reason, policies: layerPolicies, levels: levelResults },
    ok,
    failedLevel,
  };
}

/** The layered decision for one request. A pure function of its input; never throws. */
export function evaluateAccess(input: AccessInput): AccessEvaluation {
  const req = input.request;
  const p = req.principal;
  const action = req.action;
  const actionLower = action.toLowerCase();
  const evals: PolicyEvaluation[] = [];
  const layers: LayerResult[] = [];
  const isIamPrincipal = p.type !== 'Service' && p.type !== 'Anonymous';
  const isRoot = p.type === 'Account';
  const kp = input.keyPolicy;
  const rp = kp ? undefined : input.resourcePolicy;
  const resourceAccount = input.key?.accountId ?? req.resourceAccount;
  const hasResource = req.resource !== '*' || !!kp || !!rp;
  const crossAccount = isIamPrincipal && hasResource && !!resourceAccount && p.accountId !== resourceAccount;
  const hasBoundary = !!input.permissionsBoundary;

  // ---- evaluate every applicable policy (all of them: the explanation shows every layer)
  const rcpApplies =
    !!input.rcps && hasResource && input.key?.keyManager !== 'AWS' && actionLower !== 'kms:retiregrant';
  const scpApplies = !!input.scps && isIamPrincipal;
  const rcpGate = rcpApplies ? evaluateGate('rcp', input.rcps as NamedPolicy[][], input, evals) : null;
  const scpGate = scpApplies ? evaluateGate('scp', input.scps as NamedPolicy[][], input, evals) : null;
  const opts = { callerHasPermissionsBoundary: hasBoundary };
  const kpEval = kp ? evaluatePolicy(kp, req, opts) : null;
  const rpEval = rp ? evaluatePolicy(rp, req, opts) : null;
  if (kpEval) evals.push(kpEval);
  if (rpEval) evals.push(rpEval);
  const idEvals = input.identityPolicies.map((np) => evaluatePolicy(np, req));
  evals.push(...idEvals);
  const bEval = input.permissionsBoundary ? evaluatePolicy(input.permissionsBoundary, req) : null;
  const sEval = input.sessionPolicy ? evaluatePolicy(input.sessionPolicy, req) : null;
  if (bEval) evals.push(bEval);
  if (sEval) evals.push(sEval);
  const grantEvals = kp && input.grants ? input.grants.map((g) => evaluateGrant(g, input)) : [];

  // ---- 1. explicit-deny sweep
  const denies: DecidingStatement[] = [];
  const denyWords: string[] = [];
  for (const pe of evals) {
    for (const s of applicable(pe, 'Deny')) {
      denies.push(deciding(pe, s));
      denyWords.push(`${pe.label} (statement ${stmtName(s)}${s.conservative ? ', which could not be fully evaluated and is treated as applying' : ''})`);
    }
  }
  layers.push({
    layer: 'explicit-deny',
    outcome: denies.length ? 'denied' : 'allowed',
    reason: denies.length
      ? `An explicit Deny applies: ${denyWords.join('; ')}. An explicit Deny always wins, whatever allows it elsewhere.`
      : `No statement in any applicable policy explicitly denies ${action} to ${who(p)}.`,
    policies: evals.slice(),
  });

  // ---- 2./3. organization gates
  if (rcpGate) layers.push(rcpGate.layer);
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
  if (scpGate) layers.push(scpGate.layer);
  else if (input.scps) {
    layers.push({ layer: 'scp', outcome: 'not-applicable', reason: 'SCPs apply only to IAM principals (users, roles, the root user) in member accounts.', policies: [] });
  }
  const gatesOk = (rcpGate ? rcpGate.ok : true) && (scpGate ? scpGate.ok : true);

  // ---- identity side (identity ∩ boundary ∩ session)
  const idAllowStmts: { pe: PolicyEvaluation; s: StatementResult }[] = [];
  for (const pe of idEvals) for (const s of applicable(pe, 'Allow')) idAllowStmts.push({ pe, s });
  const idAllows = isRoot || idAllowStmts.length > 0;
  const boundaryOk = !bEval || bEval.allows;
  const sessionOk = !sEval || sEval.allows;
  const identityPathOk = isIamPrincipal && idAllows && boundaryOk && sessionOk;

  const allowedVia: AllowPath[] = [];
  const allowBy: DecidingStatement[] = [];
  let denyReason = '';

  // ---- resource side: key policy or resource policy
  const resEval = kpEval ?? rpEval;
  const resAllows = resEval ? applicable(resEval, 'Allow') : [];
  const direct = resAllows.filter((s) => s.principal.matchedBy !== 'account');
  const viaAccount = resAllows.filter((s) => s.principal.matchedBy === 'account');
  const directOk = direct.filter((s) => limitsOk(limitsFor(s.principal.matchedBy ?? 'wildcard', p), true, boundaryOk, sessionOk));
  const applicableGrants = grantEvals.filter((g) => g.applies);
  const grantOk = applicableGrants.filter((g) => limitsOk(limitsFor(g.kind ?? 'role', p), true, boundaryOk, sessionOk));

  const crossCapable = CROSS_ACCOUNT_ACTIONS.has(actionLower);

  let allowed = false;
  if (kpEval) {
    const kpWords = 'the key policy';
    if (crossAccount && !crossCapable) {
      denyReason = `${action} cannot be used on a KMS key in another account (only the cryptographic operations, CreateGrant, DescribeKey, GetKeyRotationStatus, GetPublicKey, ListGrants, RetireGrant and RevokeGrant can); ${who(p)} is in account ${p.accountId}, the key in ${resourceAccount}.`;
    } else if (crossAccount) {
      const keySide = resAllows.length > 0;
      const callerSide = (isRoot || idAllowStmts.length > 0) && boundaryOk && sessionOk;
      if (keySide && callerSide) {
        allowed = true;
        allowedVia.push('iam-delegation');
        for (const s of resAllows) allowBy.push(deciding(kpEval, s));
        for (const { pe, s } of idAllowStmts) allowBy.push(deciding(pe, s));
      }
      if (grantOk.length) {
        allowed = true;
        allowedVia.push('grant');
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
        allowedVia.push('key-policy');
        for (const s of directOk) allowBy.push(deciding(kpEval, s));
      }
      if (viaAccount.length && identityPathOk) {
        allowed = true;
        allowedVia.push('iam-delegation');
        for (const s of viaAccount) allowBy.push(deciding(kpEval, s));
        for (const { pe, s } of idAllowStmts) allowBy.push(deciding(pe, s));
      }
      if (grantOk.length) {
        allowed = true;
        allowedVia.push('grant');
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
  } else if (rpEval) {
    if (crossAccount) {
      const callerSide = (isRoot || idAllowStmts.length > 0) && boundaryOk && sessionOk;
      if (resAllows.length && callerSide) {
        allowed = true;
        allowedVia.push('resource-policy');
        for (const s of resAllows) allowBy.push(deciding(rpEval, s));
        for (const { pe, s } of idAllowStmts) allowBy.push(deciding(pe, s));
      } else {
        denyReason = !resAllows.length
          ? `the resource policy does not allow ${who(p)} (account ${p.accountId}) to call ${action}; cross-account access needs the resource policy to allow it.`
          : `the resource policy allows it, but ${idAllowStmts.length || isRoot ? (!boundaryOk ? 'the permissions boundary' : 'the session policy') + ' in the caller\'s account does not' : `no identity policy in account ${p.accountId} allows it`}. Cross-account access needs both sides.`;
      }
    } else {
      if (directOk.length) {
        allowed = true;
        allowedVia.push('resource-policy');
        for (const s of directOk) allowBy.push(deciding(rpEval, s));
      }
      if (identityPathOk || (isRoot && isIamPrincipal)) {
        allowed = true;
        allowedVia.push(isRoot ? 'root-user' : 'identity');
        for (const s of viaAccount) allowBy.push(deciding(rpEval, s));
        for (const { pe, s } of idAllowStmts) allowBy.push(deciding(pe, s));
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
      allowedVia.push('root-user');
    } else if (identityPathOk) {
      allowed = true;
      allowedVia.push('identity');
      for (const { pe, s } of idAllowStmts) allowBy.push(deciding(pe, s));
    } else {
      denyReason = !isIamPrincipal
        ? `${who(p)} has no identity policies and there is no resource policy to allow it.`
        : idAllowStmts.length
          ? `an identity policy allows ${action}, but ${!boundaryOk ? 'the permissions boundary' : 'the session policy'} does not.`
          : `no identity policy allows ${who(p)} to call ${action}${kp === undefined && actionLower.startsWith('kms:') && req.resource === '*' ? ' (this action has no key resource, so only IAM policies can allow it)' : ''}.`;
    }
  }
  for (const g of grantOk) {
    allowBy.push({
      policyId: `grant:${g.grant.grantId}`,
      label: `grant ${g.grant.name ? `"${g.grant.name}" (${g.grant.grantId})` : g.grant.grantId}`,
      kind: 'key',
      statementIndex: 0,
      effect: 'Allow',
      range: syntheticRange(),
    });
  }

  // ---- layer records for 4–8
  if (kpEval) {
    let reason: string;
    let outcome: LayerResult['outcome'];
    if (crossAccount && !crossCapable) {
      outcome = 'denied';
      reason = `${action} is not one of the operations allowed on a key in another account.`;
    } else if (direct.length) {
      outcome = 'allowed';
      reason = `The key policy allows ${who(p)} directly (statement ${stmtNames(direct)}: ${direct[0].principal.explanation})${crossAccount ? ' — but the caller is in another account, so an IAM policy there must also allow it.' : '; no IAM policy is needed.'}`;
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
        ? `The resource policy allows it (statement ${stmtNames(resAllows)}: ${resAllows[0].principal.explanation})`
        : `The resource policy has no statement that allows ${who(p)} to call ${action}.`,
      policies: [rpEval],
    });
  } else if (hasResource && req.resource !== '*') {
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
    layers.push({ layer: 'identity', outcome, reason, policies: idEvals });
  }

  if (kpEval && input.grants) {
    layers.push({
      layer: 'grants',
      outcome: grantOk.length ? 'allowed' : applicableGrants.length ? 'denied' : 'not-applicable',
      reason: grantOk.length
        ? `${grantOk.map((g) => g.explanation).join(' ')}`
        : applicableGrants.length
          ? `A grant matches, but ${!boundaryOk ? 'the permissions boundary' : 'the session policy'} limits it: the grantee is a role, and a role's permissions are limited by both.`
          : input.grants.length
            ? `No grant on this key allows ${grantOperation(action)} for ${who(p)}.`
            : 'There are no grants on this key.',
      policies: [],
      grants: grantEvals.map((g) => ({ grant: g.grant, applies: g.applies, explanation: g.explanation })),
    });
  }
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

  // ---- the decision
  const errors: AccessEvaluation['errors'] = [];
  for (const pe of evals) for (const s of pe.statements) if (s.error) errors.push({ policyId: pe.policyId, statementIndex: s.statement.index, message: s.error });
  const missingContextKeys = dedupeKeys(evals);

  if (denies.length) {
    return {
      decision: 'ExplicitDeny',
      summary: `Denied — explicit deny in ${denyWords.join('; ')}.`,
      layers,
      decidedBy: denies,
      missingContextKeys,
      errors,
      request: req,
    };
  }
  if (!gatesOk) {
    const g = rcpGate && !rcpGate.ok ? rcpGate : (scpGate as Gate);
    return {
      decision: 'ImplicitDeny',
      summary: `Denied — nothing allowed it: ${g.layer.reason}`,
      layers,
      decidedBy: [],
      missingContextKeys,
      errors,
      request: req,
    };
  }
  if (allowed) {
    const parts: string[] = [];
    if (allowedVia.includes('key-policy')) parts.push(`the key policy allows ${who(p)} to call ${action} directly`);
    if (allowedVia.includes('iam-delegation'))
      parts.push(
        crossAccount
          ? `the key policy allows account ${p.accountId} and an IAM policy there allows ${who(p)}`
          : `the key policy lets the account delegate to IAM and an IAM policy allows ${action}`,
      );
    if (allowedVia.includes('grant')) parts.push(`${grantOk.map((g) => `grant ${g.grant.grantId}`).join(', ')} allows ${grantOperation(action)}`);
    if (allowedVia.includes('resource-policy')) parts.push(crossAccount ? `the resource policy and an IAM policy in account ${p.accountId} both allow it` : `the resource policy allows ${who(p)}`);
    if (allowedVia.includes('identity')) parts.push(`an identity policy allows ${action}`);
    if (allowedVia.includes('root-user')) parts.push(`the account root user has full access in its own account`);
    return {
      decision: 'Allow',
      summary: `Allowed — ${parts.join('; and ')}.`,
      layers,
      decidedBy: allowBy,
      missingContextKeys,
      errors,
      request: req,
      allowedVia,
    };
  }
  return {
    decision: 'ImplicitDeny',
    summary: `Denied — nothing allowed it: ${denyReason}`,
    layers,
    decidedBy: [],
    missingContextKeys,
    errors,
    request: req,
  };
}
