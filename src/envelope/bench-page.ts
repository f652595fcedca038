// The in-browser half of `npm run bench:envelope` (src/node/bench/envelope-bench.ts drives it in
// headless Chromium). Loaded only with `?bench` in the URL. It measures the app's envelope path —
// GenerateDataKey in the engine, the data key imported as a CryptoKey, chunked AES-256-GCM in the
// Web Worker, the plaintext key wiped — against one bare WebCrypto AES-GCM call over the same bytes,
// two ways:
//
// - transfer: the data in memory, handed to the worker by transfer, the result back as parts;
// - file: what the studio does — a File the user picked (here: a file on disk, set on an
//   <input type=file> by the driver) read in the worker, an envelope Blob back; and to decrypt, the
//   downloaded envelope picked again as a File, the plaintext Blob back.
//
// Every function returns one measurement per round; the driver keeps the best and the median.
import { createWorld } from '@kms-lab/engine';
import { importDataKey, wipe } from './chunked';
import { openInWorker, openToParts, resetWorker, sealInWorker, sealToParts } from './client';
import { DEFAULT_CHUNK_SIZE } from './format';

type Round = { encryptMs: number; decryptMs: number };

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bench-only file inputs the driver fills with setInputFiles (files on disk, as a user picks them). */
function fileInput(id: string): HTMLInputElement {
  let input = document.getElementById(id) as HTMLInputElement | null;
  if (!input) {
    input = document.createElement('input');
    input.type = 'file';
    input.id = id;
    input.hidden = true;
    document.body.append(input);
  }
  return input;
}
for (const id of ['bench-plain', 'bench-envelope', 'bench-small']) fileInput(id);
const pickedFile = (id: string): File => {
  const f = fileInput(id).files?.[0];
  if (!f) throw new Error(`no file set on #${id}`);
  return f;
};

/**
 * Lets go of what earlier rounds made: the worker (and its references to Blobs) and, with
 * --expose-gc, the page's garbage. The browser's blob store for a profile without a disk (Playwright's
 * default context, like an Incognito window) holds 500 MiB in all, so two 256 MiB Blobs cannot coexist.
 */
async function settle() {
  resetWorker();
  (globalThis as { gc?: () => void }).gc?.();
  await sleep(300);
  // A fresh worker, started outside the timings (the studio's worker is already up after its first job).
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  await sealToParts({ key, keyArn: 'warm-up', encryptedDataKey: new Uint8Array(1), chunkSize: DEFAULT_CHUNK_SIZE, data: new ArrayBuffer(1) });
}

async function kmsKey() {
  const world = await createWorld();
  const kms = world.client({});
  const { KeyMetadata } = await kms.createKey({ Description: 'bench' });
  return { kms, keyId: KeyMetadata.KeyId };
}

async function bareRound(bytes: Uint8Array<ArrayBuffer>): Promise<Round> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const t0 = performance.now();
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, bytes);
  const t1 = performance.now();
  const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, ct);
  const t2 = performance.now();
  if (pt.byteLength !== bytes.length) throw new Error('bare round trip size mismatch');
  return { encryptMs: t1 - t0, decryptMs: t2 - t1 };
}

async function transferRound(bytes: Uint8Array<ArrayBuffer>, chunkSize: number): Promise<Round> {
  // In-memory data goes to the worker by transfer; keep the original for the next round.
  const data = bytes.slice().buffer;
  const { kms, keyId } = await kmsKey();
  const t0 = performance.now();
  const g = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { bench: 'envelope' } });
  const key = await importDataKey(g.Plaintext);
  wipe(g.Plaintext);
  const sealed = await sealToParts({ key, keyArn: g.KeyId, encryptionContext: { bench: 'envelope' }, encryptedDataKey: g.CiphertextBlob, chunkSize, data });
  const t1 = performance.now();
  // The envelope as one buffer (as it would be after download and drop-back), outside the timings.
  const envelope = new Uint8Array(sealed.parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of sealed.parts) {
    envelope.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  sealed.parts.length = 0;
  const t1b = performance.now();
  const d = await kms.decrypt({ CiphertextBlob: g.CiphertextBlob, EncryptionContext: { bench: 'envelope' } });
  const key2 = await importDataKey(d.Plaintext);
  wipe(d.Plaintext);
  const opened = await openToParts(key2, envelope.buffer);
  const t2 = performance.now();
  if (opened.parts.reduce((n, p) => n + p.byteLength, 0) !== bytes.length) throw new Error('round trip size mismatch');
  return { encryptMs: t1 - t0, decryptMs: t2 - t1b };
}

/** In-memory data by transfer, against bare WebCrypto, alternating. */
async function transfer(options: { mib?: number; chunkSize?: number; rounds?: number } = {}) {
  const size = (options.mib ?? 256) * 1024 * 1024;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const bytes = randomBytes(size);
  await settle();
  const app: Round[] = [];
  const bare: Round[] = [];
  for (let i = 0; i < (options.rounds ?? 3); i++) {
    bare.push(await bareRound(bytes));
    app.push(await transferRound(bytes, chunkSize));
  }
  return { bytes: size, chunkSize, app, bare, userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency };
}

// The file path keeps its envelope between calls: encrypt makes it, the driver downloads it.
let envelopeBlob: Blob | null = null;
let envelopeUrl: string | null = null;
let plainCopy: Uint8Array<ArrayBuffer> | null = null;
let dataKey: { CiphertextBlob: Uint8Array; context: Record<string, string> } | null = null;
let fileKms: Awaited<ReturnType<typeof kmsKey>> | null = null;

