/**
 * The tamper lab's cases: each changes one thing about an envelope (or the call that opens it),
 * runs the real path — Decrypt of the data key in the engine, then local AES-GCM — and reports the
 * exception AWS (or the envelope format) gives, with one plain-words line saying why.
 */
import { call, type World } from '../../store';
import { bytesSource, importDataKey, openBytes, readHeader, sealBytes, wipe } from '../../envelope/chunked';
import { chunkRange, EnvelopeError, MIN_CHUNK_SIZE, type EnvelopeHeader } from '../../envelope/format';
import { describeLocalFailure } from '../common/explain';

export interface Specimen {
  envelope: Uint8Array;
  header: EnvelopeHeader;
  keyId: string;
  keyArn: string;
  region: string;
  text: string;
}

export interface TamperOutcome {
  caseId: string;
  /** Where it failed: in KMS (the Decrypt call) or in your app (local AES-GCM / the envelope format). */
  where: 'kms' | 'local' | 'none';
  ok: boolean;
  name: string;
  message: string;
  why: string;
  /** Extra note (e.g. the clock moved, or which byte was changed). */
  note?: string;
  /** A local failure that came from the browser's own API: its raw words, shown only as a detail. */
  browserWords?: string;
}

const SPECIMEN_TEXT = Array.from({ length: 40 }, (_, i) => `Row ${String(i + 1).padStart(2, '0')}: employee ${1000 + i}, salary ${(52000 + i * 731).toLocaleString('en')} EUR, bank NL${91 + i}ABNA0417164300.`).join('\n');
const SPECIMEN_CONTEXT = { department: 'finance', purpose: 'payroll' };

/** Makes the lab's envelope: GenerateDataKey under `keyId`, then 1 KiB chunks (so there are several to swap and cut). */
export async function makeSpecimen(world: World, region: string, keyId: string): Promise<Specimen> {
  const g = await call(world, region, 'GenerateDataKey', (kms) => kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: SPECIMEN_CONTEXT }));
  if (!g.ok) throw Object.assign(new Error(g.error.message), { name: g.error.name });
  const key = await importDataKey(g.value.Plaintext);
  wipe(g.value.Plaintext);
  const envelope = await sealBytes({
    key,
    plaintext: new TextEncoder().encode(SPECIMEN_TEXT),
    chunkSize: MIN_CHUNK_SIZE,
    keyArn: g.value.KeyId,
    encryptionContext: SPECIMEN_CONTEXT,
    encryptedDataKey: g.value.CiphertextBlob,
  });
  const { header } = await readHeader(bytesSource(envelope));
  return { envelope, header, keyId: g.value.KeyId.split('/').pop()!, keyArn: g.value.KeyId, region, text: SPECIMEN_TEXT };
}

/** Re-encodes the header with a different encrypted data key (same length), keeping the chunks. */
function withEncryptedDataKey(s: Specimen, edk: Uint8Array): Uint8Array {
  const out = s.envelope.slice();
  const at = s.header.headerLength - s.header.encryptedDataKey.length;
  out.set(edk, at);
  return out;
}

interface OpenAttempt {
  envelope: Uint8Array;
  context?: Record<string, string>;
  keyId?: string;
  region?: string;
}

/** The full decrypt path: read the header, Decrypt the data key in KMS, decrypt the chunks locally. */
async function attempt(world: World, s: Specimen, a: OpenAttempt): Promise<Omit<TamperOutcome, 'caseId' | 'why'>> {
  let header: EnvelopeHeader;
  try {
    header = (await readHeader(bytesSource(a.envelope))).header;
  } catch (e) {
    return localFailure(e);
  }
  const context = a.context ?? header.encryptionContext;
  const d = await call(world, a.region ?? s.region, 'Decrypt', (kms) =>
    kms.decrypt({ CiphertextBlob: header.encryptedDataKey, ...(Object.keys(context).length ? { EncryptionContext: context } : {}), ...(a.keyId ? { KeyId: a.keyId } : {}) }),
  );
  if (!d.ok) return { where: 'kms', ok: false, name: d.error.name, message: d.error.message };
  const key = await importDataKey(d.value.Plaintext);
  wipe(d.value.Plaintext);
  try {
    const { plaintext } = await openBytes(key, a.envelope);
    const same = new TextDecoder().decode(plaintext) === s.text;
    return { where: 'none', ok: same, name: same ? 'Decrypted' : 'Mismatch', message: same ? `${plaintext.length} bytes, identical to the original.` : 'The bytes differ from the original.' };
  } catch (e) {
    return localFailure(e);
  }
}

