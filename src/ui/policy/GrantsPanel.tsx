/**
 * Grants: create (with encryption-context constraints), list, retire and revoke — real KMS calls,
 * made as the principal the app is acting as. A grant is a ticket: an extra allow for one grantee,
 * never a deny.
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useLab, call, newPair, contextOf, type CallRecord, type ContextPair } from '../../store';
import type { GrantListEntry, GrantOperation } from '@kms-lab/engine';
import { PairsEditor } from '../common/PairsEditor';
import { ErrorCard } from '../common/ErrorCard';
import { GrantIcon } from '../decision/icons';
import { usePrincipalOptions } from './RequestBuilder';

const OPS: GrantOperation[] = ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'DescribeKey', 'CreateGrant', 'RetireGrant'];

export function GrantsPanel() {
  const world = useLab((s) => s.world);
  const revision = useLab((s) => s.worldRevision);
  const bumpWorld = useLab((s) => s.bumpWorld);
  const principal = useLab((s) => s.principal);
  const requestKey = useLab((s) => s.request.keyRef);
  const principals = usePrincipalOptions().filter((p) => !p.endsWith(':root'));
  const keys = useMemo(() => {
    void revision;
    return world ? Object.values(world.state.keys) : [];
  }, [world, revision]);
  const [keyArn, setKeyArn] = useState('');
  const key = keys.find((k) => k.arn === keyArn) ?? keys.find((k) => k.arn === requestKey || k.keyId === requestKey) ?? keys[0];
  const [grantee, setGrantee] = useState('');
  const [retiring, setRetiring] = useState('');
  const [name, setName] = useState('');
  const [ops, setOps] = useState<GrantOperation[]>(['Decrypt']);
  const [constraint, setConstraint] = useState<'none' | 'equals' | 'subset'>('none');
  const [pairs, setPairs] = useState<ContextPair[]>([newPair('dept', 'hr')]);
  const [list, setList] = useState<CallRecord<GrantListEntry[]> | null>(null);
  const [last, setLast] = useState<CallRecord<unknown> | null>(null);

  const refresh = useCallback(async () => {
    if (!world || !key) return;
    setList(await call(world, key.region, 'ListGrants', async (kms) => (await kms.listGrants({ KeyId: key.arn })).Grants));
  }, [world, key]);

  // Re-list when the key's grants change (not on every call: ListGrants is a call too).
  const grantIds = useMemo(() => {
    void revision;
    return world && key ? Object.values(world.state.grants ?? {}).filter((g) => g.keyArn === key.arn).map((g) => g.grantId).sort().join(',') : '';
  }, [world, key, revision]);
  useEffect(() => {
    void refresh();
  }, [refresh, principal, grantIds]);

  if (!world) return null;
  const granteeValue = grantee || principals[0] || '';
  const done = async (record: CallRecord<unknown>) => {
    setLast(record);
    bumpWorld();
    await refresh();
  };
  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!key) return;
    const ec = contextOf(pairs);
    const Constraints = constraint === 'none' || !ec ? undefined : constraint === 'equals' ? { EncryptionContextEquals: ec } : { EncryptionContextSubset: ec };
    await done(
      await call(world, key.region, 'CreateGrant', (kms) =>
        kms.createGrant({ KeyId: key.arn, GranteePrincipal: granteeValue, Operations: ops, ...(retiring ? { RetiringPrincipal: retiring } : {}), ...(name ? { Name: name } : {}), ...(Constraints ? { Constraints } : {}) }),
      ),
    );
  };

  return (
    <section className="lab-card gp" aria-labelledby="gp-title">
      <h2 id="gp-title" className="lab-h2">
        <GrantIcon size={20} className="gp-icon" /> Grants
      </h2>
      <p className="muted">A grant lets one grantee use one key for some operations — an extra allow, never a deny. Calls are made as the principal you act as.</p>
      {!key ? (
        <p className="muted">Create a key first.</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="gp-key">Key</label>
            <select id="gp-key" className="select mono" value={key.arn} onChange={(e) => setKeyArn(e.target.value)}>
              {keys.map((k) => (
                <option key={k.arn} value={k.arn}>
                  {k.arn}
                </option>
              ))}
            </select>
          </div>
          <form className="gp-form" onSubmit={create} aria-label="Create a grant">
            <div className="rb-grid">
              <div className="field">
                <label htmlFor="gp-grantee">Grantee principal</label>
                <select id="gp-grantee" className="select mono" value={granteeValue} onChange={(e) => setGrantee(e.target.value)}>
                  {principals.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="gp-retiring">Retiring principal (optional)</label>
                <select id="gp-retiring" className="select mono" value={retiring} onChange={(e) => setRetiring(e.target.value)}>
                  <option value="">(none)</option>
                  {principals.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="gp-name">Name (optional)</label>
                <input id="gp-name" className="input" value={name} onChange={(e) => setName(e.target.value)} />
              </div>
            </div>
            <fieldset className="gp-ops">
              <legend>Operations</legend>
              {OPS.map((o) => (
                <label key={o} className="wi-check">
                  <input type="checkbox" checked={ops.includes(o)} onChange={() => setOps((l) => (l.includes(o) ? l.filter((x) => x !== o) : [...l, o]))} />
                  {o}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="gp-constraint">Constraint</label>
              <select id="gp-constraint" className="select" value={constraint} onChange={(e) => setConstraint(e.target.value as typeof constraint)}>
                <option value="none">None</option>
                <option value="equals">EncryptionContextEquals — exactly these pairs</option>
                <option value="subset">EncryptionContextSubset — at least these pairs</option>
              </select>
            </div>
            {constraint !== 'none' && <PairsEditor legend="Constraint pairs" pairs={pairs} onChange={setPairs} addLabel="Add pair" tone="context" idPrefix="gp-ec" />}
            <button type="submit" className="btn btn-primary btn-sm" disabled={!granteeValue || ops.length === 0}>
              Create grant
            </button>
          </form>
          {last && (
            <div className="result" role="region" aria-label={`${last.operation} result`}>
              {last.ok ? <p className="result__ok">{last.operation} succeeded.</p> : <ErrorCard error={last.error} operation={last.operation} />}
            </div>
          )}
          <h3 className="lab-h3">Grants on this key</h3>
          {list && !list.ok && <ErrorCard error={list.error} operation="ListGrants" />}
          {list?.ok && list.value.length === 0 && <p className="muted">No grants.</p>}
          {list?.ok && list.value.length > 0 && (
            <ul className="gp-list" aria-label="Grants on this key">
              {list.value.map((g) => (
                <li key={g.GrantId} className="gp-grant">
                  <GrantIcon size={18} className="gp-icon" />
                  <div className="gp-grant__body">
                    <p className="mono gp-grant__id">
                      {g.Name ? `${g.Name} · ` : ''}
                      {g.GrantId.slice(0, 16)}…
                    </p>
                    <p>
                      For <span className="mono">{g.GranteePrincipal ?? g.GranteeServicePrincipal}</span>: {g.Operations.join(', ')}
                    </p>
                    {g.Constraints && <p className="muted mono">{JSON.stringify(g.Constraints)}</p>}
                  </div>
                  <div className="gp-grant__actions">
                    <button type="button" className="btn btn-ghost btn-xs" onClick={async () => done(await call(world, key.region, 'RetireGrant', (kms) => kms.retireGrant({ KeyId: key.arn, GrantId: g.GrantId })))}>
                      Retire
                    </button>
                    <button type="button" className="btn btn-ghost btn-xs" onClick={async () => done(await call(world, key.region, 'RevokeGrant', (kms) => kms.revokeGrant({ KeyId: key.arn, GrantId: g.GrantId })))}>
                      Revoke
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
