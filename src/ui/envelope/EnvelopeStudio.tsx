import { useEffect, useState, type FormEvent } from 'react';
import { useLab, aliasesOf, contextOf, newPair, call, type CallRecord, type ContextPair, type Artefact } from '../../store';
import { PairsEditor } from '../common/PairsEditor';
import { ErrorCard, LocalFailureCard } from '../common/ErrorCard';
import { WhatHappened } from '../common/WhatHappened';
import { Arn } from '../common/Arn';
import { CiphertextIcon, PlaintextIcon, StopIcon, CheckCircleIcon } from '../common/icons';
import { ContextChips, DataKeyCard, DropZone, formatBytes, ProgressBar, Stage, useObjectUrl } from './parts';
import { DownloadIcon, EnvelopeIcon, SealedKeyIcon } from './icons';
import { PlayFlowButton } from './PlayFlowButton';
import { ENVELOPE_EXTENSION } from '../../envelope/format';
import './envelope.css';

const LIMIT = 4096;
const TEN_MB = 10 * 1024 * 1024;

/** A deterministic 10 MB sample (random-looking bytes, generated without blocking for long). */
function sampleFile(bytes = TEN_MB): File {
  const data = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 65536) crypto.getRandomValues(data.subarray(i, Math.min(bytes, i + 65536)));
  return new File([data], 'sample-10MB.bin', { type: 'application/octet-stream' });
}

function KeyPicker({ id, value, onChange, label }: { id: string; value: string; onChange(v: string): void; label: string }) {
  const keys = useLab((s) => s.keys);
  const aliases = useLab((s) => s.aliases);
  const usable = keys.filter((k) => k.KeySpec === 'SYMMETRIC_DEFAULT');
  return (
    <div className="field field--inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={usable.some((k) => k.KeyId === value) ? value : ''} onChange={(e) => onChange(e.target.value)}>
        <option value="" disabled>
          {usable.length ? 'Choose a key…' : 'Create a key first (Keys & crypto)'}
        </option>
        {usable.map((k) => (
          <option key={k.KeyId} value={k.KeyId}>
            {aliasesOf(aliases, k.KeyId)[0] ?? k.KeyId.slice(0, 8) + '…'} — {k.Description || 'no description'} ({k.KeyState})
          </option>
        ))}
      </select>
    </div>
  );
}

/** The notes' lesson: Encrypt stops at 4 KB; envelope encryption does not. */
function LimitLesson({ keyId }: { keyId: string }) {
  const world = useLab((s) => s.world);
  const region = useLab((s) => s.region);
  const [record, setRecord] = useState<CallRecord<unknown> | null>(null);
  const run = async () => {
    if (!world) return;
    const r = await call(world, region, 'Encrypt', (kms) => kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(LIMIT + 1).fill(0x41) }));
    useLab.setState({ now: world.now() });
    setRecord(r);
  };
  return (
    <section className="panel env-lesson" aria-labelledby="env-lesson-title">
      <h3 id="env-lesson-title" className="panel__title">
        Why envelopes? <span className="panel__sub">Encrypt takes at most 4 KB</span>
      </h3>
      <p>
        A KMS key encrypts at most 4,096 bytes directly, and the key never leaves KMS. For anything bigger, ask KMS for a <strong>data key</strong>,
        encrypt the data yourself, and keep only the encrypted copy of the data key with the data.
      </p>
      <div className="env-lesson__row">
        <button type="button" className="btn btn-sm" disabled={!keyId} onClick={() => void run()}>
          Try Encrypt with 4,097 bytes
        </button>
        <span className="muted">{keyId ? 'One byte over the limit, sent to Encrypt directly.' : 'Choose a key below first.'}</span>
      </div>
      {record && (
        <div className="result" role="region" aria-label="Direct Encrypt result">
          {record.ok ? <p className="result__ok">Encrypt succeeded.</p> : <ErrorCard error={record.error} operation="Encrypt" />}
        </div>
      )}
    </section>
  );
}

