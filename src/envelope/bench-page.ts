// The in-browser half of `npm run bench:envelope` (src/node/bench/envelope-bench.ts drives it in
// headless Chromium). Loaded only with `?bench` in the URL. It measures the app's envelope path —
// GenerateDataKey in the engine, the data key imported as a CryptoKey, chunked AES-256-GCM in the
// Web Worker, the plaintext key wiped — against one bare WebCrypto AES-GCM call over the same bytes.
import { createWorld } from '../engine';
import { importDataKey, wipe } from './chunked';
import { openToParts, sealInWorker, sealToParts } from './client';
import { DEFAULT_CHUNK_SIZE } from './format';

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

async function appPath(bytes: Uint8Array<ArrayBuffer>, chunkSize: number) {
  // The app hands in-memory data to the worker by transfer; keep the original for the next round.
  const data = bytes.slice().buffer;
  const world = await createWorld();
  const kms = world.client({});
  const { KeyMetadata } = await kms.createKey({ Description: 'bench' });
  const t0 = performance.now();
  const g = await kms.generateDataKey({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256', EncryptionContext: { bench: 'envelope' } });
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
  const t1b = performance.now();
  const d = await kms.decrypt({ CiphertextBlob: g.CiphertextBlob, EncryptionContext: { bench: 'envelope' } });
  const key2 = await importDataKey(d.Plaintext);
  wipe(d.Plaintext);
  const opened = await openToParts(key2, envelope.buffer);
  const t2 = performance.now();
  if (opened.parts.reduce((n, p) => n + p.byteLength, 0) !== bytes.length) throw new Error('round trip size mismatch');
  return { encryptMs: t1 - t0, decryptMs: t2 - t1b, envelopeBytes: envelope.length };
}

async function barePath(bytes: Uint8Array<ArrayBuffer>) {
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

/**
 * Longest main-thread task (PerformanceObserver longtask) while a `size`-byte file is envelope-
 * encrypted exactly as the studio does it: a File handed to the worker, an envelope Blob back.
 */
async function longestTask(size: number, chunkSize: number) {
  const file = new File([randomBytes(size)], 'bench.bin');
  const world = await createWorld();
  const kms = world.client({});
  const { KeyMetadata } = await kms.createKey({ Description: 'bench' });
  await new Promise((r) => setTimeout(r, 200));
  const tasks: number[] = [];
  const po = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration)));
  po.observe({ type: 'longtask', buffered: false });
  const t0 = performance.now();
  const g = await kms.generateDataKey({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256' });
  const key = await importDataKey(g.Plaintext);
  wipe(g.Plaintext);
  const sealed = await sealInWorker({ key, keyArn: g.KeyId, encryptedDataKey: g.CiphertextBlob, chunkSize, data: file });
  const encryptMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 200));
  po.disconnect();
  if (sealed.blob.size < size) throw new Error('short envelope');
  return { longestMs: tasks.length ? Math.max(...tasks) : 0, longTasks: tasks.length, encryptMs };
}

async function run(options: { mib?: number; longTaskMib?: number; chunkSize?: number; rounds?: number } = {}) {
  const size = (options.mib ?? 256) * 1024 * 1024;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const rounds = options.rounds ?? 2;
  const bytes = randomBytes(size);
  const app: { encryptMs: number; decryptMs: number }[] = [];
  const bare: { encryptMs: number; decryptMs: number }[] = [];
  for (let i = 0; i < rounds; i++) {
    bare.push(await barePath(bytes));
    app.push(await appPath(bytes, chunkSize));
  }
  const best = (xs: { encryptMs: number; decryptMs: number }[]) => ({ encryptMs: Math.min(...xs.map((x) => x.encryptMs)), decryptMs: Math.min(...xs.map((x) => x.decryptMs)) });
  const lt = await longestTask((options.longTaskMib ?? 64) * 1024 * 1024, chunkSize);
  return { bytes: size, chunkSize, rounds, app: best(app), bare: best(bare), longTask: lt, userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency };
}

(globalThis as unknown as { __envelopeBench: typeof run }).__envelopeBench = run;
document.title = 'KMS Lab — envelope bench ready';
