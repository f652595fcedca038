// The authorize stage, filled: every KMS call is decided by AWS's policy evaluation — key policy,
// IAM policies, grants, SCPs/RCPs, permissions boundaries and session policies — with the whole
// explanation carried into the call's trace (policy-evaluation.md §2).
import { evaluateAccess } from '../policy';
import type { AccessEvaluation, GrantInput, LayerName } from '../policy/types';
import { buildAccessInput, PolicyUnparseable, type KeyForAccess } from '../identity/access-input';
import type { WorldContext } from '../world/context';
import type { KeyRecord, WorldState } from '../world/state';
import type { AuthorizationRequest, AuthorizationResult, Authorizer, DeniedBy } from '../world/context';

/** The key as the evaluator sees it: its properties, aliases, policy and grants. */
export function keyForAccess(state: WorldState, key: KeyRecord): KeyForAccess {
  const aliases = Object.values(state.aliases).filter((a) => a.targetKeyArn === key.arn).map((a) => a.aliasName).sort();
  return {
    arn: key.arn,
    accountId: key.accountId,
    region: key.region,
    keySpec: key.keySpec,
    keyUsage: key.keyUsage,
    origin: key.origin,
    keyManager: key.keyManager,
    multiRegion: key.multiRegion,
    ...(key.multiRegionInfo ? { multiRegionKeyType: key.multiRegionInfo.keyType } : {}),
    tags: Object.fromEntries(key.tags.map((t) => [t.TagKey, t.TagValue])),
    aliases,
    policy: key.policy,
    grants: grantsOf(state, key.arn),
  };
}

function grantsOf(state: WorldState, keyArn: string): GrantInput[] {
  const out: GrantInput[] = [];
  for (const g of Object.values(state.grants ?? {})) {
    if (g.keyArn !== keyArn) continue;
    out.push({
      grantId: g.grantId,
      name: g.name,
      keyArn: g.keyArn,
      granteePrincipal: g.granteePrincipal,
      retiringPrincipal: g.retiringPrincipal,
      operations: g.operations,
      constraints: g.constraints
        ? { encryptionContextEquals: g.constraints.EncryptionContextEquals, encryptionContextSubset: g.constraints.EncryptionContextSubset }
        : undefined,
    });
  }
  return out;
}

/** Evaluates one request on one resource (a key ARN, an alias ARN, or `*`). */
export function evaluateKmsRequest(world: WorldContext, req: AuthorizationRequest, resource: string): AccessEvaluation {
  const state = world.state;
  const key = resource.includes(':key/') ? state.keys[resource] : undefined;
  return evaluateAccess(
    buildAccessInput({
      identities: state.identities,
      principalArn: req.principal,
      action: req.action,
      resource,
      region: req.region,
      key: key ? keyForAccess(state, key) : undefined,
      keyIdAsSent: req.keyIdAsSent,
      encryptionContext: req.encryptionContext,
      requestParameters: req.requestParameters,
      callerContext: req.callerContext,
      now: world.now(),
    }),
  );
}

/** Which kind of policy AWS names in the AccessDeniedException, from the layer that decided. */
function deniedBy(evaluation: AccessEvaluation): DeniedBy {
  const layerNames: Record<LayerName, DeniedBy> = {
    'explicit-deny': 'resource-based policy',
    rcp: 'resource control policy',
    scp: 'service control policy',
    'key-policy': 'resource-based policy',
    'resource-policy': 'resource-based policy',
    identity: 'identity-based policy',
    grants: 'resource-based policy',
    boundary: 'permissions boundary',
    session: 'session policy',
  };
  if (evaluation.decision === 'ExplicitDeny') {
    const kind = evaluation.decidedBy[0]?.kind;
    if (kind === 'identity') return 'identity-based policy';
    if (kind === 'scp') return 'service control policy';
    if (kind === 'rcp') return 'resource control policy';
    if (kind === 'boundary') return 'permissions boundary';
    if (kind === 'session') return 'session policy';
    return 'resource-based policy';
  }
  const denied = evaluation.layers.find((l) => l.outcome === 'denied');
  return denied ? layerNames[denied.layer] : 'identity-based policy';
}

export const policyAuthorizer: Authorizer = {
  authorize(world: WorldContext, req: AuthorizationRequest): AuthorizationResult {
    // Operations on several resources (CreateAlias: the alias and the key) need every one allowed.
    let evaluations: { resource: string; evaluation: AccessEvaluation }[];
    try {
      evaluations = req.resources.map((resource) => ({ resource, evaluation: evaluateKmsRequest(world, req, resource) }));
    } catch (e) {
      // A stored policy that cannot be read (e.g. an identity policy edited into broken JSON) cannot
      // allow anything; say so rather than fail the call obscurely.
      if (e instanceof PolicyUnparseable) return { decision: 'ImplicitDeny', reason: `The request cannot be evaluated: ${e.message}` };
      throw e;
    }
    const failed = evaluations.find((e) => e.evaluation.decision !== 'Allow');
    const chosen = failed ?? evaluations[0];
    const evaluation = chosen.evaluation;
    return {
      decision: evaluation.decision,
      reason: evaluation.summary,
      evaluation: evaluations.length === 1 ? evaluation : evaluations,
      ...(failed ? { deniedBy: deniedBy(evaluation), deniedResource: failed.resource } : {}),
    };
  },
};