function EncryptForm({ keyId, setKeyId }: { keyId: string; setKeyId(v: string): void }) {
  const encryptEnvelope = useLab((s) => s.encryptEnvelope);
  const phase = useLab((s) => s.envelopeEncrypt.phase);
  const ready = useLab((s) => s.world !== null);
  const [mode, setMode] = useState<'text' | 'file'>('text');
  const [text, setText] = useState('Quarterly payroll — 1,284 rows. Keep this between us.');
  const [file, setFile] = useState<File | null>(null);
  const [context, setContext] = useState<ContextPair[]>(() => [newPair('department', 'finance')]);
  const busy = phase === 'kms' || phase === 'local';
  const data: Blob | null = mode === 'text' ? new Blob([text], { type: 'text/plain' }) : file;
  const name = mode === 'text' ? 'message.txt' : (file?.name ?? '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!data || !keyId) return;
    void encryptEnvelope({ data, name, keyId, context: contextOf(context) });
  };

  return (
    <form className="panel env-form" onSubmit={submit} aria-labelledby="env-encrypt-title">
      <h3 id="env-encrypt-title" className="panel__title">
        <EnvelopeIcon size={20} /> Encrypt with a data key <span className="panel__sub">GenerateDataKey · AES-256-GCM in your browser</span>
      </h3>
      <fieldset className="env-mode">
        <legend className="sr-only">What to encrypt</legend>
        <label className="env-mode__opt">
          <input type="radio" name="env-mode" checked={mode === 'text'} onChange={() => setMode('text')} /> A text
        </label>
        <label className="env-mode__opt">
          <input type="radio" name="env-mode" checked={mode === 'file'} onChange={() => setMode('file')} /> A file (any size)
        </label>
      </fieldset>
      {mode === 'text' ? (
        <div className="field">
          <label htmlFor="env-text">Text to encrypt</label>
          <textarea id="env-text" className="input textarea mono" rows={4} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
          <span className="muted">{formatBytes(new Blob([text]).size)} — no 4 KB limit here: KMS only ever sees the 32-byte data key.</span>
        </div>
      ) : (
        <DropZone label="Choose a file to encrypt" hint="or drop it here — it never leaves your browser" onFile={setFile}>
          <div className="dropzone__row">
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => setFile(sampleFile())}>
              Generate a 10 MB sample file
            </button>
            {file && (
              <span className="mono dropzone__file" aria-live="polite">
                {file.name} · {formatBytes(file.size)}
              </span>
            )}
          </div>
        </DropZone>
      )}
      <PairsEditor
        legend="Encryption context"
        hint="Sent with GenerateDataKey and stored in the envelope header. Decrypt must present exactly the same pairs."
        pairs={context}
        onChange={setContext}
        addLabel="Add pair"
        tone="context"
        idPrefix="env-ec"
      />
      <div className="stage__action">
        <KeyPicker id="env-key" value={keyId} onChange={setKeyId} label="KMS key" />
        <button type="submit" className="btn btn-primary" disabled={!ready || busy || !data || !keyId}>
          {busy ? 'Encrypting…' : 'Encrypt with a data key'}
        </button>
      </div>
    </form>
  );
}

function EnvelopeDownload({ artefact }: { artefact: Artefact }) {
  const url = useObjectUrl(artefact.blob);
  if (!url) return null;
  return (
    <a className="btn btn-sm" href={url} download={artefact.name}>
      <DownloadIcon size={16} /> Download {artefact.name}
    </a>
  );
}

