import { useEffect } from 'react';
import { useLab } from '../../store';
import type { CreateKeyRequest, KeySpec, KeyUsageType, OriginType } from '@kms-lab/engine';

const KEY_SPECS: KeySpec[] = [
  'SYMMETRIC_DEFAULT', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'ECC_NIST_EDWARDS25519', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'SM2',
];
const ORIGINS: OriginType[] = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'];

/** The KeyUsage values each KeySpec allows (kms-behaviour.md §2). */
function usagesFor(spec: KeySpec): KeyUsageType[] {
  if (spec === 'SYMMETRIC_DEFAULT') return ['ENCRYPT_DECRYPT'];
  if (spec.startsWith('RSA_')) return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'];
  if (spec === 'ECC_NIST_P256' || spec === 'ECC_NIST_P384' || spec === 'ECC_NIST_P521') return ['SIGN_VERIFY', 'KEY_AGREEMENT'];
  if (spec.startsWith('HMAC_')) return ['GENERATE_VERIFY_MAC'];
  if (spec === 'SM2') return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'];
  return ['SIGN_VERIFY'];
}

/** The requests tried in a scratch world to learn what this engine supports. */
function probeCandidates(): Record<string, CreateKeyRequest> {
  const c: Record<string, CreateKeyRequest> = {};
  for (const spec of KEY_SPECS) for (const usage of usagesFor(spec)) c[`${spec}/${usage}`] = { KeySpec: spec, KeyUsage: usage };
  for (const origin of ORIGINS) c[`Origin:${origin}`] = { Origin: origin };
  c.MultiRegion = { MultiRegion: true };
  return c;
}

export interface AdvancedOptions {
  keySpec: KeySpec;
  keyUsage: KeyUsageType;
  origin: OriginType;
  multiRegion: boolean;
  policy: string;
  bypass: boolean;
}

export const DEFAULT_OPTIONS: AdvancedOptions = { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS', multiRegion: false, policy: '', bypass: false };

export function toRequest(o: AdvancedOptions): Omit<CreateKeyRequest, 'Description' | 'Tags'> {
  return {
    ...(o.keySpec !== 'SYMMETRIC_DEFAULT' ? { KeySpec: o.keySpec, KeyUsage: o.keyUsage } : {}),
    ...(o.origin !== 'AWS_KMS' ? { Origin: o.origin } : {}),
    ...(o.multiRegion ? { MultiRegion: true } : {}),
    ...(o.policy.trim() ? { Policy: o.policy } : {}),
    ...(o.bypass ? { BypassPolicyLockoutSafetyCheck: true } : {}),
  };
}

const NOT_YET = ' — not in this engine yet';

/** Every CreateKey option, marked with what this engine supports (learned by trying each in a scratch world). */
export function CreateKeyOptions({ value, onChange }: { value: AdvancedOptions; onChange(v: AdvancedOptions): void }) {
  const support = useLab((s) => s.createKeySupport);
  const probe = useLab((s) => s.probeCreateKeyOptions);
  useEffect(() => {
    if (!support) void probe(probeCandidates());
  }, [support, probe]);
  const ok = (id: string) => support?.[id]?.supported ?? true;
  const specOk = (spec: KeySpec) => usagesFor(spec).some((u) => ok(`${spec}/${u}`));
  const chosen = support?.[`${value.keySpec}/${value.keyUsage}`];
  const originNote = support?.[`Origin:${value.origin}`];
  const mrNote = support?.MultiRegion;
  return (
    <div className="create-advanced__grid">
      <div className="field">
        <label htmlFor="ck-spec">Key spec</label>
        <select
          id="ck-spec"
          className="select mono"
          value={value.keySpec}
          onChange={(e) => {
            const keySpec = e.target.value as KeySpec;
            onChange({ ...value, keySpec, keyUsage: usagesFor(keySpec)[0] });
          }}
        >
          {KEY_SPECS.map((s) => (
            <option key={s} value={s}>
              {s}
              {specOk(s) ? '' : NOT_YET}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="ck-usage">Key usage</label>
        <select id="ck-usage" className="select mono" value={value.keyUsage} onChange={(e) => onChange({ ...value, keyUsage: e.target.value as KeyUsageType })}>
          {usagesFor(value.keySpec).map((u) => (
            <option key={u} value={u}>
              {u}
              {ok(`${value.keySpec}/${u}`) ? '' : NOT_YET}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="ck-origin">Key material origin</label>
        <select id="ck-origin" className="select mono" value={value.origin} onChange={(e) => onChange({ ...value, origin: e.target.value as OriginType })}>
          {ORIGINS.map((o) => (
            <option key={o} value={o}>
              {o}
              {ok(`Origin:${o}`) ? '' : NOT_YET}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <span className="field__label-like">Regionality</span>
        <label className="check">
          <input type="checkbox" checked={value.multiRegion} onChange={(e) => onChange({ ...value, multiRegion: e.target.checked })} /> Multi-Region key
          {mrNote && !mrNote.supported ? NOT_YET : ''}
        </label>
      </div>
      <div className="field field--wide">
        <label htmlFor="ck-policy">
          Key policy <span className="field__opt">(optional JSON; empty gives AWS’s default policy)</span>
        </label>
        <textarea id="ck-policy" className="input textarea mono" rows={4} value={value.policy} onChange={(e) => onChange({ ...value, policy: e.target.value })} spellCheck={false} />
        <label className="check">
          <input type="checkbox" checked={value.bypass} onChange={(e) => onChange({ ...value, bypass: e.target.checked })} /> Bypass the policy lockout safety check
        </label>
      </div>
      <p className="field__note field--wide" role="status">
        {!support
          ? 'Asking the engine which options it supports…'
          : [chosen && !chosen.supported ? chosen.reason : '', originNote && !originNote.supported ? originNote.reason : '', value.multiRegion && mrNote && !mrNote.supported ? mrNote.reason : '']
              .filter(Boolean)
              .join(' ') || 'The engine supports this combination.'}
      </p>
    </div>
  );
}
