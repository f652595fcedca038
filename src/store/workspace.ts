/**
 * The workspace slice: what the user made outside KMS (envelopes and their ciphertexts, bounded),
 * the envelope encrypt/decrypt jobs that make them, and the state of saving to IndexedDB.
 *
 * Envelope encryption, as the notes tell it: GenerateDataKey returns a data key twice (plaintext and
 * encrypted under the KMS key); the data is encrypted locally with the plaintext key — here in a Web
 * Worker, in chunks — then the plaintext key is wiped and only the encrypted copy is kept, bundled
 * with the ciphertext in one envelope. Decrypting sends the encrypted data key to KMS (Decrypt) and
 * decrypts the data locally with what comes back.
 */
import type { Slice } from './types';
import { call, createWorld, setActingPrincipal, toAwsError, type AwsError, type CallRecord } from './kms-calls';
import type { LabState } from './types';
import type { Flow, FlowItem } from '../timeline/flow';
import { importDataKey, readHeader, blobSource, wipe, type Progress } from '../envelope/chunked';
import { BrowserError, sealInWorker, openInWorker } from '../envelope/client';
import { DEFAULT_CHUNK_SIZE, ENVELOPE_EXTENSION, EnvelopeError, chunkCount, type EnvelopeErrorCode, type EnvelopeHeader, type HeaderField } from '../envelope/format';

/** Something the user made and may download, inspect or decrypt again. */
export interface Artefact {
  id: string;
  kind: 'envelope';
  /** File name, e.g. `report.pdf.kmsenv`. */
  name: string;
  /** Simulated time it was made (epoch ms). */
  createdAt: number;
  region: string;
  keyArn: string;
  encryptionContext: Record<string, string>;
  blob: Blob;
  size: number;
  plaintextLength: number;
  chunks: number;
  chunkSize: number;
  /** SHA-256 (hex) of the plaintext, to say whether a decryption gives back the same bytes. */
  plaintextSha256: string;
  /** The original's name and media type (the envelope's name without `.kmsenv`). */
  original: { name: string; type: string };
}

/** The plaintext data key while it exists. `bytes` is zero-filled and dropped when discarded. */
export interface DataKeyState {
  bytes: Uint8Array | null;
  length: number;
  discarded: boolean;
}

export type JobPhase = 'idle' | 'kms' | 'local' | 'done' | 'failed';

/** A local (outside KMS) failure: a tampered envelope, a wrong data key. */
/** Why a step in the browser failed (never KMS's answer): an envelope check, or the browser's own API. */
export interface LocalError {
  name: string;
  message: string;
  chunk?: number;
  /** The envelope check that failed (EnvelopeError), when it was one. */
  code?: EnvelopeErrorCode;
  /** `browser`: the browser's own API (WebCrypto, file reading) threw; `app`: the app's own check. */
  origin?: 'browser' | 'app';
}

export interface EnvelopeEncryptJob {
  phase: JobPhase;
  input?: { name: string; size: number; type: string };
  generate?: CallRecord<{ CiphertextBlob: Uint8Array; KeyId: string; KeyMaterialId: string }>;
  dataKey?: DataKeyState;
  progress?: Progress;
  artefactId?: string;
  /** The plaintext when it was a short text, for the inspector. */
  plaintextPreview?: Uint8Array;
  error?: LocalError;
  flow?: Flow;
}

export interface OpenedEnvelope {
  name: string;
  blob: Blob;
  header: EnvelopeHeader;
  headerBytes: Uint8Array;
  fields: HeaderField[];
  /** The artefact it came from, when it is one the user made here. */
  artefactId?: string;
}

export interface EnvelopeDecryptJob {
  phase: JobPhase;
  source?: OpenedEnvelope;
  /** Why a dropped file could not be read as an envelope. */
  loadError?: LocalError;
  decrypt?: CallRecord<{ KeyId: string; KeyMaterialId: string }>;
  dataKey?: DataKeyState;
  progress?: Progress;
  result?: { blob: Blob; name: string; type: string; matches?: boolean; text?: string };
  error?: LocalError;
  flow?: Flow;
}

export type PersistStatus =
  | { kind: 'loading' }
  | { kind: 'saved'; at: number }
  | { kind: 'unsaved' }
  | { kind: 'full'; message: string }
  | { kind: 'unavailable'; message: string }
  | { kind: 'read-only'; message: string };

export interface EncryptInput {
  data: Blob;
  name: string;
  keyId: string;
  context?: Record<string, string>;
  chunkSize?: number;
}

