/**
 * The canvas's custom nodes, drawn in the visual language (VISUAL.md): each is memoised and reads
 * only its own `data` (a slice of the pure picture from `toFlow`). Handles are invisible anchors.
 */
import { memo, type ReactNode } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { ArtefactData, AuditData, CallerData, KmsData, LaneData, StorageData } from '../../timeline';
import {
  AuditIcon,
  CheckCircleIcon,
  CiphertextIcon,
  CmkIcon,
  ContextTagIcon,
  DataKeyIcon,
  EncryptedKeyIcon,
  HourglassIcon,
  PauseCircleIcon,
  PersonIcon,
  PlaintextIcon,
  PolicyIcon,
  StopIcon,
  StorageIcon,
} from '../common/icons';

type RF<T, K extends string> = Node<T & Record<string, unknown>, K>;

/** Four invisible anchors: left/right, source/target. `prefix` names a station inside the KMS node. */
function Anchors({ prefix = '' }: { prefix?: string }) {
  return (
    <>
      <Handle className="fl-handle" type="target" position={Position.Left} id={`${prefix}l-t`} isConnectable={false} />
      <Handle className="fl-handle" type="source" position={Position.Left} id={`${prefix}l-s`} isConnectable={false} />
      <Handle className="fl-handle" type="target" position={Position.Right} id={`${prefix}r-t`} isConnectable={false} />
      <Handle className="fl-handle" type="source" position={Position.Right} id={`${prefix}r-s`} isConnectable={false} />
    </>
  );
}

function statusClass(status: string, extra = ''): string {
  return `is-${status}${extra}`;
}

function ErrorFlag({ name }: { name?: string }) {
  if (!name) return null;
  return (
    <span className="fl-error" role="img" aria-label={`Failed: ${name}`}>
      <StopIcon size={14} aria-hidden="true" />
      <span aria-hidden="true">{name}</span>
    </span>
  );
}

const LaneNode = memo(function LaneNode({ data }: NodeProps<RF<LaneData, 'lane'>>) {
  return (
    <div className="fl-lane">
      <p className="fl-lane__title">{data.title}</p>
      <p className="fl-lane__sub">{data.subtitle}</p>
    </div>
  );
});

function principalName(arn: string): string {
  if (arn.endsWith(':root')) return `root user · ${arn.split(':')[4]}`;
  return arn.split(':').pop() ?? arn;
}

const CallerNode = memo(function CallerNode({ data }: NodeProps<RF<CallerData, 'caller'>>) {
  return (
    <div className={`fl-card fl-caller ${statusClass(data.status)}`} role="group" aria-label="You, the caller">
      <Anchors />
      <span className="fl-card__icon">
        <PersonIcon size={22} />
      </span>
      <span className="fl-card__body">
        <span className="fl-card__title">You (the caller)</span>
        <span className="fl-card__sub mono">{principalName(data.principal)}</span>
        {data.doing && <span className="fl-card__doing">{data.doing}</span>}
      </span>
    </div>
  );
});

const ARTEFACT_ICON = { plaintext: PlaintextIcon, 'dk-plain': DataKeyIcon, 'dk-enc': EncryptedKeyIcon, ciphertext: CiphertextIcon } as const;

const ArtefactNode = memo(function ArtefactNode({ data }: NodeProps<RF<ArtefactData, 'artefact'>>) {
  const Icon = ARTEFACT_ICON[data.artefact];
  return (
    <div
      className={`fl-card fl-art fl-art--${data.artefact} ${statusClass(data.status, data.ghost ? ' is-ghost' : '')}`}
      role="group"
      aria-label={`${data.label}${data.ghost ? ', discarded' : ''}`}
      data-artefact={data.artefact}
      title={data.hint}
    >
      <Anchors />
      {data.artefact === 'dk-plain' && !data.ghost && <span className="fl-art__notch" aria-hidden="true" />}
      <span className="fl-card__icon">
        <Icon size={22} />
      </span>
      <span className="fl-card__body">
        <span className="fl-card__title">{data.label}</span>
        {data.ghost ? <span className="fl-ghost-label">discarded</span> : <span className="fl-card__sub">{data.hint}</span>}
        {data.context && (
          <span className="fl-ctx" title="Encryption context: bound to the ciphertext as AES-GCM additional data">
            <ContextTagIcon size={13} />
            <span className="mono">{data.context.join(', ')}</span>
          </span>
        )}
      </span>
      <ErrorFlag name={data.errorName} />
    </div>
  );
});

