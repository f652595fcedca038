// Grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant (kms-behaviour.md §9).
//
// A grant is an extra allow on one key, for one grantee, for a list of operations, optionally only
// when the encryption context matches. It never denies. The authorizer reads every grant of the
// key (policy-authorizer.ts `grantsOf`) and the policy evaluator decides with them, so a grant can
// let a principal Decrypt that no key policy or IAM policy allows.
//
// Grant tokens: AWS returns one with each CreateGrant so the grantee can use the grant before it
// has propagated (eventual consistency, up to ~5 minutes). KMS Lab applies grants at once, so a
// token is only checked for being well formed; a malformed one is InvalidGrantTokenException.
import { KmsError, validation } from '../../errors';
import type { CreateGrantRequest, GrantConstraints, GrantListEntry, GrantOperation } from '../../types';
import { accountRootArn } from '../../world/arn';
import type { GrantRecord, KeyRecord } from '../../world/state';
import type { AccessEvaluation } from '../../policy/types';
import { paginate } from '../paging';
import type { CallContext, OperationDefinition } from '../operation';
import { grantOperationsFor } from '../specs';
import { type Violations } from '../validate';

const MAX_GRANTS_PER_KEY = 50_000;
const MAX_CONSTRAINT_PAIRS = 8;
const GRANT_ID = /^[0-9a-f]{64}$/;

// ---- grant tokens ----

const toBase64 = (text: string) => btoa(Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join(''));

/** An opaque token naming the grant (base64 of a small JSON document), fresh on every CreateGrant. */
function grantToken(grantId: string, keyArn: string, nonce: string): string {
  return toBase64(JSON.stringify({ v: 1, g: grantId, k: keyArn, n: nonce }));
}