export interface DecryptOverrides {
  context?: Record<string, string>;
  /** Name a key in the Decrypt call (KeyId). Another key than the one that encrypted gives IncorrectKeyException. */
  keyId?: string;
  /** Call Decrypt in another Region (keys are regional). */
  region?: string;
}

export interface WorkspaceSlice {
  artefacts: Artefact[];
  envelopeEncrypt: EnvelopeEncryptJob;
  envelopeDecrypt: EnvelopeDecryptJob;
  /** The bytes inspector's selection: an artefact kind, e.g. `encrypt:data-key`. */
  inspected: string | null;
  persist: PersistStatus;
  setInspected(id: string | null): void;
  setPersist(status: PersistStatus): void;
  encryptEnvelope(input: EncryptInput): Promise<Artefact | null>;
  loadEnvelope(blob: Blob, name: string, artefactId?: string): Promise<boolean>;
  decryptEnvelope(overrides?: DecryptOverrides): Promise<boolean>;
  removeArtefact(id: string): void;
  resetEnvelopeJobs(): void;
  /** A fresh world and empty workspace (preferences kept). Persistence's "New workspace" calls this. */
  startFresh(): Promise<void>;
}

/**
 * What a workspace reset (a new workspace, an imported scenario, a shared link) keeps: how the
 * learner looks at the app, not what they made — the theme, saving status, the player's speed,
 * reduced motion, view and "pause before" kinds, which player bar is on screen, presentation mode
 * and the blank screen, the clicker hookup and presenter notes of the screen on stage (a lesson),
 * and pending links and notices. The section is the URL's fragment, which a reset never touches.
 */
export const KEPT_ON_RESET = [
  'theme',
  'persist',
  'speed',
  'motionPref',
  'flowView',
  'breakOn',
  'activePlayer',
  'presenting',
  'blanked',
  'stepper',
  'presenterNotes',
  'pendingShare',
  'lessonLaunch',
  'linkNotice',
] as const satisfies readonly (keyof LabState)[];

/** The store's initial data minus what a reset keeps (`KEPT_ON_RESET`) and the actions. */
export function resetData(initial: LabState): Partial<LabState> {
  const kept = new Set<string>(KEPT_ON_RESET);
  return Object.fromEntries(Object.entries(initial).filter(([k, v]) => typeof v !== 'function' && !kept.has(k))) as Partial<LabState>;
}

/** At most this many envelopes are kept; older ones drop off (and out of storage). */
const MAX_ARTEFACTS = 12;

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function localError(e: unknown): LocalError {
  if (e instanceof EnvelopeError) return { name: 'EnvelopeError', message: e.message, code: e.code, ...(e.chunk !== undefined ? { chunk: e.chunk } : {}) };
  if (e instanceof BrowserError) return { name: e.name, message: e.message, origin: 'browser' };
  const a = toAwsError(e);
  return { name: a.name, message: a.message, origin: a.origin ?? 'app' };
}

function discard(dk: DataKeyState | undefined): DataKeyState | undefined {
  if (!dk) return dk;
  wipe(dk.bytes);
  return { bytes: null, length: dk.length, discarded: true };
}

let artefactSeq = 0;
const newId = () => `env-${Date.now().toString(36)}-${(++artefactSeq).toString(36)}`;

const TEXT_PREVIEW_LIMIT = 64 * 1024;

