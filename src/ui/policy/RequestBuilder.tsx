/**
 * The request builder: who asks (principal), what (operation), on which key (id, ARN or alias —
 * an alias sets kms:RequestAlias), with which encryption context and environment (kms:ViaService,
 * aws:SourceIp, MFA, time). Simulate evaluates only; Perform really calls the engine as that principal.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useLab, LAB_OPERATIONS, NO_KEY_ACTIONS, PERFORMABLE } from '../../store';
import { PairsEditor } from '../common/PairsEditor';
import { ErrorCard } from '../common/ErrorCard';
import { PrincipalIcon } from '../decision/icons';

export function usePrincipalOptions(): string[] {
  const world = useLab((s) => s.world);
  const revision = useLab((s) => s.worldRevision);
  return useMemo(() => {
    void revision;
    if (!world) return [];
    const ids = world.identities;
    const roots = Object.keys(ids.accounts).map((a) => `arn:aws:iam::${a}:root`);
    return [...roots, ...Object.keys(ids.principals).sort()];
  }, [world, revision]);
}

/** "111122223333 root", "111122223333:user/alice": short enough for a select, still unambiguous. */
const principalLabel = (arn: string) => (arn.endsWith(':root') ? `${arn.split(':')[4]} root` : arn.replace(/^arn:aws:(iam|sts)::/, ''));

export function RequestBuilder() {
  const request = useLab((s) => s.request);
  const setRequest = useLab((s) => s.setRequest);
  const simulate = useLab((s) => s.simulateRequest);
  const perform = useLab((s) => s.performRequest);
  const labError = useLab((s) => s.labError);
  const world = useLab((s) => s.world);
  const revision = useLab((s) => s.worldRevision);
  const region = useLab((s) => s.region);
  const principals = usePrincipalOptions();
  const [busy, setBusy] = useState(false);

  const keyOptions = useMemo(() => {
    void revision;
    if (!world) return [];
    const out: { value: string; label: string }[] = [];
    for (const k of Object.values(world.state.keys)) out.push({ value: k.arn, label: `${k.arn}` });
    for (const a of Object.values(world.state.aliases)) out.push({ value: a.aliasName, label: `${a.aliasName} (alias name)` }, { value: a.aliasArn, label: `${a.aliasArn}` });
    return out;
  }, [world, revision]);

  const noKey = NO_KEY_ACTIONS.has(request.operation);
  const performable = (PERFORMABLE as readonly string[]).includes(request.operation);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    simulate();
  };

  return (
    <form className="lab-card rb" onSubmit={submit} aria-labelledby="rb-title">
      <h2 id="rb-title" className="lab-h2">
        Request
      </h2>
      <div className="rb-grid">
        <div className="field">
          <label htmlFor="rb-principal">Principal</label>
          <div className="rb-principal">
            <PrincipalIcon arn={request.principal} size={18} />
            <select id="rb-principal" className="select mono" value={request.principal} onChange={(e) => setRequest({ principal: e.target.value })}>
              {!principals.includes(request.principal) && <option value={request.principal}>{request.principal}</option>}
              {principals.map((p) => (
                <option key={p} value={p}>
                  {principalLabel(p)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor="rb-operation">Operation</label>
          <select id="rb-operation" className="select" value={request.operation} onChange={(e) => setRequest({ operation: e.target.value })}>
            {LAB_OPERATIONS.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
        <div className="field rb-key">
          <label htmlFor="rb-key">Key (ID, ARN, alias name or alias ARN)</label>
          <input
            id="rb-key"
            className="input mono"
            list="rb-key-options"
            value={noKey ? '' : request.keyRef}
            disabled={noKey}
            placeholder={noKey ? `${request.operation} names no key: IAM policies alone decide` : 'alias/… or arn:aws:kms:…'}
            onChange={(e) => setRequest({ keyRef: e.target.value })}
            spellCheck={false}
            autoComplete="off"
          />
          <datalist id="rb-key-options">
            {keyOptions.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </datalist>
        </div>
      </div>
      <PairsEditor
        legend="Encryption context of the request"
        hint="Sets kms:EncryptionContext:<key> and kms:EncryptionContextKeys, and is what grant constraints check."
        pairs={request.encryptionContext}
        onChange={(p) => setRequest({ encryptionContext: p })}
        addLabel="Add pair"
        tone="context"
        idPrefix="rb-ec"
      />
      <fieldset className="rb-env">
        <legend>Environment</legend>
        <div className="rb-grid">
          <div className="field">
            <label htmlFor="rb-via">kms:ViaService</label>
            <input id="rb-via" className="input mono" list="rb-via-options" value={request.viaService} placeholder="(a direct call)" onChange={(e) => setRequest({ viaService: e.target.value })} spellCheck={false} />
            <datalist id="rb-via-options">
              {['s3', 'ec2', 'rds', 'secretsmanager', 'ssm', 'lambda', 'dynamodb'].map((s) => (
                <option key={s} value={`${s}.${region}.amazonaws.com`} />
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor="rb-ip">aws:SourceIp</label>
            <input id="rb-ip" className="input mono" value={request.sourceIp} placeholder="e.g. 203.0.113.7" onChange={(e) => setRequest({ sourceIp: e.target.value })} spellCheck={false} />
          </div>
          <div className="field">
            <label htmlFor="rb-mfa">aws:MultiFactorAuthPresent</label>
            <select id="rb-mfa" className="select" value={request.mfa} onChange={(e) => setRequest({ mfa: e.target.value as '' | 'true' | 'false' })}>
              <option value="">(not sent)</option>
              <option value="true">true — signed in with MFA</option>
              <option value="false">false — no MFA</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="rb-time">aws:CurrentTime</label>
            <input id="rb-time" className="input mono" value={request.time} placeholder="(the simulated clock)" onChange={(e) => setRequest({ time: e.target.value })} spellCheck={false} />
          </div>
        </div>
      </fieldset>
      <div className="rb-actions">
        <button type="submit" className="btn btn-primary" disabled={!world}>
          Simulate
        </button>
        <button
          type="button"
          className="btn"
          disabled={!world || busy || !performable}
          title={performable ? 'Really call the engine as this principal' : `${request.operation} can be simulated here, not performed`}
          onClick={async () => {
            setBusy(true);
            await perform();
            setBusy(false);
          }}
        >
          Perform
        </button>
        <p className="rb-hint muted">
          Simulate evaluates the policies only. Perform makes the real {request.operation} call as this principal{request.operation === 'Decrypt' ? ' (after the key’s account root encrypts a sample to decrypt)' : ''}.
        </p>
      </div>
      {labError && <ErrorCard error={labError} />}
    </form>
  );
}