function Decision({ decision }: { decision?: KmsData['policy']['decision'] }) {
  if (!decision) return <span className="fl-decision fl-decision--none">not evaluated yet</span>;
  if (decision === 'Allow')
    return (
      <span className="fl-decision fl-decision--allow">
        <CheckCircleIcon size={15} /> Allowed
      </span>
    );
  if (decision === 'ExplicitDeny')
    return (
      <span className="fl-decision fl-decision--deny">
        <StopIcon size={15} /> Denied — explicit deny
      </span>
    );
  return (
    <span className="fl-decision fl-decision--implicit">
      <span className="fl-decision__dash" aria-hidden="true" /> Denied — nothing allowed it
    </span>
  );
}

function StateBadge({ state }: { state?: string }) {
  if (!state) return null;
  const icon =
    state === 'Enabled' ? <CheckCircleIcon size={13} /> : state === 'Disabled' ? <PauseCircleIcon size={13} /> : state === 'PendingDeletion' ? <HourglassIcon size={13} /> : <StopIcon size={13} />;
  const tone = state === 'Enabled' ? 'ok' : state === 'Disabled' ? 'off' : 'danger';
  return (
    <span className={`badge badge--${tone} fl-state`}>
      {icon}
      {state}
    </span>
  );
}

function Station({ id, title, icon, status, children, label }: { id: string; title: string; icon: ReactNode; status: string; children: ReactNode; label: string }) {
  return (
    <div className={`fl-station fl-station--${id} ${statusClass(status)}`} role="group" aria-label={label} data-station={id}>
      <Anchors prefix={`${id}-`} />
      <span className="fl-station__icon">{icon}</span>
      <span className="fl-station__body">
        <span className="fl-station__title">{title}</span>
        {children}
      </span>
    </div>
  );
}

const KmsNode = memo(function KmsNode({ data }: NodeProps<RF<KmsData, 'kms'>>) {
  const { api, policy, cmk } = data;
  const cards = cmk.cards;
  return (
    <section className="fl-kms" aria-label={`AWS KMS boundary, ${data.region}`} data-boundary="kms">
      <p className="fl-kms__label">
        AWS KMS · <span className="mono">{data.region}</span>
      </p>
      <Station id="kms-api" title="KMS API" icon={<span className="fl-api-glyph">{'{ }'}</span>} status={api.status} label="KMS API: validate, resolve the key, check it">
        <span className="fl-station__sub">validate · resolve the key · check state and usage</span>
        <ErrorFlag name={api.errorName} />
      </Station>
      <span className="fl-kms__arrow" aria-hidden="true" />
      <Station id="policy" title="Authorization" icon={<PolicyIcon size={20} />} status={policy.status} label="Authorization: key policy, IAM policies and grants">
        <span className="fl-station__sub mono">{policy.action ?? 'key policy · IAM · grants'}</span>
        <Decision decision={policy.decision} />
        <ErrorFlag name={policy.errorName} />
      </Station>
      <span className="fl-kms__arrow" aria-hidden="true" />
      <div
        className={`fl-station fl-station--cmk fl-cmk ${statusClass(cmk.status, cmk.deleted ? ' is-ghost' : '')}`}
        role="group"
        aria-label={`CMK ${cmk.name}${cmk.deleted ? ', deleted' : ''}`}
        data-kind="cmk"
        data-station="cmk"
      >
        <Anchors prefix="cmk-" />
        <div className="fl-cmk__stack" aria-hidden="true">
          {cards.slice(0, -1).slice(-4).map((c, i, arr) => (
            <span key={c.id} className="fl-cmk__behind" style={{ transform: `translate(${(arr.length - i) * 5}px, ${-(arr.length - i) * 5}px)` }} />
          ))}
        </div>
        <div className="fl-cmk__card">
          <span className="fl-station__icon fl-cmk__icon">
            <CmkIcon size={24} />
          </span>
          <span className="fl-station__body">
            <span className="fl-station__title">
              CMK <span className="fl-cmk__name">{cmk.name}</span>
            </span>
            <span className="fl-cmk__meta">
              {cmk.deleted ? <span className="fl-ghost-label">deleted — its ciphertexts are unrecoverable</span> : <StateBadge state={cmk.state} />}
              {cmk.dataKeyInside && (
                <span className="fl-cmk__dk" title="A new data key, still inside KMS">
                  <DataKeyIcon size={14} /> new data key
                </span>
              )}
            </span>
            <ol className="fl-cards" aria-label={`Backing keys: ${cards.length}`}>
              {[...cards].reverse().map((c, i) => (
                <li key={c.id} className={`fl-bk${c.current ? ' is-current' : ''}${c.inUse ? ' is-inuse' : ''}${c.isNew ? ' is-new' : ''}`}>
                  <span className="fl-bk__v">v{cards.length - i}</span>
                  <span className="mono">{c.short}</span>
                  {c.current && <span className="fl-bk__tag">current</span>}
                  {c.inUse && <span className="fl-bk__tag fl-bk__tag--use">in use</span>}
                </li>
              ))}
            </ol>
          </span>
        </div>
        <ErrorFlag name={cmk.errorName} />
      </div>
      <p className="fl-kms__foot">The CMK and its backing keys never leave this boundary.</p>
    </section>
  );
});