function EncryptPipeline() {
  const job = useLab((s) => s.envelopeEncrypt);
  const artefact = useLab((s) => s.artefacts.find((a) => a.id === s.envelopeEncrypt.artefactId));
  const setInspected = useLab((s) => s.setInspected);
  const loadEnvelope = useLab((s) => s.loadEnvelope);
  if (job.phase === 'idle') return null;
  const g = job.generate;
  const gState = !g ? 'running' : g.ok ? 'done' : 'failed';
  const localState = job.phase === 'local' ? 'running' : job.error ? 'failed' : artefact ? 'done' : 'waiting';
  return (
    <section className="env-pipeline" aria-labelledby="env-pipeline-title">
      <h3 id="env-pipeline-title" className="section-title">
        Envelope encryption, step by step {job.flow && <PlayFlowButton flow={job.flow} />}
      </h3>
      <ol className="env-stages">
        <Stage n={1} title="GenerateDataKey — KMS makes a data key, returns it twice" state={gState} tone="kms">
          {g && !g.ok && <ErrorCard error={g.error} operation="GenerateDataKey" />}
          {g?.ok && (
            <div className="env-twins">
              <DataKeyCard dataKey={job.dataKey} />
              <button type="button" className="env-artefact env-artefact--sealed" onClick={() => setInspected('encrypt:encrypted-data-key')}>
                <SealedKeyIcon size={22} />
                <span>
                  <strong>Encrypted data key</strong> (CiphertextBlob) · {g.value.CiphertextBlob.length} bytes
                  <span className="env-artefact__sub">encrypted under the KMS key; safe to store with the data</span>
                </span>
              </button>
            </div>
          )}
          {g && <WhatHappened trace={g.trace} label="GenerateDataKey" />}
        </Stage>
        {g?.ok && (
          <Stage n={2} title="Encrypt locally — AES-256-GCM in chunks, in a Web Worker" state={localState} tone="local">
            <ProgressBar label="Local encryption progress" progress={job.progress} />
            {job.error && <LocalFailureCard error={job.error} step="encrypt" />}
          </Stage>
        )}
        {g?.ok && (
          <Stage n={3} title="Discard the plaintext data key" state={job.dataKey?.discarded ? 'done' : 'waiting'} tone="datakey">
            <p className="muted">The notes: “encrypt with the plaintext version, then discard it; store the encrypted key with the data.”</p>
            <DataKeyCard dataKey={job.dataKey?.discarded ? job.dataKey : undefined} />
          </Stage>
        )}
        {artefact && (
          <Stage n={4} title="Bundle the envelope — encrypted data key + ciphertext" state="done" tone="cipher">
            <div className="result" role="region" aria-label="Envelope result">
              <p className="result__ok">
                <CheckCircleIcon size={16} /> Envelope <span className="mono">{artefact.name}</span>: {formatBytes(artefact.size)} ({artefact.chunks} chunk
                {artefact.chunks === 1 ? '' : 's'}) for {formatBytes(artefact.plaintextLength)} of data.
              </p>
              <dl className="kv-list kv-list--compact">
                <div className="kv">
                  <dt>KMS key</dt>
                  <dd>
                    <Arn value={artefact.keyArn} />
                  </dd>
                </div>
                <div className="kv">
                  <dt>Encryption context</dt>
                  <dd>
                    <ContextChips context={artefact.encryptionContext} />
                  </dd>
                </div>
              </dl>
              <div className="env-actions">
                <EnvelopeDownload artefact={artefact} />
                <button type="button" className="btn btn-sm" onClick={() => void loadEnvelope(artefact.blob, artefact.name, artefact.id)}>
                  Decrypt it below
                </button>
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => setInspected('encrypt:envelope')}>
                  Inspect the bytes
                </button>
              </div>
            </div>
          </Stage>
        )}
      </ol>
    </section>
  );
}

