/**
 * Edit any policy in the world, one editor per document: pick it (key policies, identity policies,
 * boundaries, session policies, SCPs, RCPs), start from a template, and save it — a key policy
 * through the engine's PutKeyPolicy (so MalformedPolicyDocumentException and the policy lockout
 * safety check answer as in AWS), the others into the identity directory. The screen always says
 * which document it edits, whether the editor holds unsaved text, and the last save's result for
 * that document only.
 *
 * A statement is outlined only when the decision on screen names it and the editor shows the very
 * text that decision read (src/timeline/highlight.ts); otherwise the screen says why it is not.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { resolveKeyRef, useLab } from '../../store';
import { validatePolicy } from '@kms-lab/engine/policy';
import { principalInfo } from '@kms-lab/engine';
import { toDecisionSteps } from '../../timeline/decision';
import { NOT_SHOWN_WORDS, displayText, isSavedText, placeStatement, type StatementPlace } from '../../timeline/highlight';
import { PolicyEditor } from '../editor/PolicyEditor';
import { ErrorCard } from '../common/ErrorCard';
import { PolicyIcon } from '../common/icons';
import { listTargets, targetIdFor, writeTarget, type PolicyTarget } from './targets';
import { renderTemplate, templatesFor, type TemplateContext } from './templates';
import { LockoutCheck, isLockoutRefusal } from './LockoutCheck';

function templateContext(target: PolicyTarget, ctx: { region: string; accounts: string[]; principals: string[]; keyArn?: string; orgId?: string }): TemplateContext {
  let accountId = ctx.accounts[0] ?? '111122223333';
  let keyArn = ctx.keyArn;
  if (target.save.type === 'key') {
    accountId = target.save.keyArn.split(':')[4];
    keyArn = target.save.keyArn;
  } else if ('principal' in target.save) {
    accountId = principalInfo(target.save.principal).accountId || accountId;
  }
  const inAccount = ctx.principals.filter((p) => p.split(':')[4] === accountId);
  return {
    accountId,
    region: keyArn?.split(':')[3] ?? ctx.region,
    keyArn,
    admins: inAccount.filter((p) => /:role\//.test(p) && /admin/i.test(p)),
    users: inAccount.filter((p) => (/:user\//.test(p) || /:role\//.test(p)) && !/admin/i.test(p)),
    otherAccount: ctx.accounts.find((a) => a !== accountId) ?? '444455556666',
    orgId: ctx.orgId,
  };
}

type Outline = { place: StatementPlace; why: 'decided' | 'allow-path' | 'asked'; name: string };

export function PolicyWorkspace() {
  const world = useLab((s) => s.world);
  const revision = useLab((s) => s.worldRevision);
  const region = useLab((s) => s.region);
  const acting = useLab((s) => s.principal);
  const focus = useLab((s) => s.focusPolicy);
  const decision = useLab((s) => s.decision);
  const deck = useLab((s) => s.decks.decision);
  const editor = useLab((s) => s.policyEditor);
  const putKeyPolicy = useLab((s) => s.putKeyPolicy);
  const editIdentities = useLab((s) => s.editIdentities);
  const requestKey = useLab((s) => s.request.keyRef);
  const requestPrincipal = useLab((s) => s.request.principal);
  const { selectPolicy, setPolicyDraft, setPolicyResult, markFocusApplied } = useLab.getState();

  const targets = useMemo(() => {
    void revision;
    return world ? listTargets(world) : [];
  }, [world, revision]);
  const [templateId, setTemplateId] = useState('');
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLElement>(null);

  // "Show in its editor" / "Edit" elsewhere: open that document and bring it into view, once
  // (coming back to the lab later shows whatever the learner opened since).
  useEffect(() => {
    if (!focus || focus.applied || !world) return;
    selectPolicy(targetIdFor(world, focus.policyId));
    markFocusApplied(focus.nonce);
    ref.current?.scrollIntoView({ block: 'start', behavior: 'auto' });
  }, [focus, world, selectPolicy, markFocusApplied]);

  // Follow the request's key until the learner picks a document: the key it names, as KMS resolves
  // it (a key id, key ARN, alias name or alias ARN, in the caller's account and the region).
  const requestKeyArn = useMemo(() => {
    void revision;
    if (!world || !requestKey.trim()) return undefined;
    return resolveKeyRef(world, region, requestPrincipal.split(':')[4] ?? '', requestKey).key?.arn;
  }, [world, revision, region, requestPrincipal, requestKey]);
  const defaultTarget = targets.find((t) => t.save.type === 'key' && (t.save.keyArn === requestKeyArn || t.save.keyArn === requestKey || t.save.keyArn.endsWith(`/${requestKey}`))) ?? targets[0];
  const target = targets.find((t) => t.id === editor.selected) ?? defaultTarget;

  const saved = target?.text ?? '';
  const shownSaved = useMemo(() => displayText(saved), [saved]);
  const draft = target ? editor.drafts[target.id] : undefined;
  const text = draft ?? shownSaved;
  const dirty = target ? !isSavedText(saved, text) : false;
  const errors = useMemo(() => (target ? validatePolicy(text, target.kind).filter((f) => f.severity === 'error') : []), [text, target]);

  // The decision's "decided here" shows only once the decision is revealed in its player.
  const steps = useMemo(() => (decision ? toDecisionSteps(decision.evaluation) : []), [decision]);
  const revealed = Boolean(decision && deck.key === `decision:${decision.id}` && deck.cursor === steps.length - 1);

  const outline = useMemo((): Outline | null => {
    if (!target || !world || !decision) return null;
    // "Decided" only for a statement of the stage that decided; one met earlier on the allow path
    // (the key policy's root statement, for an Allow that IAM decides) says so instead.
    const decidedStage = steps.find((st) => st.decidedHere);
    const roleOf = (policyId: string): Outline['why'] => (decidedStage?.policyIds.includes(policyId) ? 'decided' : 'allow-path');
    const nameOf = (sid: string | undefined, index: number) => (sid ? `“${sid}”` : `#${index + 1}`);
    // Asked for from the decision on screen ("Show … in its editor").
    if (focus && focus.decisionId === decision.id && focus.statementIndex !== undefined && targetIdFor(world, focus.policyId) === target.id) {
      const decided = decision.evaluation.decidedBy.find((d) => d.policyId === focus.policyId && d.statementIndex === focus.statementIndex);
      const place = placeStatement({ evaluatedText: focus.text, range: focus.range, statementIndex: focus.statementIndex, savedText: saved, editorText: text, kind: target.kind });
      const sid = decision.evaluation.layers.flatMap((l) => l.policies).find((p) => p.policyId === focus.policyId)?.statements.find((s) => s.statement.index === focus.statementIndex)?.statement.sid;
      return { place, why: decided && revealed ? roleOf(focus.policyId) : 'asked', name: nameOf(sid, focus.statementIndex) };
    }
    if (!revealed) return null;
    const d = decision.evaluation.decidedBy.find((x) => !x.policyId.startsWith('grant:') && targetIdFor(world, x.policyId) === target.id);
    if (!d) return null;
    return { place: placeStatement({ evaluatedText: d.text, range: d.range, statementIndex: d.statementIndex, savedText: saved, editorText: text, kind: target.kind }), why: roleOf(d.policyId), name: nameOf(d.sid, d.statementIndex) };
  }, [target, world, decision, focus, revealed, saved, text, steps]);
  const decidedTitle = steps.find((st) => st.decidedHere)?.title ?? '';
  const highlight = outline?.place.kind === 'shown' ? { from: outline.place.from, to: outline.place.to } : null;

  if (!world) return null;
  if (!target) {
    return (
      <section className="lab-card" aria-labelledby="pw-title">
        <h2 id="pw-title" className="lab-h2">
          Policies
        </h2>
        <p className="muted">No policies yet: create a key (Keys &amp; crypto) or add identities to edit their policies.</p>
      </section>
    );
  }

  const groups = [...new Set(targets.map((t) => t.group))];
  const firstKey = targets.find((t) => t.save.type === 'key')?.save;
  const ctx = templateContext(target, {
    region,
    accounts: Object.keys(world.identities.accounts),
    principals: Object.keys(world.identities.principals),
    keyArn: firstKey?.type === 'key' ? firstKey.keyArn : undefined,
    orgId: world.identities.organization?.id,
  });
  const templates = templatesFor(target.kind);
  const isKey = target.save.type === 'key';
  const result = editor.results[target.id];
  const edited = (id: string, t: PolicyTarget) => editor.drafts[id] !== undefined && !isSavedText(t.text, editor.drafts[id]);

  const save = async (options?: { bypassLockoutCheck?: boolean }) => {
    if (errors.length) return;
    setBusy(true);
    const id = target.id;
    if (target.save.type === 'key') {
      const record = await putKeyPolicy(target.save.keyArn, text, options);
      if (record.ok) setPolicyDraft(id, null);
      setPolicyResult(id, { record, bypassed: Boolean(options?.bypassLockoutCheck) });
    } else {
      const spec = target.save;
      const err = editIdentities((ids) => writeTarget(ids, spec, text));
      if (err) setPolicyResult(id, { error: err.message });
      else {
        setPolicyDraft(id, null);
        setPolicyResult(id, { ok: `Saved (${target.saveWith}). New decisions use it.` });
      }
    }
    setBusy(false);
  };

  const saveLabel = isKey ? 'Save key policy (PutKeyPolicy)' : `Save policy (${target.saveWith})`;
  const whyNoSave = errors.length
    ? `Save is off: the validator found ${errors.length === 1 ? 'an error' : `${errors.length} errors`} that ${isKey ? 'KMS' : 'IAM'} would refuse — ${errors[0].message} (line ${errors[0].range.start.line}, column ${errors[0].range.start.column}).`
    : !dirty
      ? 'Nothing to save: the editor shows the saved policy.'
      : '';
  const state = dirty ? 'Edited, not saved' : result && (result.ok || result.record?.ok) ? 'Saved' : 'Saved version';

  return (
    <section ref={ref} className="lab-card pw" aria-labelledby="pw-title">
      <h2 id="pw-title" className="lab-h2">
        <PolicyIcon size={20} /> Policies
      </h2>
      <div className="pw-bar">
        <div className="field">
          <label htmlFor="pw-target">Policy</label>
          <select
            id="pw-target"
            className="select"
            value={target.id}
            onChange={(e) => {
              selectPolicy(e.target.value);
              setTemplateId('');
            }}
          >
            {groups.map((g) => (
              <optgroup key={g} label={g}>
                {targets
                  .filter((t) => t.group === g)
                  .map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.label}
                      {edited(t.id, t) ? ' (edited)' : ''}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        {templates.length > 0 && (
          <div className="field pw-template">
            <label htmlFor="pw-template">Template</label>
            <div className="pw-template__row">
              <select id="pw-template" className="select" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
                <option value="">Choose a template…</option>
                {templates.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="btn btn-sm"
                disabled={!templateId}
                onClick={() => {
                  const t = templates.find((x) => x.id === templateId);
                  if (t) setPolicyDraft(target.id, renderTemplate(t, ctx));
                }}
              >
                Use template
              </button>
            </div>
            {templateId && <p className="pw-template__about muted">{templates.find((t) => t.id === templateId)?.description}</p>}
          </div>
        )}
      </div>

      <div className="pw-doc" role="group" aria-labelledby="pw-doc-title">
        <p id="pw-doc-title" className="pw-doc__title">
          Editing the <strong>{target.title}</strong>
        </p>
        <p className="pw-doc__meta muted">
          Saved with <span className="mono">{target.saveWith}</span>
          {shownSaved !== saved && ' · shown pretty-printed (2-space JSON); the saved text is the same document'}
        </p>
      </div>

      <PolicyEditor
        key={target.id}
        value={text}
        onChange={(v) => setPolicyDraft(target.id, v)}
        kind={target.kind}
        label={`${isKey ? 'Key policy' : 'Policy'} JSON: ${target.title}`}
        highlight={highlight}
      />
      {outline && outline.place.kind === 'shown' && (
        <p className="pw-decided-note" data-testid="pw-outline-note">
          {outline.why === 'decided'
            ? `The highlighted statement ${outline.name} decided the decision on screen.`
            : outline.why === 'allow-path'
              ? `The highlighted statement ${outline.name} is on the allow path of the decision on screen; the decision was made at the ${decidedTitle} stage.`
              : `The highlighted statement ${outline.name} is the one you asked to see, as the decision on screen read it.`}
        </p>
      )}
      {outline && outline.place.kind !== 'shown' && (
        <p className="pw-outline-refused" role="note" data-testid="pw-outline-note">
          {NOT_SHOWN_WORDS[outline.place.kind]}
        </p>
      )}

      <div className="pw-actions">
        <button type="button" className="btn btn-primary btn-sm" disabled={busy || !dirty || errors.length > 0} aria-describedby={whyNoSave ? 'pw-save-why' : undefined} onClick={() => void save()}>
          {saveLabel}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" disabled={!dirty} onClick={() => setPolicyDraft(target.id, null)}>
          Revert
        </button>
        <span className="pw-state" aria-live="polite" data-testid="pw-state">
          {state}
        </span>
      </div>
      {whyNoSave && (
        <p id="pw-save-why" className={`pw-save-why${errors.length ? ' is-error' : ''}`}>
          {whyNoSave}
        </p>
      )}
      {result && (
        <div className="pw-result" role="region" aria-label="Save result">
          {result.record && !result.record.ok && <ErrorCard error={result.record.error} operation="PutKeyPolicy" />}
          {result.record && !result.record.ok && isLockoutRefusal(result.record.error) && (
            <LockoutCheck acting={acting} busy={busy} onBypass={() => void save({ bypassLockoutCheck: true })} />
          )}
          {result.record?.ok && (
            <p className="result__ok">
              PutKeyPolicy succeeded{result.bypassed ? ' with BypassPolicyLockoutSafetyCheck = true (the lockout check was skipped)' : ''}: the key uses this policy now.
            </p>
          )}
          {result.error && (
            <p className="pw-error" role="alert">
              {result.error}
            </p>
          )}
          {result.ok && <p className="result__ok">{result.ok}</p>}
        </div>
      )}
    </section>
  );
}
