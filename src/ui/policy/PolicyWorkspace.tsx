/**
 * Edit any policy in the world: pick it (key policies, identity policies, boundaries, session
 * policies, SCPs, RCPs), start from a template, and save it — a key policy through the engine's
 * PutKeyPolicy (so MalformedPolicyDocumentException and the lockout check answer as in AWS), the
 * others into the identity directory. The deciding statement of the decision on screen is
 * highlighted in its editor.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLab, type CallRecord } from '../../store';
import { parsePolicy, validatePolicy } from '../../engine/policy';
import { principalInfo } from '../../engine/identity/principals';
import { PolicyEditor } from '../editor/PolicyEditor';
import { ErrorCard } from '../common/ErrorCard';
import { PolicyIcon } from '../common/icons';
import { listTargets, targetIdFor, writeTarget, type PolicyTarget } from './targets';
import { renderTemplate, templatesFor, type TemplateContext } from './templates';

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

export function PolicyWorkspace() {
  const world = useLab((s) => s.world);
  const revision = useLab((s) => s.worldRevision);
  const region = useLab((s) => s.region);
  const focus = useLab((s) => s.focusPolicy);
  const decision = useLab((s) => s.decision);
  const putKeyPolicy = useLab((s) => s.putKeyPolicy);
  const editIdentities = useLab((s) => s.editIdentities);
  const requestKey = useLab((s) => s.request.keyRef);

  const targets = useMemo(() => {
    void revision;
    return world ? listTargets(world) : [];
  }, [world, revision]);
  const [selectedId, setSelectedId] = useState('');
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [templateId, setTemplateId] = useState('');
  const [result, setResult] = useState<{ targetId: string; record?: CallRecord<unknown>; error?: string; ok?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLElement>(null);

  // A "Show in its editor" from the decision view selects the policy and brings it into view.
  useEffect(() => {
    if (!focus || !world) return;
    setSelectedId(targetIdFor(world, focus.policyId));
    ref.current?.scrollIntoView({ block: 'start', behavior: 'auto' });
  }, [focus, world]);

  // Follow the request's key by default.
  const defaultTarget = targets.find((t) => t.save.type === 'key' && (t.save.keyArn === requestKey || t.save.keyArn.endsWith(`/${requestKey}`))) ?? targets[0];
  const target = targets.find((t) => t.id === selectedId) ?? defaultTarget;

  const text = target ? (drafts[target.id] ?? target.text) : '';
  const dirty = target ? text !== target.text : false;

  const highlight = useMemo(() => {
    if (!target || !world) return null;
    let index: number | undefined;
    if (focus && targetIdFor(world, focus.policyId) === target.id) index = focus.statementIndex;
    if (index === undefined && decision) index = decision.evaluation.decidedBy.find((d) => targetIdFor(world, d.policyId) === target.id)?.statementIndex;
    if (index === undefined) return null;
    const r = parsePolicy(text, target.kind);
    const st = r.ok ? r.policy.statements.find((s) => s.index === index) : undefined;
    return st ? { from: st.range.start.offset, to: st.range.end.offset } : null;
  }, [target, world, focus, decision, text]);

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
  const ctx = templateContext(target, {
    region,
    accounts: Object.keys(world.identities.accounts),
    principals: Object.keys(world.identities.principals),
    keyArn: targets.find((t) => t.save.type === 'key')?.save.type === 'key' ? (targets.find((t) => t.save.type === 'key')!.save as { keyArn: string }).keyArn : undefined,
    orgId: world.identities.organization?.id,
  });
  const templates = templatesFor(target.kind);
  const isKey = target.save.type === 'key';
  const lastResult = result?.targetId === target.id ? result : null;

  const save = async () => {
    setBusy(true);
    if (target.save.type === 'key') {
      const record = await putKeyPolicy(target.save.keyArn, text);
      setResult({ targetId: target.id, record });
      if (record.ok) setDrafts((d) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== target.id)));
    } else {
      const errors = validatePolicy(text, target.kind).filter((f) => f.severity === 'error');
      if (errors.length) {
        setResult({ targetId: target.id, error: `IAM refuses a policy with errors (MalformedPolicyDocument): ${errors[0].message} (line ${errors[0].range.start.line}, column ${errors[0].range.start.column}).` });
      } else {
        const save = target.save;
        const err = editIdentities((ids) => writeTarget(ids, save, text));
        if (err) setResult({ targetId: target.id, error: err.message });
        else {
          setResult({ targetId: target.id, ok: 'Saved. New decisions use it.' });
          setDrafts((d) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== target.id)));
        }
      }
    }
    setBusy(false);
  };

  return (
    <section ref={ref} className="lab-card pw" aria-labelledby="pw-title">
      <h2 id="pw-title" className="lab-h2">
        <PolicyIcon size={20} /> Policies
      </h2>
      <div className="pw-bar">
        <div className="field">
          <label htmlFor="pw-target">Policy</label>
          <select id="pw-target" className="select" value={target.id} onChange={(e) => setSelectedId(e.target.value)}>
            {groups.map((g) => (
              <optgroup key={g} label={g}>
                {targets
                  .filter((t) => t.group === g)
                  .map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.label}
                      {drafts[t.id] !== undefined && drafts[t.id] !== t.text ? ' (edited)' : ''}
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
                  if (t) setDrafts((d) => ({ ...d, [target.id]: renderTemplate(t, ctx) }));
                }}
              >
                Use template
              </button>
            </div>
            {templateId && <p className="pw-template__about muted">{templates.find((t) => t.id === templateId)?.description}</p>}
          </div>
        )}
      </div>

      <PolicyEditor
        key={target.id}
        value={text}
        onChange={(v) => setDrafts((d) => ({ ...d, [target.id]: v }))}
        kind={target.kind}
        label={`${isKey ? 'Key policy' : 'Policy'} JSON: ${target.label}`}
        highlight={highlight}
      />
      {highlight && <p className="pw-decided-note">The highlighted statement decided the decision on screen.</p>}

      <div className="pw-actions">
        <button type="button" className="btn btn-primary btn-sm" disabled={busy || !dirty} onClick={() => void save()}>
          {isKey ? 'Save key policy (PutKeyPolicy)' : 'Save policy'}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" disabled={!dirty} onClick={() => setDrafts((d) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== target.id)))}>
          Revert
        </button>
        <span className="pw-state muted" aria-live="polite">
          {dirty ? 'Edited, not saved' : 'Saved version'}
        </span>
      </div>
      {lastResult && (
        <div className="pw-result" role="region" aria-label="Save result">
          {lastResult.record && !lastResult.record.ok && <ErrorCard error={lastResult.record.error} operation="PutKeyPolicy" />}
          {lastResult.record?.ok && <p className="result__ok">PutKeyPolicy succeeded: the key uses this policy now.</p>}
          {lastResult.error && (
            <p className="pw-error" role="alert">
              {lastResult.error}
            </p>
          )}
          {lastResult.ok && <p className="result__ok">{lastResult.ok}</p>}
        </div>
      )}
    </section>
  );
}
