// The page's side of the envelope worker: one lazily started Web Worker, jobs as promises with
// progress. Where Workers do not exist (Node tests) the same code runs inline.
import { blobSource, bytesSource, open, seal, type Progress } from './chunked';
import { EnvelopeError, type EnvelopeHeader } from './format';

/** An error of the browser's own APIs met in the worker (WebCrypto, reading a file), by its DOMException name. */
export class BrowserError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}
import type { WorkerRequest, WorkerResponse } from './protocol';

type Pending = { resolve(r: WorkerResponse): void; onProgress?(p: Progress): void };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  if (!worker) {
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'kms-lab-envelope' });
    worker.onmessage = (e: MessageEvent<WorkerResponse>) => {
      const job = pending.get(e.data.id);
      if (!job) return;
      if (e.data.type === 'progress') job.onProgress?.(e.data.progress);
      else {
        pending.delete(e.data.id);
        job.resolve(e.data);
      }
    };
    worker.onerror = (e) => {
      for (const [id, job] of pending) job.resolve({ id, type: 'error', code: 'crypto', message: `The envelope worker failed: ${e.message}` });
      pending.clear();
      worker = null;
    };
  }
  return worker;
}

/**
 * Stops the worker (any job in progress fails) and lets the next job start a fresh one. Releases
 * everything the worker still holds — including its references to the Blobs it made, which the
 * browser otherwise keeps until the worker's next garbage collection.
 */
export function resetWorker(): void {
  const w = worker;
  worker = null;
  w?.terminate();
  for (const [id, job] of pending) job.resolve({ id, type: 'error', code: 'crypto', message: 'The envelope worker was stopped.' });
  pending.clear();
}

type Job = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

function run(job: Job, onProgress?: (p: Progress) => void): Promise<WorkerResponse> {
  const w = getWorker();
  const id = nextId++;
  if (!w) return runInline({ ...job, id } as WorkerRequest, onProgress);
  return new Promise((resolve) => {
    pending.set(id, { resolve, onProgress });
    const transfer: Transferable[] = [];
    if (job.op === 'seal' && job.data instanceof ArrayBuffer) transfer.push(job.data);
    if (job.op === 'open' && job.envelope instanceof ArrayBuffer) transfer.push(job.envelope);
    w.postMessage({ ...job, id }, transfer);
  });
}

async function runInline(req: WorkerRequest, onProgress?: (p: Progress) => void): Promise<WorkerResponse> {
  const parts: ArrayBuffer[] = [];
  const onPart = (p: Uint8Array) => parts.push(p.slice().buffer as ArrayBuffer);
  const src = (d: Blob | ArrayBuffer) => (d instanceof Blob ? blobSource(d) : bytesSource(new Uint8Array(d)));
  try {
    if (req.op === 'seal') {
      const r = await seal({ ...req, source: src(req.data), onPart, onProgress });
      return { id: req.id, type: 'sealed', ...(req.data instanceof Blob ? { blob: new Blob(parts) } : { parts }), chunks: r.chunks, headerLength: r.header.length };
    }
    const header = await open({ key: req.key, source: src(req.envelope), onPart, onProgress });
    return { id: req.id, type: 'opened', ...(req.envelope instanceof Blob ? { blob: new Blob(parts) } : { parts }), header };
  } catch (e) {
    if (e instanceof EnvelopeError) return { id: req.id, type: 'error', code: e.code, message: e.message, chunk: e.chunk };
    return { id: req.id, type: 'error', code: 'crypto', message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : 'Error' };
  }
}

function fail(r: WorkerResponse): never {
  if (r.type !== 'error') throw new Error(`unexpected worker answer ${r.type}`);
  // The browser's own error (not a tampered envelope: every chunk check throws an EnvelopeError)
  // keeps its name, so the screen can say what it means rather than call it an authentication failure.
  if (r.code === 'crypto') throw new BrowserError(r.name ?? 'Error', r.message);
  throw new EnvelopeError(r.code, r.message, r.chunk);
}

export interface SealJob {
  key: CryptoKey;
  keyArn: string;
  encryptionContext?: Record<string, string>;
  encryptedDataKey: Uint8Array;
  chunkSize: number;
  /** A Blob/File, or bytes in memory (transferred to the worker: the caller's buffer is detached). */
  data: Blob | ArrayBuffer;
}

/** Encrypts `data` into an envelope in the worker. */
export async function sealInWorker(job: SealJob, onProgress?: (p: Progress) => void): Promise<{ blob: Blob; chunks: number; headerLength: number }> {
  const r = await run({ op: 'seal', ...job }, onProgress);
  if (r.type !== 'sealed') fail(r);
  return { blob: r.blob ?? new Blob(r.parts ?? [], { type: 'application/octet-stream' }), chunks: r.chunks, headerLength: r.headerLength };
}

/** As sealInWorker, but the envelope comes back as its parts (header, then chunks), moved from the worker without copying. */
export async function sealToParts(job: SealJob, onProgress?: (p: Progress) => void): Promise<{ parts: ArrayBuffer[]; chunks: number; headerLength: number }> {
  const r = await run({ op: 'seal', ...job }, onProgress);
  if (r.type !== 'sealed') fail(r);
  return { parts: r.parts ?? [await r.blob!.arrayBuffer()], chunks: r.chunks, headerLength: r.headerLength };
}

/** As openInWorker, with the plaintext as parts (one per chunk). */
export async function openToParts(key: CryptoKey, envelope: Blob | ArrayBuffer, onProgress?: (p: Progress) => void): Promise<{ parts: ArrayBuffer[]; header: EnvelopeHeader }> {
  const r = await run({ op: 'open', key, envelope }, onProgress);
  if (r.type !== 'opened') fail(r);
  return { parts: r.parts ?? [await r.blob!.arrayBuffer()], header: r.header };
}

/** Decrypts an envelope in the worker. Rejects with EnvelopeError on tampering. */
export async function openInWorker(key: CryptoKey, envelope: Blob, onProgress?: (p: Progress) => void): Promise<{ blob: Blob; header: EnvelopeHeader }> {
  const r = await run({ op: 'open', key, envelope }, onProgress);
  if (r.type !== 'opened') fail(r);
  return { blob: r.blob ?? new Blob(r.parts ?? []), header: r.header };
}
