import { Fragment, useEffect, useRef, useState, type FormEvent } from 'react';
import { useLab, aliasesOf, contextOf, type HeldCiphertext } from '../../store';
import { PairsEditor } from '../common/PairsEditor';
import { ErrorCard } from '../common/ErrorCard';
import { WhatHappened } from '../common/WhatHappened';
import { Arn } from '../common/Arn';
import { CopyButton } from '../common/CopyButton';
import { ArrowDownIcon, CiphertextIcon, ContextTagIcon, FlipIcon, PlaintextIcon } from '../common/icons';
import { byteHex, fromUtf8, toBase64, utf8Length } from '../common/format';

/** KMS's limit for Encrypt's Plaintext, in bytes. */
const PLAINTEXT_LIMIT = 4096;

function ByteCount({ text }: { text: string }) {
  const n = utf8Length(text);
  const over = n > PLAINTEXT_LIMIT;
  const empty = n === 0;
  return (
    <div className={`bytecount${over ? ' bytecount--over' : ''}`}>
      <span id="plaintext-count" className="mono">
        {n.toLocaleString('en')} / {PLAINTEXT_LIMIT.toLocaleString('en')} bytes
      </span>
      <span className="bytecount__meter" aria-hidden="true">
        <span style={{ width: `${Math.min(100, (n / PLAINTEXT_LIMIT) * 100)}%` }} />
      </span>
      <span aria-live="polite" className="bytecount__status">
        {over ? `Over the limit by ${(n - PLAINTEXT_LIMIT).toLocaleString('en')} bytes` : empty ? 'Empty: KMS needs at least 1 byte' : ''}
      </span>
    </div>
  );
}

function ContextChips({ context }: { context?: Record<string, string> }) {
  const entries = Object.entries(context ?? {});
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <span className="chips">
      {entries.map(([k, v]) => (
        <span key={k} className="chip chip--context">
          <ContextTagIcon size={13} />
          <span className="mono">
            {k}={v}
          </span>
        </span>
      ))}
    </span>
  );
}

/** Hex of the blob, one byte per pair; bytes the user flipped are marked (by weight and underline, not colour alone). */
function HexView({ held }: { held: HeldCiphertext }) {
  const { current, original } = held;
  return (
    <p className="bytes bytes--hex mono">
      {Array.from(current, (b, i) => (
        <Fragment key={i}>
          {i > 0 && ' '}
          {b !== original[i] ? (
            <mark className="bytes__flipped" title={`byte ${i}: was ${byteHex(original[i])}, now ${byteHex(b)}`}>
              {byteHex(b)}
            </mark>
          ) : (
            byteHex(b)
          )}
        </Fragment>
      ))}
    </p>
  );
}

