import { useState } from 'react';
import { useLab, aliasesOf, call } from '../../store';
import { Arn } from '../common/Arn';
import { CheckCircleIcon, StopIcon } from '../common/icons';
import { makeSpecimen, TAMPER_CASES, type Helpers, type Specimen, type TamperOutcome } from './tamper';
import { formatBytes } from '../envelope/parts';
import '../envelope/envelope.css';

function helpers(): Helpers {
  const s = () => useLab.getState();
  const refresh = async () => {
    const w = s().world;
    if (w) useLab.setState({ now: w.now() });
    await s().refreshCatalog();
  };
  return {
    async otherKeyId() {
      const st = s();
      const spec = st.keys.filter((k) => k.KeySpec === 'SYMMETRIC_DEFAULT' && k.KeyState === 'Enabled');
      const specimenKey = specimenKeyId;
      const other = spec.find((k) => k.KeyId !== specimenKey);
      if (other) return other.KeyId;
      return this.createKey('Tamper lab: another key');
    },
    async keyAction(op, keyId) {
      const st = s();
      if (!st.world) return;
      await call(st.world, st.region, op, (kms): Promise<unknown> =>
        op === 'EnableKey'
          ? kms.enableKey({ KeyId: keyId })
          : op === 'DisableKey'
            ? kms.disableKey({ KeyId: keyId })
            : op === 'ScheduleKeyDeletion'
              ? kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 })
              : kms.cancelKeyDeletion({ KeyId: keyId }),
      );
      await refresh();
    },
    async advanceClock(days) {
      await s().advanceClock({ days });
    },
    async createKey(description) {
      const st = s();
      if (!st.world) throw new Error('no world');
      const kms = st.world.client({ region: st.region });
      const { KeyMetadata } = await kms.createKey({ Description: description });
      await refresh();
      return KeyMetadata.KeyId;
    },
  };
}

/** The specimen's key, so "name another key" picks a different one. */
let specimenKeyId = '';

function Outcome({ outcome }: { outcome: TamperOutcome }) {
  // A KMS answer shows AWS's exception name and message verbatim; a local failure says in words
  // what failed in the browser (its title already says where) — never as a KMS error.
  const local = outcome.where === 'local';
  return (
    <div className={`tamper-case__outcome${outcome.ok ? ' tamper-case__outcome--ok' : ''}${local ? ' tamper-case__outcome--local' : ''}`} role="status" aria-label={`Outcome: ${outcome.name}`}>
      {outcome.ok ? <CheckCircleIcon size={18} /> : <StopIcon size={18} />}
      <div>
        {local ? (
          <>
            <span className="tamper-case__name tamper-case__name--local">{outcome.name}</span>
            <span className="tamper-case__msg">{outcome.message}</span>
          </>
        ) : (
          <>
            <span className="tamper-case__name mono">{outcome.name}</span> {outcome.where === 'kms' && <span className="muted">from KMS (Decrypt)</span>}
            <span className="tamper-case__msg mono">{outcome.message === '' ? '(empty message — AWS returns no text for this error)' : outcome.message}</span>
          </>
        )}
        <span className="tamper-case__why">
          <strong>Why: </strong>
          {outcome.why}
        </span>
        {outcome.note && <span className="tamper-case__why muted">{outcome.note}</span>}
        {outcome.browserWords && (
          <details className="error-card__detail">
            <summary>The browser’s own words</summary>
            <code className="mono">{outcome.browserWords}</code>
          </details>
        )}
      </div>
    </div>
  );
}