function sameContext(a: Record<string, string> | undefined, b: Record<string, string>) {
  const norm = (c: Record<string, string> | undefined) => JSON.stringify(Object.entries(c ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return norm(a) === norm(b);
}

function DecryptPanel() {
  const job = useLab((s) => s.envelopeDecrypt);
  const loadEnvelope = useLab((s) => s.loadEnvelope);
  const decryptEnvelope = useLab((s) => s.decryptEnvelope);
  const latest = useLab((s) => s.artefacts.find((a) => a.id === s.envelopeEncrypt.artefactId));
  const source = job.source;
  const [context, setContext] = useState<ContextPair[]>([]);
  useEffect(() => {
    if (source) setContext(Object.entries(source.header.encryptionContext).map(([k, v]) => newPair(k, v)));
  }, [source]);
  const busy = job.phase === 'kms' || job.phase === 'local';
  const chosen = contextOf(context) ?? {};
  const differs = source ? !sameContext(chosen, source.header.encryptionContext) : false;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void decryptEnvelope({ context: chosen });
  };
  const resultUrl = useObjectUrl(job.result?.blob);
  const d = job.decrypt;
  const wrongContext = d && !d.ok && d.error.name === 'InvalidCiphertextException';

  return (
    <section className="panel env-decrypt" aria-labelledby="env-decrypt-title">
      <h3 id="env-decrypt-title" className="panel__title">
        <EnvelopeIcon size={20} /> Decrypt an envelope <span className="panel__sub">Decrypt the data key in KMS, then the data locally</span>
      </h3>
      <DropZone label={`Open an envelope (${ENVELOPE_EXTENSION})`} hint="drop a .kmsenv file here, or choose one" accept={`${ENVELOPE_EXTENSION},application/octet-stream`} onFile={(f) => void loadEnvelope(f, f.name)}>
        {latest && (
          <div className="dropzone__row">
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => void loadEnvelope(latest.blob, latest.name, latest.id)}>
              Use the envelope you just made
            </button>
          </div>
        )}
      </DropZone>
      {job.loadError && (
        <p className="env-error" role="alert">
          <StopIcon size={18} /> {job.loadError.message}
        </p>
      )}
      {source && (
        <form onSubmit={submit} className="env-decrypt__form">
          <dl className="kv-list kv-list--compact" aria-label="Envelope header">
            <div className="kv">
              <dt>Envelope</dt>
              <dd>
                <span className="mono">{source.name}</span> · {formatBytes(source.blob.size)} · {formatBytes(source.header.plaintextLength)} of data in chunks of{' '}
                {formatBytes(source.header.chunkSize)}
              </dd>
            </div>
            <div className="kv">
              <dt>KMS key (from the header)</dt>
              <dd>
                <Arn value={source.header.keyArn} />
              </dd>
            </div>
            <div className="kv">
              <dt>Encrypted data key</dt>
              <dd>{source.header.encryptedDataKey.length} bytes</dd>
            </div>
            <div className="kv">
              <dt>Context in the header</dt>
              <dd>
                <ContextChips context={source.header.encryptionContext} />
              </dd>
            </div>
          </dl>
          <PairsEditor
            legend="Encryption context for Decrypt"
            hint={differs ? 'Differs from the context the data key was generated with.' : 'The pairs from the envelope header. Change one to see Decrypt fail.'}
            pairs={context}
            onChange={setContext}
            addLabel="Add pair"
            tone="context"
            idPrefix="env-dec"
          />
          <div className="stage__action">
            <p className="muted">Decrypt gets the encrypted data key and the context; KMS finds the key from the blob itself.</p>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Decrypting…' : 'Decrypt envelope'}
            </button>
          </div>
        </form>
      )}
      {source && job.phase !== 'idle' && (
        <ol className="env-stages">
          <Stage n={1} title="Decrypt — KMS decrypts the data key" state={!d ? 'running' : d.ok ? 'done' : 'failed'} tone="kms">
            {d && !d.ok && <ErrorCard error={d.error} operation="Decrypt" />}
            {wrongContext && differs && (
              <p className="env-explain" role="note">
                The encryption context is bound to the encrypted data key as <strong>additional authenticated data</strong> (AES-GCM AAD). Decrypt recomputes the tag
                over the context you send; a different context gives a different tag, so KMS refuses — with an empty message, on purpose.
              </p>
            )}
            {d?.ok && <DataKeyCard dataKey={job.dataKey} />}
            {d && <WhatHappened trace={d.trace} label="Decrypt" />}
          </Stage>
          {d?.ok && (
            <Stage n={2} title="Decrypt locally — AES-256-GCM chunk by chunk, in the worker" state={job.phase === 'local' ? 'running' : job.error ? 'failed' : 'done'} tone="local">
              <ProgressBar label="Local decryption progress" progress={job.progress} />
              {job.error && <LocalFailureCard error={job.error} step="decrypt" />}
              <DataKeyCard dataKey={job.dataKey?.discarded ? job.dataKey : undefined} />
            </Stage>
          )}
          {job.result && (
            <Stage n={3} title="Your data, back" state="done" tone="cipher">
              <div className="result" role="region" aria-label="Envelope decrypt result">
                <p className="result__ok">
                  <PlaintextIcon size={16} /> {formatBytes(job.result.blob.size)} decrypted.{' '}
                  {job.result.matches === true && <strong>Matches the original (same SHA-256).</strong>}
                  {job.result.matches === false && <strong>Does not match the original!</strong>}
                </p>
                {job.result.text !== undefined && job.result.text.length <= 20000 && (
                  <figure className="figure">
                    <figcaption className="sr-only">Decrypted text</figcaption>
                    <pre className="code code--plain env-result-text" tabIndex={0}>
                      {job.result.text}
                    </pre>
                  </figure>
                )}
                {resultUrl && (
                  <a className="btn btn-sm" href={resultUrl} download={job.result.name}>
                    <DownloadIcon size={16} /> Download {job.result.name}
                  </a>
                )}
              </div>
            </Stage>
          )}
        </ol>
      )}
      {job.flow && <PlayFlowButton flow={job.flow} />}
    </section>
  );
}

