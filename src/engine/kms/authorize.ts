// The authorize seam: the one place every KMS call asks "may this caller do this to these
// resources?". For now every request is allowed (`allowAllAuthorizer`); the policy evaluator
// (key policies, IAM, grants, SCP/RCP, boundaries, sessions) plugs in with `world.setAuthorizer`.
import type { AuthorizationRequest, AuthorizationResult, Authorizer } from '../world/context';

/** Allows everything: the default until the policy evaluator is plugged in. */
export const allowAllAuthorizer: Authorizer = {
  authorize: () => ({ decision: 'Allow', reason: 'No authorizer is configured: every request is allowed.' }),
};

/**
 * AWS's AccessDeniedException text for a denied request. Keys are governed by resource-based
 * policies (key policies); operations without a key (CreateKey, ListKeys…) only by identity-based
 * policies. `result.reason` is available for refinement (e.g. SCP or boundary wording).
 */
export function accessDeniedMessage(req: AuthorizationRequest, result: AuthorizationResult): string {
  const resource = result.deniedResource ?? req.key?.arn ?? req.resources.find((r) => r.includes(':key/')) ?? req.resources[0] ?? '*';
  const layer = result.deniedBy ?? (req.key ? 'resource-based policy' : 'identity-based policy');
  return result.decision === 'ExplicitDeny'
    ? // "in a resource-based policy", "in an identity-based policy" (AWS's article follows the word).
      `User: ${req.principal} is not authorized to perform: ${req.action} on resource: ${resource} with an explicit deny in ${/^[aeiou]/i.test(layer) ? 'an' : 'a'} ${layer}`
    : `User: ${req.principal} is not authorized to perform: ${req.action} on resource: ${resource} because no ${layer} allows the ${req.action} action`;
}
