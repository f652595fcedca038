// What CreateKey and PutKeyPolicy check in a new key policy before accepting it (kms-behaviour.md §10):
// it is a policy document, its principals exist, and — unless BypassPolicyLockoutSafetyCheck —
// the caller could still change the policy afterwards (the policy lockout safety check).
import { KmsError } from '../errors';
import { evaluateAccess, parsePolicy } from '../policy';
import type { Policy } from '../policy/types';
import { buildAccessInput, type KeyForAccess } from '../identity/access-input';
import { principalInfo, resolvePrincipal, type IdentityState } from '../identity/principals';
import type { WorldContext } from '../world/context';

const LOCKOUT_MESSAGE = 'The new key policy will not allow you to update the key policy in the future.';
const INVALID_PRINCIPALS_MESSAGE = 'Policy contains a statement with one or more invalid principals.';

/** Parses a key policy; a document KMS cannot read is MalformedPolicyDocumentException. */
function parseKeyPolicy(text: string): Policy {
  const r = parsePolicy(text, 'key');
  // AWS answers unreadable JSON with an empty message (SDK users' reports); the app's editor shows
  // the line and column from the validator before the request is sent.
  if (!r.ok) throw new KmsError('MalformedPolicyDocumentException', '');
  return r.policy;
}

/**
 * A principal in a key policy must exist: an account (id or root ARN), "*", a service principal,
 * or an IAM user or role (or a session of a role) known to the world.
 */
function principalExists(identities: IdentityState, value: string): boolean {
  if (value === '*' || /^\d{12}$/.test(value)) return true;
  let info;
  try {
    info = principalInfo(value);
  } catch {
    return false;
  }
  if (info.type === 'Account' || info.type === 'Service') return true;
  return resolvePrincipal(identities, value).known;
}

function checkPrincipalsExist(identities: IdentityState, policy: Policy): void {
  for (const s of policy.statements) {
    for (const el of [s.principal, s.notPrincipal]) {
      if (!el) continue;
      for (const p of el.AWS) if (!principalExists(identities, p.value)) throw new KmsError('MalformedPolicyDocumentException', INVALID_PRINCIPALS_MESSAGE);
      for (const p of el.Service) {
        if (!/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/.test(p.value) && p.value !== '*')
          throw new KmsError('MalformedPolicyDocumentException', INVALID_PRINCIPALS_MESSAGE);
      }
    }
  }
}

/**
 * The policy lockout safety check: would the caller be allowed kms:PutKeyPolicy on this key under
 * the new policy (with its IAM policies, SCPs and boundaries as they are)?
 */
function checkLockout(world: WorldContext, callerArn: string, callerContext: Record<string, string | string[]>, key: KeyForAccess, text: string): void {
  const evaluation = evaluateAccess(
    buildAccessInput({
      identities: world.state.identities,
      principalArn: callerArn,
      action: 'kms:PutKeyPolicy',
      resource: key.arn,
      region: key.region,
      key: { ...key, policy: text },
      requestParameters: { BypassPolicyLockoutSafetyCheck: false },
      callerContext,
      now: world.now(),
    }),
  );
  if (evaluation.decision !== 'Allow') throw new KmsError('MalformedPolicyDocumentException', LOCKOUT_MESSAGE);
}

/** Every check of a new key policy, in the order KMS applies them. */
export function checkNewKeyPolicy(
  world: WorldContext,
  callerArn: string,
  callerContext: Record<string, string | string[]>,
  key: KeyForAccess,
  text: string,
  bypassLockoutCheck: boolean | undefined,
): void {
  const policy = parseKeyPolicy(text);
  checkPrincipalsExist(world.state.identities, policy);
  if (!bypassLockoutCheck) checkLockout(world, callerArn, callerContext, key, text);
}