function Tamper({ held }: { held: HeldCiphertext }) {
  const flipByte = useLab((s) => s.flipByte);
  const restore = useLab((s) => s.restoreCiphertext);
  const [index, setIndex] = useState(String(Math.floor(held.current.length / 2)));
  const max = held.current.length - 1;
  const n = Number(index);
  const valid = Number.isInteger(n) && n >= 0 && n <= max;
  const changed = Array.from(held.current).flatMap((b, i) => (b !== held.original[i] ? [i] : []));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) flipByte(n);
  };
  return (
    <div className="tamper">
      <form className="tamper__form" onSubmit={submit}>
        <label htmlFor="flip-index">Byte to flip (0–{max})</label>
        <input id="flip-index" className="input input--narrow mono" type="number" min={0} max={max} value={index} onChange={(e) => setIndex(e.target.value)} />
        <button type="submit" className="btn btn-sm" disabled={!valid}>
          <FlipIcon size={16} />
          Flip byte
        </button>
        <button type="button" className="btn btn-ghost btn-sm" disabled={changed.length === 0} onClick={restore}>
          Restore original
        </button>
      </form>
      <p className="tamper__status" aria-live="polite">
        {changed.length === 0
          ? 'Unedited: exactly the bytes KMS returned.'
          : `Edited: ${changed.length} byte${changed.length === 1 ? '' : 's'} changed (${changed
              .slice(0, 4)
              .map((i) => `#${i}: ${byteHex(held.original[i])} → ${byteHex(held.current[i])}`)
              .join(', ')}${changed.length > 4 ? ', …' : ''}).`}
      </p>
    </div>
  );
}

function EncryptStage() {
  const plaintext = useLab((s) => s.plaintext);
  const setPlaintext = useLab((s) => s.setPlaintext);
  const keys = useLab((s) => s.keys);
  const aliases = useLab((s) => s.aliases);
  const encryptKeyId = useLab((s) => s.encryptKeyId);
  const setEncryptKeyId = useLab((s) => s.setEncryptKeyId);
  const context = useLab((s) => s.encryptContext);
  const setContext = useLab((s) => s.setContext);
  const encrypt = useLab((s) => s.encrypt);
  const ready = useLab((s) => s.world !== null);
  const [busy, setBusy] = useState(false);
  const keyKnown = keys.some((k) => k.KeyId === encryptKeyId);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await encrypt();
    setBusy(false);
  };

  return (
    <form className="stage stage--plain" onSubmit={submit} aria-labelledby="stage-plain-title">
      <h3 id="stage-plain-title" className="stage__title">
        <PlaintextIcon size={20} className="stage__icon" />
        Plaintext <span className="stage__sub">your data, outside KMS</span>
      </h3>
      <label htmlFor="plaintext" className="sr-only">
        Plaintext
      </label>
      <textarea id="plaintext" className="input textarea mono" rows={4} value={plaintext} onChange={(e) => setPlaintext(e.target.value)} aria-describedby="plaintext-count" spellCheck={false} />
      <div className="stage__row">
        <ByteCount text={plaintext} />
        <button type="button" className="btn btn-ghost btn-xs" onClick={() => setPlaintext('A'.repeat(PLAINTEXT_LIMIT + 1))} title="Replace the text with 4,097 bytes, one over the limit">
          Try 4,097 bytes
        </button>
      </div>
      <PairsEditor
        legend="Encryption context"
        hint="Optional key/value pairs bound to the ciphertext. Not secret (CloudTrail logs them), but Decrypt must present exactly the same pairs."
        pairs={context}
        onChange={(p) => setContext('encrypt', p)}
        addLabel="Add pair"
        tone="context"
        idPrefix="ec-enc"
      />
      <div className="stage__action">
        <div className="field field--inline">
          <label htmlFor="encrypt-key">KMS key</label>
          <select id="encrypt-key" className="select" value={keyKnown ? encryptKeyId : ''} onChange={(e) => setEncryptKeyId(e.target.value)}>
            <option value="" disabled>
              {keys.length ? 'Choose a key…' : 'Create a key first'}
            </option>
            {keys.map((k) => (
              <option key={k.KeyId} value={k.KeyId}>
                {aliasesOf(aliases, k.KeyId)[0] ?? k.KeyId.slice(0, 8) + '…'} — {k.Description || 'no description'} ({k.KeyState})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary" disabled={!ready || busy || !keyKnown}>
          Encrypt
        </button>
      </div>
    </form>
  );
}

/** Brings a new result into view (instantly under reduced motion). */
function useRevealOnChange<T>(dep: T) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!dep || !ref.current) return;
    const reduce = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    ref.current.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
  }, [dep]);
  return ref;
}

function CiphertextStage() {
  const call = useLab((s) => s.encryptCall);
  const held = useLab((s) => s.ciphertext);
  const ref = useRevealOnChange(call);
  if (!call) return null;
  const value = call.ok ? call.value : null;
  return (
    <section ref={ref} className="stage stage--cipher" aria-labelledby="stage-cipher-title">
      <h3 id="stage-cipher-title" className="stage__title">
        <CiphertextIcon size={20} className="stage__icon" />
        Ciphertext <span className="stage__sub">CiphertextBlob returned by Encrypt</span>
      </h3>
      <div className="stage__body" role="region" aria-label="Encrypt result">
        {!call.ok && <ErrorCard error={call.error} operation="Encrypt" />}
        {value && held && (
          <>
            <dl className="kv-list kv-list--compact">
              <div className="kv">
                <dt>Length</dt>
                <dd>
                  <span className="mono">{held.current.length} bytes</span>
                </dd>
              </div>
              <div className="kv">
                <dt>KeyId</dt>
                <dd>
                  <Arn value={value.KeyId} />
                </dd>
              </div>
              <div className="kv">
                <dt>Algorithm</dt>
                <dd>
                  <span className="mono">{value.EncryptionAlgorithm}</span>
                </dd>
              </div>
              <div className="kv">
                <dt>Encryption context</dt>
                <dd>
                  <ContextChips context={value.EncryptionContext} />
                </dd>
              </div>
            </dl>
            <figure className="blob" aria-label="CiphertextBlob in Base64">
              <div className="blob__head">
                <span className="blob__label">Base64</span>
                <CopyButton text={toBase64(held.current)} label="Copy the ciphertext as base64" />
              </div>
              <p className="bytes mono">{toBase64(held.current)}</p>
            </figure>
            <figure className="blob" aria-label="CiphertextBlob in Hex">
              <div className="blob__head">
                <span className="blob__label">Hex</span>
              </div>
              <HexView held={held} />
            </figure>
            <Tamper held={held} />
          </>
        )}
        <WhatHappened trace={call.trace} label="Encrypt" />
      </div>
    </section>
  );
}

function DecryptStage() {
  const held = useLab((s) => s.ciphertext);
  const context = useLab((s) => s.decryptContext);
  const setContext = useLab((s) => s.setContext);
  const decrypt = useLab((s) => s.decrypt);
  const call = useLab((s) => s.decryptCall);
  const original = useLab((s) => (s.encryptCall?.ok ? s.encryptCall.value.EncryptionContext : undefined));
  const encryptedText = useLab((s) => s.encryptedText);
  const [busy, setBusy] = useState(false);
  const ref = useRevealOnChange(call);
  if (!held) return null;
  const sameContext = JSON.stringify(sorted(contextOf(context))) === JSON.stringify(sorted(original));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await decrypt();
    setBusy(false);
  };
  const text = call?.ok ? fromUtf8(call.value.Plaintext) : '';
  return (
    <>
      <div className="flow-arrow" aria-hidden="true">
        <ArrowDownIcon size={20} />
      </div>
      <form className="stage stage--decrypt" onSubmit={submit} aria-labelledby="stage-decrypt-title">
        <h3 id="stage-decrypt-title" className="stage__title">
          Decrypt <span className="stage__sub">send the ciphertext back to KMS</span>
        </h3>
        <PairsEditor
          legend="Encryption context for Decrypt"
          hint={sameContext ? 'Same pairs as at Encrypt. Change one to see decryption fail.' : 'Differs from the context used at Encrypt.'}
          pairs={context}
          onChange={(p) => setContext('decrypt', p)}
          addLabel="Add pair"
          tone="context"
          idPrefix="ec-dec"
        />
        <div className="stage__action">
          <p className="muted">
            No KeyId needed: a symmetric ciphertext names its key. Decrypt is called in the Region selected above.
          </p>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Decrypt
          </button>
        </div>
      </form>
      {call && (
        <>
          <div className="flow-arrow" aria-hidden="true">
            <ArrowDownIcon size={20} />
          </div>
          <section ref={ref} className="stage stage--plain" aria-labelledby="stage-back-title">
            <h3 id="stage-back-title" className="stage__title">
              <PlaintextIcon size={20} className="stage__icon" />
              Plaintext, decrypted <span className="stage__sub">returned by Decrypt</span>
            </h3>
            <div className="stage__body" role="region" aria-label="Decrypt result">
              {call.ok ? (
                <>
                  <figure className="figure">
                    <figcaption className="sr-only">Decrypted plaintext</figcaption>
                    <pre className="code code--plain">{text}</pre>
                  </figure>
                  <p className="result__ok">
                    {encryptedText !== null && text === encryptedText
                      ? `Matches the text you encrypted (${call.value.Plaintext.length} bytes).`
                      : `${call.value.Plaintext.length} bytes.`}{' '}
                    Key: <Arn value={call.value.KeyId} />
                  </p>
                </>
              ) : (
                <ErrorCard error={call.error} operation="Decrypt" />
              )}
              <WhatHappened trace={call.trace} label="Decrypt" />
            </div>
          </section>
        </>
      )}
    </>
  );
}

function sorted(c?: Record<string, string>): [string, string][] {
  return Object.entries(c ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One polite announcement of the latest outcome (errors are announced by their alert). */
function Announcer() {
  const enc = useLab((s) => s.encryptCall);
  const dec = useLab((s) => s.decryptCall);
  // A new ciphertext clears the decrypt result, so a decrypt result is always the latest outcome.
  let message = '';
  if (dec?.ok) message = `Decrypt returned ${dec.value.Plaintext.length} bytes of plaintext.`;
  else if (!dec && enc?.ok) message = `Encrypt returned a ${enc.value.CiphertextBlob.length}-byte ciphertext.`;
  return (
    <p className="sr-only" role="status">
      {message}
    </p>
  );
}

export function Workbench() {
  const hasCipher = useLab((s) => s.encryptCall !== null);
  return (
    <section className="workbench" aria-labelledby="workbench-title">
      <Announcer />
      <h2 id="workbench-title" className="section-title">
        Encrypt and decrypt <span className="section-title__sub">Encrypt · Decrypt · up to 4 KB</span>
      </h2>
      <EncryptStage />
      {hasCipher && (
        <div className="flow-arrow" aria-hidden="true">
          <ArrowDownIcon size={20} />
        </div>
      )}
      <CiphertextStage />
      <DecryptStage />
    </section>
  );
}
