/**
 * The policy lockout safety check, taught: shown under PutKeyPolicy's refusal. KMS accepts a key
 * policy (PutKeyPolicy, CreateKey and ReplicateKey with a Policy) only if the principal sending it
 * could still call kms:PutKeyPolicy on the key under the new policy; otherwise it answers
 * MalformedPolicyDocumentException "The new key policy will not allow you to update the key policy
 * in the future." (kms-behaviour.md §10). BypassPolicyLockoutSafetyCheck = true skips the check,
 * and the AWS API reference warns that it risks a key nobody can manage.
 */
import { useId, useState } from 'react';
import type { AwsError } from '../../store';

/** AWS's message for the lockout check (the engine sends exactly this). */
const LOCKOUT_MESSAGE = 'The new key policy will not allow you to update the key policy in the future.';

export function isLockoutRefusal(error: AwsError): boolean {
  return error.name === 'MalformedPolicyDocumentException' && error.message === LOCKOUT_MESSAGE;
}

const short = (arn: string) => arn.replace(/^arn:aws:(iam|sts)::/, '');

export function LockoutCheck({ acting, busy, onBypass }: { acting: string; busy: boolean; onBypass(): void }) {
  const [understood, setUnderstood] = useState(false);
  const id = useId();
  return (
    <section className="pw-lockout" aria-labelledby={`${id}-t`}>
      <h3 id={`${id}-t`} className="lab-h3">
        The policy lockout safety check
      </h3>
      <p>
        Before KMS accepts a key policy, it asks one question: under the <em>new</em> policy, could the principal sending it — you, acting as{' '}
        <span className="mono">{short(acting)}</span> — still call <span className="mono">kms:PutKeyPolicy</span> on this key? This policy would not let you, so KMS
        refused it and kept the key policy as it was. The check exists because no principal — not even the account’s root user — can use or manage a KMS key
        unless its key policy allows it (itself, or by letting IAM policies decide): a policy that leaves out everyone who may change it cannot be repaired through
        the API.
      </p>
      <p>To save it, either:</p>
      <ul>
        <li>
          give someone the right to manage the key in the policy — the default key policy’s root statement (<span className="mono">arn:aws:iam::…:root</span>, kms:*) lets
          the account’s IAM policies do it — or
        </li>
        <li>
          act as a principal who may change the key policy now <em>and</em> whom the new policy lets call kms:PutKeyPolicy (the key administrator it names), and save
          again, or
        </li>
        <li>
          send the request with <span className="mono">BypassPolicyLockoutSafetyCheck</span> = true, which PutKeyPolicy and CreateKey both accept.
        </li>
      </ul>
      <div className="pw-lockout__warn" role="note" aria-label="Warning about BypassPolicyLockoutSafetyCheck">
        <p>
          <strong>Warning (AWS API reference):</strong> skipping the check raises the risk that the key becomes unmanageable. Do not set it without a reason — only
          when you mean to stop the principal sending the request from changing this key policy again.
        </p>
        <label className="wi-check">
          <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />I understand: after this, {short(acting)} may not be able to change
          this key policy again.
        </label>
        <button type="button" className="btn btn-sm btn-danger" disabled={!understood || busy} onClick={onBypass}>
          Save with BypassPolicyLockoutSafetyCheck = true
        </button>
      </div>
    </section>
  );
}