function dropEnvelope() {
  if (envelopeUrl) URL.revokeObjectURL(envelopeUrl);
  envelopeUrl = null;
  envelopeBlob = null;
  document.getElementById('bench-download')?.remove();
}

/**
 * The studio's encrypt path over the file on #bench-plain: a File into the worker, read as a
 * stream, an envelope Blob back. Bare WebCrypto runs over the same bytes in memory (read outside
 * its timing), alternating with the app's rounds. Leaves the last envelope behind a download link.
 */
async function fileEncrypt(options: { chunkSize?: number; rounds?: number } = {}) {
  const file = pickedFile('bench-plain');
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  plainCopy = new Uint8Array(await file.arrayBuffer());
  fileKms = await kmsKey();
  const { kms, keyId } = fileKms;
  const app: number[] = [];
  const bare: number[] = [];
  const context = { bench: 'envelope-file' };
  for (let i = 0; i < (options.rounds ?? 3); i++) {
    dropEnvelope();
    await settle();
    bare.push((await bareRound(plainCopy)).encryptMs);
    const t0 = performance.now();
    const g = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context });
    const key = await importDataKey(g.Plaintext);
    wipe(g.Plaintext);
    const sealed = await sealInWorker({ key, keyArn: g.KeyId, encryptionContext: context, encryptedDataKey: g.CiphertextBlob, chunkSize, data: file });
    app.push(performance.now() - t0);
    envelopeBlob = sealed.blob;
    dataKey = { CiphertextBlob: g.CiphertextBlob, context };
  }
  envelopeUrl = URL.createObjectURL(envelopeBlob!);
  const a = document.createElement('a');
  a.id = 'bench-download';
  a.href = envelopeUrl;
  a.download = 'bench.bin.kmsenv';
  a.textContent = 'download';
  document.body.append(a);
  return { bytes: file.size, envelopeBytes: envelopeBlob!.size, chunkSize, app, bare };
}

/** Compares a few slices of two Blobs byte for byte (start, middle, end). */
async function sameSamples(a: Blob, b: Blob): Promise<boolean> {
  if (a.size !== b.size) return false;
  const n = Math.min(a.size, 1024 * 1024);
  for (const start of [0, Math.floor(a.size / 2) - Math.floor(n / 2), a.size - n]) {
    const [x, y] = await Promise.all([a.slice(start, start + n).arrayBuffer(), b.slice(start, start + n).arrayBuffer()]);
    const u = new Uint8Array(x);
    const v = new Uint8Array(y);
    for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return false;
  }
  return true;
}

/** The studio's decrypt path over the downloaded envelope on #bench-envelope: a File in, a plaintext Blob out. */
async function fileDecrypt(options: { rounds?: number } = {}) {
  dropEnvelope();
  const file = pickedFile('bench-envelope');
  const plain = pickedFile('bench-plain');
  if (!fileKms || !dataKey || !plainCopy) throw new Error('run the file encrypt first');
  const { kms } = fileKms;
  const app: number[] = [];
  const bare: number[] = [];
  let same = true;
  for (let i = 0; i < (options.rounds ?? 3); i++) {
    await settle();
    bare.push((await bareRound(plainCopy)).decryptMs);
    const t0 = performance.now();
    const d = await kms.decrypt({ CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: dataKey.context });
    const key = await importDataKey(d.Plaintext);
    wipe(d.Plaintext);
    const opened = await openInWorker(key, file);
    app.push(performance.now() - t0);
    same &&= await sameSamples(opened.blob, plain);
  }
  return { bytes: plain.size, app, bare, same };
}

/**
 * What the studio adds around the envelope: SHA-256 of the plaintext (to say "matches the
 * original"), as src/store/workspace.ts computes it — the whole Blob read into the page, one digest.
 */
async function studioDigest() {
  const file = pickedFile('bench-plain');
  await settle();
  const t0 = performance.now();
  await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return { bytes: file.size, sha256Ms: performance.now() - t0 };
}

/** Frees what the file path holds (the plaintext copy and the envelope). */
async function release() {
  dropEnvelope();
  plainCopy = null;
  dataKey = null;
  await settle();
}

/**
 * Longest main-thread task (PerformanceObserver longtask) while the file on #bench-small is
 * envelope-encrypted exactly as the studio does it: a File handed to the worker, an envelope Blob back.
 */
async function longestTask(options: { chunkSize?: number } = {}) {
  const file = pickedFile('bench-small');
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const { kms, keyId } = await kmsKey();
  await settle();
  const tasks: number[] = [];
  const po = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration)));
  po.observe({ type: 'longtask', buffered: false });
  const t0 = performance.now();
  const g = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' });
  const key = await importDataKey(g.Plaintext);
  wipe(g.Plaintext);
  const sealed = await sealInWorker({ key, keyArn: g.KeyId, encryptedDataKey: g.CiphertextBlob, chunkSize, data: file });
  const encryptMs = performance.now() - t0;
  await sleep(200);
  po.disconnect();
  if (sealed.blob.size < file.size) throw new Error('short envelope');
  return { bytes: file.size, longestMs: tasks.length ? Math.max(...tasks) : 0, longTasks: tasks.length, encryptMs };
}

const bench = { transfer, fileEncrypt, fileDecrypt, studioDigest, release, longestTask };
export type EnvelopeBench = typeof bench;
(globalThis as unknown as { __envelopeBench: EnvelopeBench }).__envelopeBench = bench;
document.title = 'KMS Lab — envelope bench ready';