/** The grant a token names, or undefined when the token is not one KMS Lab issued. */
function parseGrantToken(token: string): { grantId: string; keyArn: string } | undefined {
  try {
    const doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(token), (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    if (doc.v === 1 && typeof doc.g === 'string' && GRANT_ID.test(doc.g) && typeof doc.k === 'string') return { grantId: doc.g, keyArn: doc.k };
  } catch {
    /* falls through */
  }
  return undefined;
}

const invalidGrantToken = () => new KmsError('InvalidGrantTokenException', 'The grant token is not valid.');

/**
 * Every GrantTokens entry of a request must be well formed — an opaque base64(url) string — and
 * is otherwise not needed, since grants apply at once here.
 */
export function checkGrantTokensWellFormed(tokens: unknown): void {
  if (!Array.isArray(tokens)) return;
  for (const t of tokens) if (typeof t !== 'string' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) throw invalidGrantToken();
}

// ---- shapes ----

/** Grant constraint values: at most 384 characters each (the service's rule; the model leaves them unbounded). */
function checkConstraints(v: Violations, c: GrantConstraints | undefined) {
  if (!c) return;
  for (const [field, ec] of [['constraints.encryptionContextSubset', c.EncryptionContextSubset], ['constraints.encryptionContextEquals', c.EncryptionContextEquals]] as const) {
    if (!ec) continue;
    for (const value of Object.values(ec)) v.length(field, value, 0, 384);
  }
}

function constraintsCopy(c: GrantConstraints | undefined): GrantRecord['constraints'] {
  if (!c || (!c.EncryptionContextEquals && !c.EncryptionContextSubset && !c.SourceArn)) return undefined;
  return {
    ...(c.EncryptionContextEquals ? { EncryptionContextEquals: { ...c.EncryptionContextEquals } } : {}),
    ...(c.EncryptionContextSubset ? { EncryptionContextSubset: { ...c.EncryptionContextSubset } } : {}),
    ...(c.SourceArn ? { SourceArn: c.SourceArn } : {}),
  };
}

const sameMap = (a?: Record<string, string>, b?: Record<string, string>) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

function sameGrant(g: GrantRecord, grantee: string, retiring: string | undefined, operations: string[], c: GrantRecord['constraints']) {
  return (
    g.granteePrincipal === grantee &&
    g.retiringPrincipal === retiring &&
    [...g.operations].sort().join() === [...operations].sort().join() &&
    sameMap(g.constraints?.EncryptionContextEquals, c?.EncryptionContextEquals) &&
    sameMap(g.constraints?.EncryptionContextSubset, c?.EncryptionContextSubset) &&
    g.constraints?.SourceArn === c?.SourceArn
  );
}

/**
 * A grant-derived CreateGrant (the caller holds CreateGrant only through a grant) may only narrow:
 * its operations must be a subset of the parent grant's, and its encryption-context constraint at
 * least as strict (§9 "A grant that allows CreateGrant can only create grants with an equal or
 * stricter constraint").
 */
function narrows(parent: GrantRecord, operations: string[], c: GrantRecord['constraints']): boolean {
  if (!operations.every((o) => parent.operations.includes(o))) return false;
  const pe = parent.constraints?.EncryptionContextEquals;
  const ps = parent.constraints?.EncryptionContextSubset;
  if (pe) return sameMap(pe, c?.EncryptionContextEquals);
  if (ps) {
    const child = c?.EncryptionContextEquals ?? c?.EncryptionContextSubset;
    return Boolean(child) && Object.entries(ps).every(([k, v]) => child![k] === v);
  }
  return true;
}

function grantListEntry(g: GrantRecord): GrantListEntry {
  const c = g.constraints;
  return {
    KeyId: g.keyArn,
    GrantId: g.grantId,
    ...(g.name !== undefined ? { Name: g.name } : {}),
    CreationDate: new Date(g.creationDate),
    ...(g.granteeServicePrincipal ? { GranteeServicePrincipal: g.granteePrincipal } : { GranteePrincipal: g.granteePrincipal }),
    ...(g.retiringPrincipal !== undefined ? (g.retiringServicePrincipal ? { RetiringServicePrincipal: g.retiringPrincipal } : { RetiringPrincipal: g.retiringPrincipal }) : {}),
    IssuingAccount: accountRootArn(g.issuingAccount),
    Operations: g.operations as GrantOperation[],
    ...(c ? { Constraints: { ...c } } : {}),
  };
}

function grantsOfKey(ctx: CallContext, key: KeyRecord): GrantRecord[] {
  return Object.values(ctx.world.state.grants)
    .filter((g) => g.keyArn === key.arn)
    .sort((a, b) => a.creationDate - b.creationDate); // stable: creation order
}

const grantNotFound = (grantId: string) => new KmsError('NotFoundException', `Grant ID ${grantId} not found`);

// ---- operations ----

export const CreateGrant: OperationDefinition<'CreateGrant'> = {
  readOnly: false,
  auditResponse: 'response',
  validate(r, v) {
    checkConstraints(v, r.Constraints);
  },
  async run(ctx, r) {
    const grantee = grantee_(r);
    const retiring = r.RetiringPrincipal ?? r.RetiringServicePrincipal;
    if (r.RetiringPrincipal !== undefined && r.RetiringServicePrincipal !== undefined)
      throw validation('You cannot specify both RetiringPrincipal and RetiringServicePrincipal in the same request.');
    if (r.GranteeServicePrincipal !== undefined && !r.Constraints?.SourceArn)
      throw validation('A grant for a GranteeServicePrincipal requires a SourceArn constraint.');
    if (r.Operations.length === 0) throw validation("1 validation error detected: Value '[]' at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1");
    for (const ec of [r.Constraints?.EncryptionContextEquals, r.Constraints?.EncryptionContextSubset])
      if (ec && Object.keys(ec).length > MAX_CONSTRAINT_PAIRS)
        throw validation(`A grant constraint can have at most ${MAX_CONSTRAINT_PAIRS} encryption context pairs.`);

    const { key } = ctx.resolve('KeyId', r.KeyId, 'key-id-or-arn');
    ctx.checkState(key, 'create-grant');
    // §9: an operation the key type cannot perform (Sign on a symmetric key…) is a ValidationException.
    ctx.stage = 'check-usage';
    const valid = grantOperationsFor(key.keySpec, key.keyUsage);
    const invalid = r.Operations.filter((o) => !valid.includes(o));
    if (invalid.length > 0)
      throw validation(`Grant operations [${invalid.join(', ')}] are not valid for a KMS key with KeySpec ${key.keySpec} and KeyUsage ${key.keyUsage}.`);
    const constraints = constraintsCopy(r.Constraints);
    if (constraints && (constraints.EncryptionContextEquals || constraints.EncryptionContextSubset) && key.keySpec !== 'SYMMETRIC_DEFAULT')
      throw validation('Encryption context grant constraints are valid only for symmetric encryption KMS keys.');

    const result = await ctx.authorize({ key, keyIdAsSent: r.KeyId });
    const evaluation = result.evaluation as AccessEvaluation | undefined;
    if (evaluation?.allowedVia && evaluation.allowedVia.length > 0 && evaluation.allowedVia.every((p) => p === 'grant')) {
      // The caller may create grants only through a grant: the new grant may only narrow it.
      const parents = Object.values(ctx.world.state.grants).filter(
        (g) => g.keyArn === key.arn && g.operations.includes('CreateGrant') && evaluation.decidedBy.some((d) => d.policyId === `grant:${g.grantId}`),
      );
      if (parents.length > 0 && !parents.some((p) => narrows(p, r.Operations, constraints)))
        throw new KmsError(
          'AccessDeniedException',
          `User: ${ctx.caller.arn} is not authorized to perform: kms:CreateGrant on resource: ${key.arn} because a grant can only create grants with a subset of its operations and an equal or stricter constraint`,
        );
    }
    ctx.dryRun(r.DryRun);
    ctx.stage = 'perform';
    const grants = grantsOfKey(ctx, key);
    // Name makes CreateGrant idempotent: same name and parameters → the same grant, a fresh token.
    const existing = r.Name !== undefined ? grants.find((g) => g.name === r.Name && sameGrant(g, grantee, retiring, r.Operations, constraints)) : undefined;
    if (existing) return { GrantToken: grantToken(existing.grantId, key.arn, ctx.world.ids.hex64().slice(0, 16)), GrantId: existing.grantId };
    if (grants.length >= MAX_GRANTS_PER_KEY)
      throw new KmsError('LimitExceededException', `The maximum number of grants (${MAX_GRANTS_PER_KEY}) for ${key.arn} has been reached.`);
    const grant: GrantRecord = {
      grantId: ctx.world.ids.hex64(),
      keyArn: key.arn,
      ...(r.Name !== undefined ? { name: r.Name } : {}),
      granteePrincipal: grantee,
      ...(r.GranteeServicePrincipal !== undefined ? { granteeServicePrincipal: true } : {}),
      ...(retiring !== undefined ? { retiringPrincipal: retiring } : {}),
      ...(r.RetiringServicePrincipal !== undefined ? { retiringServicePrincipal: true } : {}),
      operations: [...r.Operations],
      ...(constraints ? { constraints } : {}),
      issuingAccount: ctx.caller.accountId,
      creationDate: ctx.now,
    };
    ctx.world.state.grants[grant.grantId] = grant;
    ctx.emit({ type: 'grant', action: 'create', keyArn: key.arn, grantId: grant.grantId, operations: grant.operations, grantee });
    return { GrantToken: grantToken(grant.grantId, key.arn, ctx.world.ids.hex64().slice(0, 16)), GrantId: grant.grantId };
  },
};

function grantee_(r: CreateGrantRequest): string {
  if ((r.GranteePrincipal === undefined) === (r.GranteeServicePrincipal === undefined))
    throw validation('You must specify exactly one of GranteePrincipal and GranteeServicePrincipal.');
  return (r.GranteePrincipal ?? r.GranteeServicePrincipal) as string;
}

export const ListGrants: OperationDefinition<'ListGrants'> = {
  readOnly: true,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'any-state' });
    if (r.GrantId !== undefined && !GRANT_ID.test(r.GrantId)) throw new KmsError('InvalidGrantIdException', 'Invalid grant ID');
    const grants = grantsOfKey(ctx, key).filter(
      (g) =>
        (r.GrantId === undefined || g.grantId === r.GrantId) &&
        (r.GranteePrincipal === undefined || g.granteePrincipal === r.GranteePrincipal) &&
        (r.GranteeServicePrincipal === undefined || g.granteePrincipal === r.GranteeServicePrincipal),
    );
    const page = paginate(`ListGrants:${key.arn}`, grants, (_g, i) => i, r.Limit ?? 50, r.Marker);
    return { Grants: page.items.map(grantListEntry), Truncated: page.Truncated, ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}) };
  },
};

