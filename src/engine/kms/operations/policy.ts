// Key policies: GetKeyPolicy, PutKeyPolicy, ListKeyPolicies (kms-behaviour.md §1, §3, §10).
// The policy is stored as the text the caller gave; evaluating it is the authorizer's work. Every
// key has exactly one policy, named `default`.
import { KmsError } from '../../errors';
import type { OperationDefinition } from '../operation';
import { checkNewKeyPolicy } from '../key-policy-checks';
import { keyForAccess } from '../policy-authorizer';

/** The key policy document quota (not adjustable): 32 KB. */
const POLICY_MAX_BYTES = 32_768;

/**
 * A key policy must be a JSON object within 32 KB. AWS answers a document that is not JSON with an
 * empty MalformedPolicyDocumentException message (reported by SDK users); the lockout safety check
 * and principal validation belong to the policy evaluator.
 */
export function checkPolicyDocument(policy: string): void {
  if (new TextEncoder().encode(policy).length > POLICY_MAX_BYTES)
    throw new KmsError('LimitExceededException', `The key policy exceeds the maximum size of ${POLICY_MAX_BYTES} bytes.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    throw new KmsError('MalformedPolicyDocumentException', '');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new KmsError('MalformedPolicyDocumentException', '');
}

const policyNotFound = (name: string) => new KmsError('NotFoundException', `No such policy exists: ${name}`);

export const GetKeyPolicy: OperationDefinition<'GetKeyPolicy'> = {
  readOnly: true,
  auditResponse: 'none',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'any-state' });
    const name = r.PolicyName ?? 'default';
    if (name !== 'default') throw policyNotFound(name);
    return { Policy: key.policy, PolicyName: 'default' };
  },
};

export const PutKeyPolicy: OperationDefinition<'PutKeyPolicy'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'any-state' });
    const name = r.PolicyName ?? 'default';
    if (name !== 'default') throw policyNotFound(name);
    checkPolicyDocument(r.Policy);
    checkNewKeyPolicy(ctx.world, ctx.caller.arn, ctx.client.context, keyForAccess(ctx.world.state, key), r.Policy, r.BypassPolicyLockoutSafetyCheck);
    key.policy = r.Policy;
    return {};
  },
};

export const ListKeyPolicies: OperationDefinition<'ListKeyPolicies'> = {
  readOnly: true,
  auditResponse: 'response',
  async run(ctx, r) {
    await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'any-state' });
    return { PolicyNames: ['default'], Truncated: false };
  },
};