function Artefacts() {
  const artefacts = useLab((s) => s.artefacts);
  const loadEnvelope = useLab((s) => s.loadEnvelope);
  const remove = useLab((s) => s.removeArtefact);
  if (artefacts.length === 0) return null;
  return (
    <section className="panel env-list" aria-labelledby="env-list-title">
      <h3 id="env-list-title" className="panel__title">
        Your envelopes <span className="panel__sub">kept in this workspace (the newest {artefacts.length})</span>
      </h3>
      <ul className="env-list__items" aria-label="Your envelopes">
        {artefacts.map((a) => (
          <li key={a.id} className="env-list__item">
            <CiphertextIcon size={20} className="env-list__icon" />
            <span className="env-list__main">
              <span className="mono">{a.name}</span>
              <span className="muted">
                {formatBytes(a.size)} · {a.region} · key {a.keyArn.split('/').pop()?.slice(0, 8)}…
              </span>
            </span>
            <EnvelopeDownload artefact={a} />
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => void loadEnvelope(a.blob, a.name, a.id)} aria-label={`Open ${a.name} for decryption`}>
              Open
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => remove(a.id)} aria-label={`Remove ${a.name}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * A fresh workspace has no key: envelope encryption needs a symmetric encryption KMS key to make
 * data keys, so the screen offers to create one here, in one step (CreateKey with the defaults —
 * SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT — in the current Region), rather than sending the learner away.
 */
function NoKeyYet({ onCreated }: { onCreated(keyId: string): void }) {
  const createKey = useLab((s) => s.createKey);
  const ready = useLab((s) => s.world !== null);
  const region = useLab((s) => s.region);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CallRecord<{ KeyId: string }> | null>(null);
  const create = async () => {
    setBusy(true);
    try {
      const r = await createKey({ description: 'Envelope encryption key', alias: '', tags: [] });
      if (r) setResult(r);
      if (r?.ok) onCreated(r.value.KeyId);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel env-nokey" aria-labelledby="env-nokey-title">
      <h3 id="env-nokey-title" className="panel__title">
        First, a KMS key <span className="panel__sub">none in {region} yet</span>
      </h3>
      <p>
        Envelope encryption asks a KMS key for a data key (GenerateDataKey), so it needs a symmetric encryption key. There is none in {region} in this
        workspace yet: create one here, with CreateKey’s defaults, and carry on.
      </p>
      <button type="button" className="btn btn-primary" disabled={!ready || busy} onClick={() => void create()}>
        {busy ? 'Creating…' : `Create a symmetric key in ${region}`}
      </button>
      {result && !result.ok && <ErrorCard error={result.error} operation="CreateKey" />}
    </section>
  );
}

/** The envelope studio: encrypt real data with a data key, download the envelope, drop it back to decrypt. */
export default function EnvelopeStudio() {
  const selected = useLab((s) => s.selectedKeyId);
  const keys = useLab((s) => s.keys);
  const [keyId, setKeyId] = useState('');
  const effective = keyId || (keys.find((k) => k.KeyId === selected && k.KeySpec === 'SYMMETRIC_DEFAULT') ?? keys.find((k) => k.KeySpec === 'SYMMETRIC_DEFAULT'))?.KeyId || '';
  return (
    <div className="screen env-screen" id="envelope">
      <div className="screen__intro">
        <h1 className="screen__title">Envelope encryption</h1>
        <p className="screen__lede">
          Encrypt texts and files of any size: KMS gives you a data key in two copies, you encrypt locally with the plaintext copy, wipe it, and store the
          encrypted copy with the data.
        </p>
      </div>
      {!keys.some((k) => k.KeySpec === 'SYMMETRIC_DEFAULT') && <NoKeyYet onCreated={setKeyId} />}
      <LimitLesson keyId={effective} />
      <EncryptForm keyId={effective} setKeyId={setKeyId} />
      <EncryptPipeline />
      <DecryptPanel />
      <Artefacts />
    </div>
  );
}