export const ListRetirableGrants: OperationDefinition<'ListRetirableGrants'> = {
  readOnly: true,
  auditResponse: 'response',
  async run(ctx, r) {
    const principal = r.RetiringPrincipal ?? r.RetiringServicePrincipal;
    if (principal === undefined || (r.RetiringPrincipal !== undefined && r.RetiringServicePrincipal !== undefined))
      throw validation('You must specify exactly one of RetiringPrincipal and RetiringServicePrincipal.');
    await ctx.authorize({}); // IAM-only permission (§10)
    const grants = Object.values(ctx.world.state.grants)
      .filter((g) => {
        const key = ctx.world.getKey(g.keyArn);
        return g.retiringPrincipal === principal && key?.accountId === ctx.caller.accountId && key.region === ctx.region;
      })
      .sort((a, b) => a.creationDate - b.creationDate); // stable: creation order
    const page = paginate('ListRetirableGrants', grants, (_g, i) => i, r.Limit ?? 50, r.Marker);
    return { Grants: page.items.map(grantListEntry), Truncated: page.Truncated, ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}) };
  },
};

/** Who may retire a grant (§9): its retiring principal, its grantee if it allows RetireGrant, or the account that issued it. */
function mayRetire(ctx: CallContext, g: GrantRecord): { ok: boolean; reason: string } {
  const caller = ctx.caller;
  const roleOf = (arn: string) => {
    const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
    return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
  };
  const is = (p: string | undefined) => p !== undefined && (p === caller.arn || p === roleOf(caller.arn));
  if (is(g.retiringPrincipal)) return { ok: true, reason: `${caller.arn} is the grant's retiring principal.` };
  if (is(g.granteePrincipal) && g.operations.includes('RetireGrant')) return { ok: true, reason: `${caller.arn} is the grantee and the grant allows RetireGrant.` };
  if (caller.type === 'Root' && caller.accountId === g.issuingAccount) return { ok: true, reason: `${caller.arn} is the account that created the grant.` };
  return { ok: false, reason: `${caller.arn} is not the grant's retiring principal, not a grantee allowed to retire it, and not the account that created it.` };
}