/**
 * A failure in the browser, said in plain words: which local check failed (AES-GCM authentication,
 * the envelope's length or header) and that KMS took no part; a browser API's raw text only as a detail.
 */
function localFailure(e: unknown): Omit<TamperOutcome, 'caseId' | 'why'> {
  const error =
    e instanceof EnvelopeError
      ? { name: e.name, message: e.message, code: e.code }
      : { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e), origin: typeof DOMException !== 'undefined' && e instanceof DOMException ? ('browser' as const) : ('app' as const) };
  const f = describeLocalFailure(error, 'decrypt');
  return { where: 'local', ok: false, name: f.title, message: f.text, ...(f.browserWords ? { browserWords: f.browserWords } : {}) };
}

/** Which byte a case changed, in the envelope and in its chunk, for the outcome's note. */
function changedByte(s: Specimen, chunk: number, offset: number): { at: number; note: string } {
  const r = chunkRange(s.header, chunk);
  const at = r.start + offset;
  return {
    at,
    note: `What was changed: byte ${(at + 1).toLocaleString('en')} of the envelope — byte ${offset + 1} of chunk ${chunk + 1}’s ciphertext — had one bit flipped. Chunk ${chunk + 1}’s authentication tag no longer matches its bytes.`,
  };
}

export interface TamperCase {
  id: string;
  title: string;
  /** What the case changes, in a few words. */
  what: string;
  /** The plain-words reason it fails (or works). */
  why: string;
  /** Whether the case changes a key's state (it restores it afterwards) or the clock. */
  sideEffect?: string;
  run(world: World, s: Specimen, helpers: Helpers): Promise<Omit<TamperOutcome, 'caseId' | 'why'>>;
}

export interface Helpers {
  /** Another symmetric key in the specimen's Region (made if needed). */
  otherKeyId(): Promise<string>;
  /** Runs a key action (EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion). */
  keyAction(op: 'EnableKey' | 'DisableKey' | 'ScheduleKeyDeletion' | 'CancelKeyDeletion', keyId: string): Promise<void>;
  advanceClock(days: number): Promise<void>;
  createKey(description: string): Promise<string>;
}

const flip = (bytes: Uint8Array, at: number) => {
  const out = bytes.slice();
  out[at] ^= 0x01;
  return out;
};