export const createWorkspaceSlice: Slice<WorkspaceSlice> = (set, get, api) => ({
  artefacts: [],
  envelopeEncrypt: { phase: 'idle' },
  envelopeDecrypt: { phase: 'idle' },
  inspected: null,
  persist: { kind: 'loading' },

  setInspected: (inspected) => set({ inspected }),
  setPersist: (persist) => set({ persist }),

  resetEnvelopeJobs() {
    const { envelopeEncrypt, envelopeDecrypt } = get();
    discard(envelopeEncrypt.dataKey);
    discard(envelopeDecrypt.dataKey);
    set({ envelopeEncrypt: { phase: 'idle' }, envelopeDecrypt: { phase: 'idle' }, inspected: null });
  },

  async encryptEnvelope({ data, name, keyId, context, chunkSize = DEFAULT_CHUNK_SIZE }) {
    const { world, region } = get();
    if (!world) return null;
    discard(get().envelopeEncrypt.dataKey);
    const input = { name, size: data.size, type: data.type };
    const plaintextPreview = data.size <= TEXT_PREVIEW_LIMIT ? new Uint8Array(await data.arrayBuffer()) : undefined;
    set({ envelopeEncrypt: { phase: 'kms', input, plaintextPreview }, inspected: 'encrypt:plaintext' });

    // 1. GenerateDataKey: two copies of a fresh AES-256 key.
    const held: { key: Uint8Array | null } = { key: null };
    const generate = await call(world, region, 'GenerateDataKey', async (kms) => {
      const out = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', ...(context ? { EncryptionContext: context } : {}) });
      held.key = out.Plaintext;
      return { CiphertextBlob: out.CiphertextBlob, KeyId: out.KeyId, KeyMaterialId: out.KeyMaterialId };
    });
    const items: FlowItem[] = generate.trace ? [{ kind: 'call', trace: generate.trace }] : [];
    const flow = (): Flow => ({ id: `envelope-encrypt-${generate.trace?.callId ?? newId()}`, title: 'Envelope encryption', items: [...items] });
    if (!generate.ok || !held.key) {
      set({ envelopeEncrypt: { phase: 'failed', input, generate, plaintextPreview, flow: flow() }, now: world.now() });
      return null;
    }
    const keyBytes: Uint8Array = held.key;
    const dataKey: DataKeyState = { bytes: keyBytes, length: keyBytes.length, discarded: false };
    set({ envelopeEncrypt: { phase: 'local', input, generate, dataKey, plaintextPreview }, now: world.now(), inspected: 'encrypt:data-key' });

    // 2. Encrypt locally, in the worker, with the plaintext data key (handed over as a non-extractable CryptoKey).
    let sealed: Awaited<ReturnType<typeof sealInWorker>> | null = null;
    let error: LocalError | undefined;
    try {
      const key = await importDataKey(keyBytes);
      sealed = await sealInWorker(
        { key, keyArn: generate.value.KeyId, encryptionContext: context, encryptedDataKey: generate.value.CiphertextBlob, chunkSize, data },
        (progress) => set((s) => ({ envelopeEncrypt: { ...s.envelopeEncrypt, progress } })),
      );
    } catch (e) {
      error = localError(e);
    }
    const chunks = chunkCount(data.size, chunkSize);
    items.push({ kind: 'client', step: { kind: 'local-encrypt', plaintextBytes: data.size, ciphertextBytes: data.size + 16 * chunks, chunks }, at: world.now() });

    // 3. Discard the plaintext data key: zero-fill its bytes and drop every reference.
    held.key = null;
    const gone = discard(dataKey);
    items.push({ kind: 'client', step: { kind: 'discard-plaintext-key' }, at: world.now() });
    if (!sealed) {
      set((s) => ({ envelopeEncrypt: { phase: 'failed', input, generate, dataKey: gone, error, plaintextPreview, flow: flow(), progress: s.envelopeEncrypt.progress } }));
      return null;
    }

    // 4. Bundle: the encrypted data key travels with the ciphertext in one envelope.
    items.push({ kind: 'client', step: { kind: 'bundle-envelope', envelopeBytes: sealed.blob.size, format: 'kmsenv/1' }, at: world.now() });
    const artefact: Artefact = {
      id: newId(),
      kind: 'envelope',
      name: `${name}${ENVELOPE_EXTENSION}`,
      createdAt: world.nowMs(),
      region,
      keyArn: generate.value.KeyId,
      encryptionContext: context ?? {},
      blob: sealed.blob,
      size: sealed.blob.size,
      plaintextLength: data.size,
      chunks: sealed.chunks,
      chunkSize,
      plaintextSha256: await sha256Hex(data),
      original: { name, type: data.type || 'application/octet-stream' },
    };
    set((s) => ({
      artefacts: [artefact, ...s.artefacts].slice(0, MAX_ARTEFACTS),
      envelopeEncrypt: { phase: 'done', input, generate, dataKey: gone, artefactId: artefact.id, plaintextPreview, flow: flow(), progress: s.envelopeEncrypt.progress },
      inspected: 'encrypt:envelope',
    }));
    return artefact;
  },

  async loadEnvelope(blob, name, artefactId) {
    discard(get().envelopeDecrypt.dataKey);
    try {
      const { header, headerBytes, fields } = await readHeader(blobSource(blob));
      set({ envelopeDecrypt: { phase: 'idle', source: { name, blob, header, headerBytes, fields, artefactId } }, inspected: 'decrypt:envelope' });
      return true;
    } catch (e) {
      set({ envelopeDecrypt: { phase: 'failed', loadError: localError(e) } });
      return false;
    }
  },

  async decryptEnvelope(overrides = {}) {
    const { world } = get();
    const source = get().envelopeDecrypt.source;
    if (!world || !source) return false;
    const region = overrides.region ?? get().region;
    discard(get().envelopeDecrypt.dataKey);
    const context = overrides.context ?? source.header.encryptionContext;
    const hasContext = Object.keys(context).length > 0;
    set({ envelopeDecrypt: { phase: 'kms', source } });
    const items: FlowItem[] = [{ kind: 'client', step: { kind: 'open-envelope', envelopeBytes: source.blob.size, format: 'kmsenv/1' }, at: world.now() }];
    const flow = (): Flow => ({ id: `envelope-decrypt-${decrypt.trace?.callId ?? newId()}`, title: 'Envelope decryption', items: [...items] });

    // 1. Decrypt the data key in KMS.
    const held: { key: Uint8Array | null } = { key: null };
    const decrypt = await call(world, region, 'Decrypt', async (kms) => {
      const out = await kms.decrypt({
        CiphertextBlob: source.header.encryptedDataKey,
        ...(hasContext ? { EncryptionContext: context } : {}),
        ...(overrides.keyId ? { KeyId: overrides.keyId } : {}),
      });
      held.key = out.Plaintext;
      return { KeyId: out.KeyId, KeyMaterialId: out.KeyMaterialId };
    });
    if (decrypt.trace) items.push({ kind: 'call', trace: decrypt.trace, role: 'data-key' });
    if (!decrypt.ok || !held.key) {
      set({ envelopeDecrypt: { phase: 'failed', source, decrypt, flow: flow() }, now: world.now() });
      return false;
    }
    const keyBytes: Uint8Array = held.key;
    const dataKey: DataKeyState = { bytes: keyBytes, length: keyBytes.length, discarded: false };
    set({ envelopeDecrypt: { phase: 'local', source, decrypt, dataKey }, now: world.now(), inspected: 'decrypt:data-key' });

    // 2. Decrypt the data locally, then 3. wipe the data key.
    let opened: Awaited<ReturnType<typeof openInWorker>> | null = null;
    let error: LocalError | undefined;
    try {
      const key = await importDataKey(keyBytes);
      opened = await openInWorker(key, source.blob, (progress) => set((s) => ({ envelopeDecrypt: { ...s.envelopeDecrypt, progress } })));
    } catch (e) {
      error = localError(e);
    }
    items.push({
      kind: 'client',
      step: { kind: 'local-decrypt', ciphertextBytes: source.blob.size, ok: Boolean(opened), ...(opened ? { plaintextBytes: opened.blob.size } : { error: error?.message }) },
      at: world.now(),
    });
    held.key = null;
    const gone = discard(dataKey);
    items.push({ kind: 'client', step: { kind: 'discard-plaintext-key' }, at: world.now() });
    if (!opened) {
      set((s) => ({ envelopeDecrypt: { phase: 'failed', source, decrypt, dataKey: gone, error, flow: flow(), progress: s.envelopeDecrypt.progress } }));
      return false;
    }
    const artefact = get().artefacts.find((a) => a.id === source.artefactId) ?? get().artefacts.find((a) => a.size === source.blob.size && a.name === source.name);
    const name = source.name.endsWith(ENVELOPE_EXTENSION) ? source.name.slice(0, -ENVELOPE_EXTENSION.length) : `${source.name}.decrypted`;
    const type = artefact?.original.type ?? 'application/octet-stream';
    const matches = artefact ? (await sha256Hex(opened.blob)) === artefact.plaintextSha256 : undefined;
    let text: string | undefined;
    if (opened.blob.size <= TEXT_PREVIEW_LIMIT) {
      const bytes = new Uint8Array(await opened.blob.arrayBuffer());
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        text = undefined;
      }
    }
    set({
      envelopeDecrypt: { phase: 'done', source, decrypt, dataKey: gone, result: { blob: opened.blob, name, type, matches, text }, flow: flow(), progress: get().envelopeDecrypt.progress },
      inspected: 'decrypt:plaintext',
    });
    return true;
  },

  async startFresh() {
    get().resetEnvelopeJobs();
    const world = await createWorld();
    // The new world's caller is the default principal again (the header's "Acting as").
    setActingPrincipal(undefined);
    set({ ...resetData(api.getInitialState()), world, now: world.now() });
    await get().refreshCatalog();
  },

  removeArtefact(id) {
    set((s) => ({ artefacts: s.artefacts.filter((a) => a.id !== id) }));
  },
});

export type { AwsError };
