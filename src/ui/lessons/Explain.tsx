/**
 * The classroom's "why" for a lesson part, in large type on the stage (presentation mode): what the
 * part changed in a key policy (the statements removed and added, from the policy text before and
 * after the step) and, for a decision, the deciding layer and statement — all read from the
 * evaluation the step produced (src/timeline/decision.ts), never restated.
 */
import { useMemo } from 'react';
import type { World } from '@kms-lab/engine';
import { parsePolicy, type AccessEvaluation } from '@kms-lab/engine/policy';
import { toDecisionSteps, type DecisionStep } from '../../timeline/decision';
import { listTargets, targetIdFor } from '../policy/targets';
import type { PolicyChange } from './run';

/** A key policy's name, labelled so "default" is read as AWS's name for it, not as "the default policy". */
function keyPolicyLabel(world: World | null, keyArn: string): string {
  const alias = world ? Object.values(world.state.aliases).find((a) => a.targetKeyArn === keyArn)?.aliasName : undefined;
  return `Key policy of ${alias ?? `key/${keyArn.split('/').pop()}`} (PolicyName “default”: the only name a key policy can have)`;
}

/** The text of a deciding statement in its policy, when the policy still reads as it was evaluated. */
function statementText(world: World | null, policyId: string, index: number, sid: string | undefined, effect: string): { label: string; text?: string } | null {
  if (!world || policyId.startsWith('grant:')) return null;
  const id = targetIdFor(world, policyId);
  const target = listTargets(world).find((t) => t.id === id);
  if (!target) return null;
  const parsed = parsePolicy(target.text, target.kind);
  const st = parsed.ok ? parsed.policy.statements.find((s) => s.index === index) : undefined;
  // Only the statement that was evaluated: a later step may have changed the policy since.
  if (!st || st.sid !== sid || st.effect !== effect) return { label: target.label };
  return { label: target.label, text: target.text.slice(st.range.start.offset, st.range.end.offset) };
}

function Diff({ change, world }: { change: PolicyChange; world: World | null }) {
  const { diff } = change;
  return (
    <section className="ls-why__block" aria-label="What changed">
      <h3 className="ls-why__h">What changed: {keyPolicyLabel(world, change.keyArn)}</h3>
      {diff.removed.length === 0 && diff.added.length === 0 && <p>The statements are the same as before (only the formatting changed).</p>}
      {diff.removed.map((s, i) => (
        <figure key={`r${i}`} className="ls-diff ls-diff--removed">
          <figcaption>
            <span aria-hidden="true">− </span>Removed: {s.sid ? `statement “${s.sid}”` : 'a statement without a Sid'}
          </figcaption>
          <pre className="mono">{s.text}</pre>
        </figure>
      ))}
      {diff.added.map((s, i) => (
        <figure key={`a${i}`} className="ls-diff ls-diff--added">
          <figcaption>
            <span aria-hidden="true">+ </span>Added: {s.sid ? `statement “${s.sid}”` : 'a statement without a Sid'}
          </figcaption>
          <pre className="mono">{s.text}</pre>
        </figure>
      ))}
      <p className="ls-why__note">
        {diff.unchanged} statement{diff.unchanged === 1 ? '' : 's'} unchanged.
      </p>
    </section>
  );
}

function Decided({ evaluation, world }: { evaluation: AccessEvaluation; world: World | null }) {
  const steps = useMemo(() => toDecisionSteps(evaluation), [evaluation]);
  const decision = steps[steps.length - 1];
  const decided: DecisionStep | undefined = steps.find((s) => s.decidedHere);
  const deciding = evaluation.decidedBy.map((d) => ({ d, where: statementText(world, d.policyId, d.statementIndex, d.sid, d.effect) }));
  return (
    <section className="ls-why__block" aria-label="The decision">
      <p className={`ls-why__verdict is-${decision.outcome}`} data-testid="why-verdict">
        {decision.verdict}
      </p>
      <p className="ls-why__request mono">
        {evaluation.request.action} by {evaluation.request.principal.arn.split(':').pop()}
      </p>
      {decided && (
        <p className="ls-why__layer" data-testid="why-layer">
          Decided at: <strong>{decided.title}</strong> — {decided.reason}
        </p>
      )}
      {deciding.length > 0 ? (
        deciding.map(({ d, where }, i) => (
          <figure key={i} className="ls-why__statement" data-testid="why-statement">
            <figcaption>
              {d.effect} statement {d.sid ? `“${d.sid}”` : `#${d.statementIndex + 1}`} in {where?.label ?? d.label}
            </figcaption>
            {where?.text && <pre className="mono">{where.text}</pre>}
          </figure>
        ))
      ) : (
        <p className="ls-why__note">No statement decided it: {evaluation.summary}</p>
      )}
    </section>
  );
}

export function StepExplanation({ index, evaluation, changes, world }: { index: number; evaluation?: AccessEvaluation; changes: PolicyChange[]; world: World | null }) {
  return (
    // Focusable: on a small projector the explanation may scroll, and the keyboard must reach it.
    <div className="ls-why" role="region" aria-label={`Why: part ${index + 1}`} data-testid="step-why" tabIndex={0}>
      <h2 className="ls-why__title">Why — part {index + 1}</h2>
      {changes.map((c) => (
        <Diff key={c.keyArn} change={c} world={world} />
      ))}
      {/* A policy change is its own reason; the change's own authorization stays one line. */}
      {evaluation && (changes.length === 0 ? <Decided evaluation={evaluation} world={world} /> : (
        <p className="ls-why__note">
          {evaluation.request.action} by {evaluation.request.principal.arn.split(':').pop()}: {evaluation.decision === 'Allow' ? 'allowed' : 'denied'}.
        </p>
      ))}
    </div>
  );
}