export const TAMPER_CASES: TamperCase[] = [
  {
    id: 'control',
    title: 'Untouched (the control)',
    what: 'Nothing changed: the envelope as it was made.',
    why: 'The right key, the same context and intact bytes: KMS returns the data key and every chunk passes its tag check.',
    run: (w, s) => attempt(w, s, { envelope: s.envelope }),
  },
  {
    id: 'flip-ciphertext',
    title: 'Flip a byte of the ciphertext',
    what: 'One bit of chunk 2’s ciphertext is flipped.',
    why: 'AES-GCM’s tag covers every ciphertext byte: one changed bit and your app’s tag check fails for that chunk. KMS is not involved — it never sees your data.',
    run: async (w, s) => {
      const { at, note } = changedByte(s, 1, 10);
      const r = await attempt(w, s, { envelope: flip(s.envelope, at) });
      return r.where === 'local' ? { ...r, note } : r;
    },
  },
  {
    id: 'flip-data-key',
    title: 'Flip a byte of the encrypted data key',
    what: 'One bit of the wrapped data key (GenerateDataKey’s CiphertextBlob) is flipped.',
    why: 'The encrypted data key is a KMS ciphertext: its AES-GCM tag check fails inside KMS, which answers only InvalidCiphertextException.',
    run: (w, s) => attempt(w, s, { envelope: withEncryptedDataKey(s, flip(s.header.encryptedDataKey, s.header.encryptedDataKey.length - 20)) }),
  },
  {
    id: 'change-context',
    title: 'Change the encryption context',
    what: 'Decrypt is called with department=hr instead of department=finance.',
    why: 'The context is bound to the data key as additional authenticated data (AAD): a different context makes a different tag, so KMS refuses — with an empty message, on purpose.',
    run: (w, s) => attempt(w, s, { envelope: s.envelope, context: { ...SPECIMEN_CONTEXT, department: 'hr' } }),
  },
  {
    id: 'drop-context',
    title: 'Leave the encryption context out',
    what: 'Decrypt is called with no encryption context at all.',
    why: 'No context is a different context: the AAD no longer matches what the data key was encrypted with.',
    run: (w, s) => attempt(w, s, { envelope: s.envelope, context: {} }),
  },
  {
    id: 'other-key',
    title: 'Name another key',
    what: 'Decrypt is called with KeyId set to a different key of yours.',
    why: 'A ciphertext names the key that encrypted it; when you also name a key, KMS checks they are the same before decrypting.',
    sideEffect: 'creates a second key if you have only one',
    run: async (w, s, h) => attempt(w, s, { envelope: s.envelope, keyId: await h.otherKeyId() }),
  },
  {
    id: 'unknown-key',
    title: 'Name a key that does not exist',
    what: 'Decrypt is called with KeyId set to a well-formed but unknown key ID.',
    why: 'KMS resolves the KeyId you give first; no key with that ID exists in this account and Region.',
    run: (w, s) => attempt(w, s, { envelope: s.envelope, keyId: '0b0e0d0c-1234-4abc-8def-000000000000' }),
  },
  {
    id: 'other-region',
    title: 'Decrypt in another Region',
    what: 'The same envelope, with Decrypt sent to eu-west-1 (or us-east-1 if you work there).',
    why: 'The data key was encrypted by a key in one Region; KMS in another Region has no such key. Keys are regional (multi-Region keys aside).',
    run: (w, s) => attempt(w, s, { envelope: s.envelope, region: s.region === 'eu-west-1' ? 'us-east-1' : 'eu-west-1' }),
  },
  {
    id: 'disabled-key',
    title: 'Disable the key',
    what: 'The key is disabled, Decrypt is tried, then the key is enabled again.',
    why: 'A disabled key refuses every cryptographic operation until it is enabled: the data is safe, but unreadable meanwhile.',
    sideEffect: 'disables the key, then enables it again',
    run: async (w, s, h) => {
      await h.keyAction('DisableKey', s.keyId);
      try {
        return await attempt(w, s, { envelope: s.envelope });
      } finally {
        await h.keyAction('EnableKey', s.keyId);
      }
    },
  },
  {
    id: 'pending-deletion',
    title: 'Schedule the key for deletion',
    what: 'Deletion is scheduled (7 days), Decrypt is tried, then the deletion is cancelled and the key enabled.',
    why: 'A key waiting to be deleted cannot be used. Cancelling the deletion brings it back — Disabled, so it is enabled again.',
    sideEffect: 'schedules and cancels a deletion',
    run: async (w, s, h) => {
      await h.keyAction('ScheduleKeyDeletion', s.keyId);
      try {
        return await attempt(w, s, { envelope: s.envelope });
      } finally {
        await h.keyAction('CancelKeyDeletion', s.keyId);
        await h.keyAction('EnableKey', s.keyId);
      }
    },
  },
  {
    id: 'deleted-key',
    title: 'Delete the key (crypto-shredding)',
    what: 'A throwaway key wraps a fresh envelope, is scheduled for deletion, and the clock moves 7 days.',
    why: 'Once the waiting period ends, the key and all its material are gone: every envelope it protected is unrecoverable. Nobody — not even AWS — can open it.',
    sideEffect: 'creates and deletes a throwaway key; advances the simulated clock by 7 days',
    run: async (w, s, h) => {
      const keyId = await h.createKey('Tamper lab: throwaway key (deleted)');
      const doomed = await makeSpecimen(w, s.region, keyId);
      await h.keyAction('ScheduleKeyDeletion', keyId);
      await h.advanceClock(7);
      const r = await attempt(w, doomed, { envelope: doomed.envelope });
      return r;
    },
  },
  {
    id: 'truncate',
    title: 'Cut off the last chunk',
    what: 'The envelope loses its final chunk (as a broken upload would).',
    why: 'The header says how long the data is and the last chunk is sealed as “final”: a shorter envelope is refused before any decryption.',
    run: (w, s) => {
      const last = chunkRange(s.header, Math.ceil(s.header.plaintextLength / s.header.chunkSize) - 1);
      return attempt(w, s, { envelope: s.envelope.subarray(0, last.start) });
    },
  },
  {
    id: 'swap-chunks',
    title: 'Swap two chunks',
    what: 'Chunks 1 and 2 trade places.',
    why: 'Each chunk’s nonce contains its position, so a chunk moved elsewhere fails its tag check.',
    run: (w, s) => {
      const a = chunkRange(s.header, 0);
      const b = chunkRange(s.header, 1);
      const out = s.envelope.slice();
      out.set(s.envelope.subarray(b.start, b.start + b.length), a.start);
      out.set(s.envelope.subarray(a.start, a.start + a.length), b.start);
      return attempt(w, s, { envelope: out });
    },
  },
  {
    id: 'append',
    title: 'Append bytes',
    what: 'Eight bytes are added after the final chunk.',
    why: 'Nothing may follow the final chunk: extra bytes mean the file was changed.',
    run: (w, s) => {
      const out = new Uint8Array(s.envelope.length + 8);
      out.set(s.envelope);
      return attempt(w, s, { envelope: out });
    },
  },
];