const AuditNode = memo(function AuditNode({ data }: NodeProps<RF<AuditData, 'audit'>>) {
  const last = data.records.slice(-3);
  return (
    <div className={`fl-card fl-audit ${statusClass(data.status)}`} role="group" aria-label={`Audit log: ${data.records.length} event${data.records.length === 1 ? '' : 's'}`}>
      <Anchors />
      <span className="fl-card__icon">
        <AuditIcon size={22} />
      </span>
      <span className="fl-card__body">
        <span className="fl-card__title">CloudTrail</span>
        <span className="fl-card__sub">{data.records.length === 0 ? 'no events yet' : `${data.records.length} event${data.records.length === 1 ? '' : 's'}`}</span>
        <ul className="fl-audit__list">
          {last.map((r, i) => (
            <li key={i} className={r.errorCode ? 'is-error' : 'is-ok'}>
              {r.errorCode ? <StopIcon size={12} /> : <CheckCircleIcon size={12} />}
              <span className="mono">{r.eventName}</span>
              {r.errorCode && <span className="fl-audit__err">{r.errorCode}</span>}
            </li>
          ))}
        </ul>
      </span>
    </div>
  );
});

const StorageNode = memo(function StorageNode({ data }: NodeProps<RF<StorageData, 'storage'>>) {
  return (
    <div className={`fl-card fl-storage ${statusClass(data.status)}`} role="group" aria-label="Storage">
      <Anchors />
      <span className="fl-card__icon">
        <StorageIcon size={22} />
      </span>
      <span className="fl-card__body">
        <span className="fl-card__title">Storage</span>
        <span className="fl-card__sub">{data.holds.length === 2 ? 'the envelope: encrypted key + ciphertext' : data.holds.length ? 'the ciphertext' : 'empty'}</span>
        <span className="fl-storage__items">
          {data.holds.includes('dk-enc') && (
            <span className="fl-chip fl-chip--dkenc">
              <EncryptedKeyIcon size={13} /> encrypted data key
            </span>
          )}
          {data.holds.includes('ciphertext') && (
            <span className="fl-chip fl-chip--cipher">
              <CiphertextIcon size={13} /> ciphertext
            </span>
          )}
        </span>
      </span>
    </div>
  );
});

export const nodeTypes = {
  lane: LaneNode,
  caller: CallerNode,
  artefact: ArtefactNode,
  kms: KmsNode,
  audit: AuditNode,
  storage: StorageNode,
};