export const RetireGrant: OperationDefinition<'RetireGrant'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    let grantId: string;
    let key: KeyRecord;
    if (r.GrantToken !== undefined) {
      const parsed = parseGrantToken(r.GrantToken);
      if (!parsed) throw invalidGrantToken();
      grantId = parsed.grantId;
      const found = ctx.world.getKey(parsed.keyArn);
      if (!found) throw grantNotFound(grantId);
      key = found;
      ctx.touch(key);
    } else {
      if (r.KeyId === undefined || r.GrantId === undefined) throw validation('You must specify either a GrantToken or both a KeyId and a GrantId.');
      // The API reference asks for the key ARN; an AWS-validated test passes a bare key id, which works too.
      key = ctx.resolve('KeyId', r.KeyId, 'key-id-or-arn').key;
      if (!GRANT_ID.test(r.GrantId)) throw new KmsError('InvalidGrantIdException', 'Invalid grant ID');
      grantId = r.GrantId;
    }
    const grant = ctx.world.state.grants[grantId];
    if (!grant || grant.keyArn !== key.arn) throw grantNotFound(grantId);
    // Retiring is decided by the grant itself, not by a policy (§9).
    ctx.stage = 'authorize';
    const decision = mayRetire(ctx, grant);
    ctx.emit({ type: 'authorize', action: 'kms:RetireGrant', principal: ctx.caller.arn, resources: [key.arn], decision: decision.ok ? 'Allow' : 'ImplicitDeny', reason: decision.reason });
    ctx.decisions.push({ action: 'kms:RetireGrant', decision: decision.ok ? 'Allow' : 'ImplicitDeny', reason: decision.reason });
    if (!decision.ok)
      throw new KmsError('AccessDeniedException', `User: ${ctx.caller.arn} is not authorized to perform: kms:RetireGrant on resource: ${key.arn} because no resource-based policy allows the kms:RetireGrant action`);
    ctx.dryRun(r.DryRun);
    delete ctx.world.state.grants[grantId];
    ctx.emit({ type: 'grant', action: 'retire', keyArn: key.arn, grantId });
    return {};
  },
};

export const RevokeGrant: OperationDefinition<'RevokeGrant'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'any-state' });
    if (!GRANT_ID.test(r.GrantId)) throw new KmsError('InvalidGrantIdException', 'Invalid grant ID');
    const grant = ctx.world.state.grants[r.GrantId];
    if (!grant || grant.keyArn !== key.arn) throw grantNotFound(r.GrantId);
    ctx.dryRun(r.DryRun);
    delete ctx.world.state.grants[r.GrantId];
    ctx.emit({ type: 'grant', action: 'revoke', keyArn: key.arn, grantId: r.GrantId });
    return {};
  },
};