/** The tamper lab: change one thing at a time and watch decryption fail, with the exception AWS gives. */
export default function TamperLab() {
  const world = useLab((s) => s.world);
  const region = useLab((s) => s.region);
  const keys = useLab((s) => s.keys);
  const aliases = useLab((s) => s.aliases);
  const usable = keys.filter((k) => k.KeySpec === 'SYMMETRIC_DEFAULT' && k.KeyState === 'Enabled');
  const [keyId, setKeyId] = useState('');
  const chosen = usable.some((k) => k.KeyId === keyId) ? keyId : (usable[0]?.KeyId ?? '');
  const [specimen, setSpecimen] = useState<Specimen | null>(null);
  const [specimenError, setSpecimenError] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Record<string, TamperOutcome>>({});
  const [running, setRunning] = useState<string | null>(null);

  const prepare = async () => {
    if (!world || !chosen) return;
    setSpecimenError(null);
    try {
      const s = await makeSpecimen(world, region, chosen);
      specimenKeyId = s.keyId;
      useLab.setState({ now: world.now() });
      setSpecimen(s);
      setOutcomes({});
    } catch (e) {
      setSpecimenError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
  };

  const run = async (id: string) => {
    const c = TAMPER_CASES.find((x) => x.id === id);
    if (!c || !world || !specimen) return;
    setRunning(id);
    try {
      const r = await c.run(world, specimen, helpers());
      setOutcomes((o) => ({ ...o, [id]: { ...r, caseId: id, why: c.why } }));
    } finally {
      setRunning(null);
    }
  };

  const runAll = async () => {
    for (const c of TAMPER_CASES) await run(c.id);
  };

  return (
    <div className="screen tamper-lab" id="tamper">
      <div className="screen__intro">
        <h1 className="screen__title">Tamper lab</h1>
        <p className="screen__lede">
          Change one thing about an envelope — a byte, the context, the key, the key’s state — and watch decryption fail with the exception AWS gives. Each
          failure says why in one line.
        </p>
      </div>
      <section className="panel" aria-labelledby="specimen-title">
        <h3 id="specimen-title" className="panel__title">
          The specimen <span className="panel__sub">a 40-row payroll table, sealed in 1 KiB chunks</span>
        </h3>
        <div className="tamper-specimen">
          <div className="field field--inline">
            <label htmlFor="tamper-key">KMS key</label>
            <select id="tamper-key" className="select" value={chosen} onChange={(e) => setKeyId(e.target.value)}>
              <option value="" disabled>
                {usable.length ? 'Choose a key…' : 'Create a key first (Keys & crypto)'}
              </option>
              {usable.map((k) => (
                <option key={k.KeyId} value={k.KeyId}>
                  {aliasesOf(aliases, k.KeyId)[0] ?? k.KeyId.slice(0, 8) + '…'} — {k.Description || 'no description'}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="btn btn-primary" disabled={!world || !chosen} onClick={() => void prepare()}>
            Make the specimen envelope
          </button>
        </div>
        {specimenError && (
          <p className="env-error" role="alert">
            <StopIcon size={18} /> {specimenError}
          </p>
        )}
        {specimen && (
          <p className="result__ok" role="status">
            Specimen ready: {formatBytes(specimen.envelope.length)} envelope, {Math.ceil(specimen.header.plaintextLength / specimen.header.chunkSize)} chunks, data key
            wrapped by <Arn value={specimen.keyArn} />, context department=finance, purpose=payroll.
          </p>
        )}
      </section>
      {specimen && (
        <section className="panel" aria-labelledby="cases-title">
          <h3 id="cases-title" className="panel__title">
            Cases <span className="panel__sub">each runs Decrypt in the engine, then local AES-GCM</span>
          </h3>
          <button type="button" className="btn btn-sm" disabled={running !== null} onClick={() => void runAll()}>
            Run every case
          </button>
          <ul className="tamper-cases" aria-label="Tamper cases">
            {TAMPER_CASES.map((c) => (
              <li key={c.id} className="tamper-case" aria-labelledby={`tc-${c.id}`}>
                <div>
                  <p className="tamper-case__title" id={`tc-${c.id}`}>
                    {c.title}
                  </p>
                  <p className="tamper-case__what">
                    {c.what}
                    {c.sideEffect && <em> Side effect: {c.sideEffect}.</em>}
                  </p>
                </div>
                <button type="button" className="btn btn-sm" disabled={running !== null} onClick={() => void run(c.id)} aria-label={`Run: ${c.title}`}>
                  {running === c.id ? 'Running…' : 'Run'}
                </button>
                {outcomes[c.id] && <Outcome outcome={outcomes[c.id]} />}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
