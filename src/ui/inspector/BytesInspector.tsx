import { useEffect, useState } from 'react';
import { useLab } from '../../store';
import { parseCiphertext, webCryptoPort } from '@kms-lab/engine';
import { chunkCount, chunkRange, decodeHeader, TAG_BYTES } from '../../envelope/format';
import { byteHex, toBase64 } from '../common/format';
import '../envelope/envelope.css';

export interface Segment {
  /** What the bytes are, in KMS's words. */
  label: string;
  /** The visual family: a CSS modifier (border style and colour; the label always says it too). */
  tone: 'version' | 'magic' | 'meta' | 'arn' | 'material' | 'iv' | 'nonce' | 'check' | 'cipher' | 'tag' | 'context' | 'datakey' | 'sealed' | 'plain' | 'ghost';
  offset: number;
  bytes: Uint8Array;
  /** The full length when `bytes` is only a prefix of it. */
  length?: number;
  note?: string;
}

const SHOW = 96;

function render(bytes: Uint8Array, fmt: 'hex' | 'base64') {
  const head = bytes.subarray(0, SHOW);
  return fmt === 'hex' ? Array.from(head, byteHex).join(' ') : toBase64(head);
}

function Segments({ segments, label }: { segments: Segment[]; label: string }) {
  const [fmt, setFmt] = useState<'hex' | 'base64'>('hex');
  return (
    <div className="segments" role="group" aria-label={label}>
      <div className="bytes-fmt" role="group" aria-label="Byte format">
        {(['hex', 'base64'] as const).map((f) => (
          <button key={f} type="button" className="btn btn-ghost btn-xs" aria-pressed={fmt === f} onClick={() => setFmt(f)}>
            {f === 'hex' ? 'Hex' : 'Base64'}
          </button>
        ))}
      </div>
      <ol className="segments" aria-label={`${label}: parts`}>
        {segments.map((s, i) => {
          const length = s.length ?? s.bytes.length;
          const more = length - Math.min(s.bytes.length, SHOW);
          return (
            <li key={i} className={`segment segment--${s.tone}`}>
              <div className="segment__head">
                <span className="segment__label">{s.label}</span>
                <span className="segment__range">
                  bytes {s.offset}–{s.offset + length - 1} · {length} B
                </span>
              </div>
              {length > 0 && (
                <p className="segment__bytes">
                  {render(s.bytes, fmt)}
                  {more > 0 && <span className="muted"> … {more.toLocaleString('en')} more bytes</span>}
                </p>
              )}
              {s.note && <p className="segment__note">{s.note}</p>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/**
 * The parts of a KMS ciphertext blob (src/engine/kms/ciphertext.ts): version, ARN length, key ARN,
 * key material ID, IV, header check, AES-GCM ciphertext, tag.
 */
async function ciphertextSegments(blob: Uint8Array): Promise<Segment[]> {
  const parsed = await parseCiphertext(webCryptoPort(), blob);
  if (!parsed) {
    return [{ label: 'Unreadable ciphertext blob', tone: 'cipher', offset: 0, bytes: blob, note: 'Not a well-formed KMS Lab ciphertext: its header check fails (a changed byte?). KMS answers InvalidCiphertextException.' }];
  }
  const n = blob[1];
  const at = (o: number, len: number) => blob.subarray(o, o + len);
  const bodyStart = 2 + n + 32 + 12 + 4;
  const cipherLen = blob.length - bodyStart - 16;
  return [
    { label: 'Format version', tone: 'version', offset: 0, bytes: at(0, 1), note: `version ${blob[0]}` },
    { label: 'Key ARN length', tone: 'meta', offset: 1, bytes: at(1, 1), note: `${n} bytes` },
    { label: 'Key ARN (which KMS key)', tone: 'arn', offset: 2, bytes: at(2, n), note: parsed.keyArn },
    { label: 'Key material ID (names the backing key)', tone: 'material', offset: 2 + n, bytes: at(2 + n, 32), note: 'An ID, not the material: the backing key never leaves KMS. Rotation adds material; this names the version that can decrypt.' },
    { label: 'IV (AES-GCM nonce)', tone: 'iv', offset: 2 + n + 32, bytes: at(2 + n + 32, 12), note: 'random for every encryption' },
    { label: 'Header check', tone: 'check', offset: 2 + n + 44, bytes: at(2 + n + 44, 4), note: 'first 4 bytes of SHA-256 of the header' },
    { label: 'Ciphertext (AES-256-GCM)', tone: 'cipher', offset: bodyStart, bytes: at(bodyStart, cipherLen), note: `${cipherLen} bytes: the same length as the plaintext` },
    { label: 'Authentication tag', tone: 'tag', offset: blob.length - 16, bytes: at(blob.length - 16, 16), note: 'covers the header, the encryption context (AAD) and the ciphertext' },
  ];
}

const FIELD_TONE: Record<string, Segment['tone']> = {
  magic: 'magic',
  version: 'version',
  suite: 'version',
  'header-length': 'meta',
  'chunk-size': 'meta',
  'plaintext-length': 'meta',
  'nonce-prefix': 'nonce',
  'key-arn': 'arn',
  'encryption-context': 'context',
  'encrypted-data-key': 'sealed',
};

/** The parts of an envelope: header fields, then chunks (ciphertext + tag), the first few shown. */
function envelopeSegments(bytes: Uint8Array, totalSize: number): Segment[] {
  let decoded;
  try {
    decoded = decodeHeader(bytes);
  } catch (e) {
    return [{ label: 'Unreadable envelope', tone: 'cipher', offset: 0, bytes, length: totalSize, note: e instanceof Error ? e.message : String(e) }];
  }
  const { header, fields } = decoded;
  const segs: Segment[] = fields.map((f) => ({
    label: f.label,
    tone: FIELD_TONE[f.field] ?? 'meta',
    offset: f.offset,
    bytes: bytes.subarray(f.offset, f.offset + f.length),
    note:
      f.field === 'key-arn'
        ? header.keyArn
        : f.field === 'chunk-size'
          ? `${header.chunkSize.toLocaleString('en')} bytes`
          : f.field === 'plaintext-length'
            ? `${header.plaintextLength.toLocaleString('en')} bytes`
            : f.field === 'encryption-context'
              ? Object.entries(header.encryptionContext).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'
              : f.field === 'encrypted-data-key'
                ? 'GenerateDataKey’s CiphertextBlob (with a 2-byte length)'
                : undefined,
  }));
  const n = chunkCount(header.plaintextLength, header.chunkSize);
  for (let i = 0; i < Math.min(n, 3); i++) {
    const r = chunkRange(header, i);
    const cipherLen = r.length - TAG_BYTES;
    segs.push({
      label: `Chunk ${i + 1} of ${n}: ciphertext${r.final ? ' (final)' : ''}`,
      tone: 'cipher',
      offset: r.start,
      bytes: bytes.subarray(r.start, Math.min(bytes.length, r.start + cipherLen)),
      length: cipherLen,
      note: `nonce = prefix ‖ ${i}; AAD = header ‖ ${r.final ? 1 : 0}`,
    });
    segs.push({ label: `Chunk ${i + 1} tag`, tone: 'tag', offset: r.start + cipherLen, bytes: bytes.subarray(r.start + cipherLen, r.start + r.length), length: TAG_BYTES });
  }
  if (n > 3) segs.push({ label: `… and ${n - 3} more chunks`, tone: 'ghost', offset: chunkRange(header, 3).start, bytes: new Uint8Array(), length: totalSize - chunkRange(header, 3).start });
  return segs;
}

type Item = { id: string; label: string };

function useItems(): Item[] {
  const enc = useLab((s) => s.envelopeEncrypt);
  const dec = useLab((s) => s.envelopeDecrypt);
  const wb = useLab((s) => s.ciphertext);
  const items: Item[] = [];
  if (enc.plaintextPreview) items.push({ id: 'encrypt:plaintext', label: 'Plaintext' });
  if (enc.dataKey) items.push({ id: 'encrypt:data-key', label: 'Plaintext data key' });
  if (enc.generate?.ok) items.push({ id: 'encrypt:encrypted-data-key', label: 'Encrypted data key' });
  if (enc.artefactId) items.push({ id: 'encrypt:envelope', label: 'Envelope (ciphertext)' });
  if (dec.source) items.push({ id: 'decrypt:envelope', label: 'Envelope opened' });
  if (dec.dataKey) items.push({ id: 'decrypt:data-key', label: 'Data key from Decrypt' });
  if (dec.result) items.push({ id: 'decrypt:plaintext', label: 'Decrypted data' });
  if (wb) items.push({ id: 'workbench:ciphertext', label: 'Encrypt’s CiphertextBlob' });
  return items;
}

function useSegments(id: string | null): { title: string; segments: Segment[] | null } {
  const enc = useLab((s) => s.envelopeEncrypt);
  const dec = useLab((s) => s.envelopeDecrypt);
  const artefact = useLab((s) => s.artefacts.find((a) => a.id === s.envelopeEncrypt.artefactId));
  const wb = useLab((s) => s.ciphertext);
  const [asyncSegs, setAsync] = useState<{ id: string; segs: Segment[] } | null>(null);

  const source: { kind: 'blob'; blob: Blob } | { kind: 'cipher'; bytes: Uint8Array } | null =
    id === 'encrypt:envelope' && artefact
      ? { kind: 'blob', blob: artefact.blob }
      : id === 'decrypt:envelope' && dec.source
        ? { kind: 'blob', blob: dec.source.blob }
        : id === 'encrypt:encrypted-data-key' && enc.generate?.ok
          ? { kind: 'cipher', bytes: enc.generate.value.CiphertextBlob }
          : id === 'workbench:ciphertext' && wb
            ? { kind: 'cipher', bytes: wb.current }
            : null;

  useEffect(() => {
    let live = true;
    if (!source || !id) return;
    if (source.kind === 'cipher') {
      void ciphertextSegments(source.bytes).then((segs) => live && setAsync({ id, segs }));
    } else {
      const limit = Math.min(source.blob.size, 256 * 1024);
      void source.blob
        .slice(0, limit)
        .arrayBuffer()
        .then((buf) => live && setAsync({ id, segs: envelopeSegments(new Uint8Array(buf), source.blob.size) }));
    }
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, source?.kind === 'blob' ? source.blob : source?.bytes]);

  switch (id) {
    case 'encrypt:plaintext':
      return { title: 'Plaintext (your data)', segments: enc.plaintextPreview ? [{ label: 'Plaintext', tone: 'plain', offset: 0, bytes: enc.plaintextPreview }] : null };
    case 'encrypt:data-key':
    case 'decrypt:data-key': {
      const dk = id === 'encrypt:data-key' ? enc.dataKey : dec.dataKey;
      if (!dk) return { title: 'Plaintext data key', segments: null };
      return {
        title: 'Plaintext data key',
        segments: [
          dk.bytes && !dk.discarded
            ? { label: 'Plaintext data key (AES-256)', tone: 'datakey', offset: 0, bytes: dk.bytes, note: 'Exists only while the data is being encrypted or decrypted.' }
            : { label: 'Plaintext data key — discarded', tone: 'ghost', offset: 0, bytes: new Uint8Array(), length: dk.length, note: `${dk.length} bytes zero-filled and dropped. Nothing left to show.` },
        ],
      };
    }
    case 'decrypt:plaintext':
      return { title: 'Decrypted data', segments: null };
    default:
      return {
        title: id === 'encrypt:encrypted-data-key' ? 'Encrypted data key (CiphertextBlob)' : id === 'workbench:ciphertext' ? 'CiphertextBlob from Encrypt' : 'Envelope',
        segments: asyncSegs && asyncSegs.id === id ? asyncSegs.segs : null,
      };
  }
}

function DecryptedBytes() {
  const blob = useLab((s) => s.envelopeDecrypt.result?.blob);
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  useEffect(() => {
    let live = true;
    if (blob) void blob.slice(0, 4096).arrayBuffer().then((b) => live && setBytes(new Uint8Array(b)));
    return () => {
      live = false;
    };
  }, [blob]);
  if (!blob || !bytes) return null;
  return <Segments label="Decrypted data" segments={[{ label: 'Plaintext', tone: 'plain', offset: 0, bytes, length: blob.size }]} />;
}

/** The right-hand inspector on the envelope screens: the bytes of every artefact, labelled part by part. */
export default function BytesInspector() {
  const items = useItems();
  const inspected = useLab((s) => s.inspected);
  const setInspected = useLab((s) => s.setInspected);
  const current = items.some((i) => i.id === inspected) ? inspected : (items[items.length - 1]?.id ?? null);
  const { title, segments } = useSegments(current);
  return (
    <section className="bytes-inspector" aria-labelledby="bytes-inspector-title">
      <h2 id="bytes-inspector-title" className="bytes-inspector__title">
        Bytes inspector
      </h2>
      {items.length === 0 ? (
        <p className="muted">Encrypt something with a data key: its plaintext, the data key (while it exists), the encrypted data key and the envelope show up here, byte by byte.</p>
      ) : (
        <>
          <ul className="bytes-inspector__pick" aria-label="Artefacts">
            {items.map((i) => (
              <li key={i.id}>
                <button type="button" className="btn btn-ghost btn-xs" aria-pressed={i.id === current} onClick={() => setInspected(i.id)}>
                  {i.label}
                </button>
              </li>
            ))}
          </ul>
          <h3 className="inspector__h3">{title}</h3>
          {current === 'decrypt:plaintext' ? <DecryptedBytes /> : segments ? <Segments label={title} segments={segments} /> : <p className="muted">Reading…</p>}
        </>
      )}
    </section>
  );
}
