// The authorize seam: the one place every KMS call asks "may this caller do this to these
// resources?". For now every request is allowed (`allowAllAuthorizer`); the policy evaluator
// (key policies, IAM, grants, SCP/RCP, boundaries, sessions) plugs in with `world.setAuthorizer`.
import type { World } from '../world/world';
import type { KeyRecord } from '../world/state';

export interface AuthorizationRequest {
  /** The AWS operation, e.g. `Decrypt`. */
  operation: string;
  /** The IAM action, e.g. `kms:Decrypt` (`kms:ReEncryptFrom` / `kms:ReEncryptTo` for ReEncrypt). */
  action: string;
  /** The caller's ARN. */
  principal: string;
  region: string;
  /** The caller's account. */
  accountId: string;
  /** The resolved key (undefined for CreateKey, ListKeys, GenerateRandom, ListAliases…). */
  key?: KeyRecord;
  /** ARNs to authorize: the key ARN; for alias operations the alias ARN and each key ARN; `*` when there is no resource. */
  resources: string[];
  /** How the request named the key (for kms:RequestAlias). */
  keyIdAsSent?: string;
  encryptionContext?: Record<string, string>;
  /** The request (blobs removed), for condition keys: KeySpec, EncryptionAlgorithm, PendingWindowInDays, BypassPolicyLockoutSafetyCheck… */
  requestParameters: Record<string, unknown>;
  /** Condition keys the caller supplied with `world.client({ context })` (kms:ViaService, aws:SourceIp…). */
  callerContext: Record<string, string | string[]>;
  grantTokens?: string[];
}

/** The kind of policy AWS names in an AccessDeniedException message. */
export type DeniedBy =
  | 'resource-based policy'
  | 'identity-based policy'
  | 'service control policy'
  | 'resource control policy'
  | 'permissions boundary'
  | 'session policy';

export interface AuthorizationResult {
  decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /** For a denial: which kind of policy denied, or had no allow (AWS's message names it). */
  deniedBy?: DeniedBy;
  /** For a denial on an operation with several resources: the one that was denied. */
  deniedResource?: string;
  /** Why, in a sentence (shown in traces and the audit log). */
  reason: string;
  /** The evaluator's explain-first data, carried into the trace for the decision panel. */
  evaluation?: unknown;
}

export interface Authorizer {
  authorize(world: World, req: AuthorizationRequest): AuthorizationResult | Promise<AuthorizationResult>;
}

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
    ? `User: ${req.principal} is not authorized to perform: ${req.action} on resource: ${resource} with an explicit deny in a ${layer}`
    : `User: ${req.principal} is not authorized to perform: ${req.action} on resource: ${resource} because no ${layer} allows the ${req.action} action`;
}
