import { useEffect, useState, type ReactNode } from 'react';
import { useLab, aliasesOf, type KeyActionKind, type KeyMetadata, type KeyRotationAction } from '../../store';
import { availability, type KeyAction } from './availability';
import { Arn } from '../common/Arn';
import { CopyButton } from '../common/CopyButton';
import { ErrorCard } from '../common/ErrorCard';
import { WhatHappened } from '../common/WhatHappened';
import { CmkIcon, PolicyIcon } from '../common/icons';
import { formatUtc, isoUtc, relative } from '../common/format';
import { KeyStateBadge } from './KeyStateBadge';
import { goToSection } from '../shell/section';

function Row({ term, children, hint, stack }: { term: string; children: ReactNode; hint?: string; stack?: boolean }) {
  return (
    <div className={stack ? 'kv kv--stack' : 'kv'}>
      <dt title={hint}>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * "Edit key policy": the policy lab's editor for this key's policy (findings inline, completion,
 * templates), where saving is a PutKeyPolicy call and its MalformedPolicyDocumentException —
 * including the lockout check — shows next to the editor.
 */
function EditPolicyButton({ keyArn }: { keyArn: string }) {
  return (
    <button
      type="button"
      className="btn btn-sm"
      onClick={() => {
        useLab.getState().setFocusPolicy(`key-policy:${keyArn}`);
        goToSection('policy');
      }}
      title="Open this key's policy in the policy lab's editor; saving calls PutKeyPolicy"
    >
      <PolicyIcon size={16} /> Edit key policy
    </button>
  );
}

function PolicyView({ keyArn }: { keyArn: string }) {
  const record = useLab((s) => s.policies[keyArn]);
  const loadPolicy = useLab((s) => s.loadPolicy);
  const [open, setOpen] = useState(false);
  let pretty = '';
  if (record?.ok) {
    try {
      pretty = JSON.stringify(JSON.parse(record.value), null, 2);
    } catch {
      pretty = record.value;
    }
  }
  return (
    <details
      className="policy"
      open={open}
      onToggle={(e) => {
        const isOpen = (e.currentTarget as HTMLDetailsElement).open;
        setOpen(isOpen);
        if (isOpen) void loadPolicy(keyArn);
      }}
    >
      <summary>
        <PolicyIcon size={18} />
        Key policy <span className="mono policy__name">default</span> (JSON)
      </summary>
      {!record && <p className="muted">Reading the policy (GetKeyPolicy)…</p>}
      {record && !record.ok && <ErrorCard error={record.error} operation="GetKeyPolicy" />}
      {record?.ok && (
        <>
          <div className="policy__bar">
            <span className="muted">GetKeyPolicy · {pretty.length.toLocaleString('en')} characters</span>
            <CopyButton text={pretty} label="Copy the key policy JSON" />
          </div>
          <figure className="figure">
            <figcaption className="sr-only">Key policy JSON</figcaption>
            <pre className="code">{pretty}</pre>
          </figure>
        </>
      )}
    </details>
  );
}

type AnyAction = KeyAction;

function ActionRow({ meta, action, label, rotationEnabled, onRun, busy, danger }: { meta: KeyMetadata; action: AnyAction; label: string; rotationEnabled?: boolean; onRun(): void; busy: boolean; danger?: boolean }) {
  const a = availability(meta, action, rotationEnabled);
  const id = `why-${action}`;
  return (
    <div className={`action-row${a.allowed ? '' : ' action-row--unavailable'}`}>
      <button type="button" className={`btn btn-sm${danger ? ' btn-danger' : ''}`} disabled={busy} onClick={onRun} aria-describedby={id}>
        {label}
      </button>
      <span id={id} className="action-row__why">
        {a.allowed ? <strong>Allowed.</strong> : <strong>Not allowed now:</strong>} {a.reason ?? ''}
        {!a.allowed && ' Try it to see KMS refuse.'}
      </span>
    </div>
  );
}

function KeyActions({ meta }: { meta: KeyMetadata }) {
  const keyAction = useLab((s) => s.keyAction);
  const rotationAction = useLab((s) => s.rotationAction);
  const last = useLab((s) => s.lastKeyAction);
  const rotation = useLab((s) => s.rotation[meta.Arn]);
  const rotationEnabled = rotation?.status.ok ? rotation.status.value.KeyRotationEnabled : false;
  const [days, setDays] = useState('7');
  const [period, setPeriod] = useState('365');
  const [busy, setBusy] = useState(false);
  const run = async (kind: KeyActionKind) => {
    setBusy(true);
    await keyAction(kind, meta.KeyId, kind === 'ScheduleKeyDeletion' ? Number(days) : undefined);
    await useLab.getState().loadRotation(meta.KeyId);
    setBusy(false);
  };
  const rotate = async (kind: KeyRotationAction) => {
    setBusy(true);
    await rotationAction(kind, meta.KeyId, kind === 'EnableKeyRotation' ? Number(period) : undefined);
    setBusy(false);
  };
  return (
    <section className="key-actions" aria-labelledby="key-actions-title">
      <h3 id="key-actions-title" className="inspector__h3">
        Key state
      </h3>
      <p className="muted key-actions__hint">What this key’s state ({meta.KeyState}) allows. The others say why not; try one anyway to see KMS refuse it.</p>
      <div className="actions-grid">
        <ActionRow meta={meta} action="DisableKey" label="Disable key" busy={busy} onRun={() => void run('DisableKey')} />
        <ActionRow meta={meta} action="EnableKey" label="Enable key" busy={busy} onRun={() => void run('EnableKey')} />
        <div className="key-actions__row key-actions__schedule">
          <label htmlFor="pending-days">Waiting period (days, 7–30)</label>
          <input id="pending-days" className="input input--narrow mono" type="number" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
        </div>
        <ActionRow meta={meta} action="ScheduleKeyDeletion" label="Schedule deletion" busy={busy} danger onRun={() => void run('ScheduleKeyDeletion')} />
        <ActionRow meta={meta} action="CancelKeyDeletion" label="Cancel deletion" busy={busy} onRun={() => void run('CancelKeyDeletion')} />
      </div>
      <h3 className="inspector__h3">Rotation</h3>
      <div className="actions-grid">
        <ActionRow meta={meta} action="RotateKeyOnDemand" label="Rotate now" busy={busy} onRun={() => void rotate('RotateKeyOnDemand')} />
        <div className="key-actions__row">
          <label htmlFor="rotation-period">Rotation period (days, 90–2560)</label>
          <input id="rotation-period" className="input input--narrow mono" type="number" inputMode="numeric" value={period} onChange={(e) => setPeriod(e.target.value)} />
        </div>
        <ActionRow meta={meta} action="EnableKeyRotation" label="Enable automatic rotation" rotationEnabled={rotationEnabled} busy={busy} onRun={() => void rotate('EnableKeyRotation')} />
        <ActionRow meta={meta} action="DisableKeyRotation" label="Disable automatic rotation" rotationEnabled={rotationEnabled} busy={busy} onRun={() => void rotate('DisableKeyRotation')} />
      </div>
      {last && (
        <div className="result" role="region" aria-label={`${last.operation} result`}>
          {last.ok ? <p className="result__ok">{last.operation} succeeded.</p> : <ErrorCard error={last.error} operation={last.operation} />}
          <WhatHappened trace={last.trace} label={last.operation} />
        </div>
      )}
    </section>
  );
}

/** Rotation status and the key material versions (backing keys), newest on top. */
function RotationPanel({ meta }: { meta: KeyMetadata }) {
  const info = useLab((s) => s.rotation[meta.Arn]);
  const loadRotation = useLab((s) => s.loadRotation);
  const nowMs = useLab((s) => s.now?.getTime() ?? 0);
  const now = useLab((s) => s.now);
  useEffect(() => {
    void loadRotation(meta.KeyId);
  }, [loadRotation, meta.KeyId, meta.KeyState, meta.CurrentKeyMaterialId, nowMs]);
  const status = info?.status;
  const materials = info?.materials.ok ? [...info.materials.value].reverse() : [];
  return (
    <section className="rotation" aria-labelledby="rotation-title">
      <h3 id="rotation-title" className="inspector__h3">
        Key material and rotation
      </h3>
      <dl className="kv-list kv-list--compact">
        <div className="kv">
          <dt title="GetKeyRotationStatus">Automatic rotation</dt>
          <dd>
            {!status ? '…' : status.ok ? (status.value.KeyRotationEnabled ? `On, every ${status.value.RotationPeriodInDays} days` : 'Off') : <span className="mono">{status.error.name}</span>}
          </dd>
        </div>
        {status?.ok && status.value.NextRotationDate && (
          <div className="kv">
            <dt>Next rotation</dt>
            <dd>
              <time dateTime={isoUtc(status.value.NextRotationDate)}>{formatUtc(status.value.NextRotationDate)}</time>
              {now && <span className="muted"> · {relative(now, status.value.NextRotationDate)}</span>}
            </dd>
          </div>
        )}
      </dl>
      <p className="muted">Backing keys (ListKeyRotations, ALL_KEY_MATERIAL): rotation adds one; old ones keep decrypting what they encrypted.</p>
      <ol className="materials" aria-label="Key material versions">
        {materials.map((m) => {
          const current = m.KeyMaterialState === 'CURRENT';
          return (
            <li key={m.KeyMaterialId} className={`material${current ? ' material--current' : ''}`}>
              <span className="material__tag">{current ? 'Current' : 'Older'}</span>
              <span className="material__id">
                <span className="sr-only">Key material ID </span>
                {m.KeyMaterialId}
              </span>
              <span />
              <span className="muted">{m.RotationDate ? `${m.RotationType === 'AUTOMATIC' ? 'Automatic' : 'On-demand'} rotation · ${formatUtc(m.RotationDate)}` : 'Original material'}</span>
            </li>
          );
        })}
      </ol>
      {info && !info.materials.ok && <ErrorCard error={info.materials.error} operation="ListKeyRotations" />}
    </section>
  );
}

function KeyCard({ meta }: { meta: KeyMetadata }) {
  const aliases = useLab((s) => s.aliases);
  const now = useLab((s) => s.now);
  const names = aliasesOf(aliases, meta.KeyId);
  const tagsRecord = useLab((s) => s.tags[meta.Arn]);
  const tagsOf = tagsRecord?.ok ? tagsRecord.value : undefined;
  return (
    <article className="key-card" aria-labelledby="key-card-title">
      <header className="key-card__head">
        <span className="key-card__icon">
          <CmkIcon size={28} />
        </span>
        <div>
          <p className="key-card__kind">KMS key</p>
          <h2 id="key-card-title" className="key-card__title">
            {names[0] ?? (meta.Description || 'Key without a description')}
          </h2>
        </div>
        <KeyStateBadge state={meta.KeyState} />
      </header>

      <p className="key-card__lede">What a KMS key (CMK) holds: an ID, a creation date, a policy, a description and a state. Its key material never leaves KMS.</p>

      <dl className="kv-list">
        <Row term="Key ID" stack>
          <span className="kv-copy">
            <Arn value={meta.KeyId} />
            <CopyButton text={meta.KeyId} label="Copy the key ID" compact />
          </span>
        </Row>
        <Row term="ARN" stack>
          <span className="kv-copy">
            <Arn value={meta.Arn} />
            <CopyButton text={meta.Arn} label="Copy the key ARN" compact />
          </span>
        </Row>
        <Row term="Created">
          <time dateTime={isoUtc(meta.CreationDate)}>{formatUtc(meta.CreationDate)}</time>
          {now && <span className="muted"> · {relative(now, meta.CreationDate)}</span>}
        </Row>
        <Row term="Description">{meta.Description ? meta.Description : <span className="muted">(none)</span>}</Row>
        <Row term="State">
          <span className="mono">{meta.KeyState}</span>
          <span className="muted"> · Enabled: {String(meta.Enabled)}</span>
        </Row>
        {meta.DeletionDate && (
          <Row term="Deletion date">
            <time dateTime={isoUtc(meta.DeletionDate)}>{formatUtc(meta.DeletionDate)}</time>
            {now && <strong> · {relative(now, meta.DeletionDate)}</strong>}
          </Row>
        )}
        <Row term="Aliases">{names.length ? names.map((n) => <Arn key={n} value={n} className="block" />) : <span className="muted">(none)</span>}</Row>
        <Row term="Key usage" hint="KeyUsage">
          <span className="mono">{meta.KeyUsage}</span>
        </Row>
        <Row term="Key spec" hint="KeySpec">
          <span className="mono">{meta.KeySpec}</span>
        </Row>
        <Row term="Algorithms" hint="EncryptionAlgorithms">
          <span className="mono">{(meta.EncryptionAlgorithms ?? []).join(', ') || '—'}</span>
        </Row>
        <Row term="Origin" hint="Origin: where the key material came from">
          <span className="mono">{meta.Origin}</span>
        </Row>
        <Row term="Key manager" hint="KeyManager: CUSTOMER (you) or AWS">
          <span className="mono">{meta.KeyManager}</span>
        </Row>
        <Row term="Current key material ID" hint="CurrentKeyMaterialId: names the backing key that Encrypt uses now (an ID, not the material, which never leaves KMS)" stack>
          {meta.CurrentKeyMaterialId ? <span className="mono hex-id">{meta.CurrentKeyMaterialId}</span> : <span className="muted">(none)</span>}
        </Row>
        <Row term="Multi-Region">
          <span className="mono">{String(meta.MultiRegion)}</span>
        </Row>
        <Row term="Account">
          <span className="mono">{meta.AWSAccountId}</span>
        </Row>
        <Row term="Tags" hint="ListResourceTags">
          {tagsOf && tagsOf.length > 0 ? (
            <span className="chips">
              {tagsOf.map((t) => (
                <span key={t.TagKey} className="chip chip--tag mono">
                  {t.TagKey}={t.TagValue}
                </span>
              ))}
            </span>
          ) : (
            <span className="muted">{tagsRecord && !tagsRecord.ok ? `${tagsRecord.error.name}` : '(none)'}</span>
          )}
        </Row>
      </dl>

      <PolicyView key={meta.Arn} keyArn={meta.Arn} />
      <p className="key-card__policy-edit">
        <EditPolicyButton keyArn={meta.Arn} />
      </p>
      <KeyActions meta={meta} />
      <RotationPanel meta={meta} />
    </article>
  );
}

export function KeyInspector() {
  const meta = useLab((s) => s.keys.find((k) => k.KeyId === s.selectedKeyId));
  if (!meta) {
    return (
      <div className="inspector-empty">
        <CmkIcon size={40} className="inspector-empty__icon" />
        <h2 className="inspector-empty__title">No key selected</h2>
        <p>Create a key or pick one from the list to see what KMS keeps about it: its ID, creation date, policy, description and state.</p>
      </div>
    );
  }
  return <KeyCard meta={meta} />;
}
