/// <reference lib="webworker" />
// The envelope Web Worker: chunked AES-GCM off the main thread, so the page stays responsive
// while megabytes or gigabytes are encrypted. It receives the data key as a non-extractable
// CryptoKey (never as bytes) and drops it when the job ends.
import { blobSource, bytesSource, open, seal, type Progress } from './chunked';
import { EnvelopeError } from './format';
import type { WorkerRequest, WorkerResponse } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: WorkerResponse, transfer: Transferable[] = []) => self.postMessage(m, transfer);
const sourceOf = (d: Blob | ArrayBuffer) => (d instanceof Blob ? blobSource(d) : bytesSource(new Uint8Array(d)));
/** Each part as its own ArrayBuffer, so it can be transferred (moved, not copied) to the page. */
const buffers = (parts: Uint8Array[]) => parts.map((p) => (p.byteOffset === 0 && p.byteLength === p.buffer.byteLength ? (p.buffer as ArrayBuffer) : (p.slice().buffer as ArrayBuffer)));

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  const parts: Uint8Array[] = [];
  const onPart = (p: Uint8Array) => parts.push(p);
  // Progress at most every ~50 ms or at the end, to keep the page's message queue light.
  let last = 0;
  const onProgress = (progress: Progress) => {
    const now = performance.now();
    if (now - last > 50 || progress.chunk === progress.chunks) {
      last = now;
      post({ id: req.id, type: 'progress', progress });
    }
  };
  try {
    if (req.op === 'seal') {
      const r = await seal({ ...req, source: sourceOf(req.data), onPart, onProgress });
      if (req.data instanceof Blob) post({ id: req.id, type: 'sealed', blob: new Blob(parts as BlobPart[], { type: 'application/octet-stream' }), chunks: r.chunks, headerLength: r.header.length });
      else {
        const out = buffers(parts);
        post({ id: req.id, type: 'sealed', parts: out, chunks: r.chunks, headerLength: r.header.length }, out);
      }
    } else {
      const header = await open({ key: req.key, source: sourceOf(req.envelope), onPart, onProgress });
      if (req.envelope instanceof Blob) post({ id: req.id, type: 'opened', blob: new Blob(parts as BlobPart[]), header });
      else {
        const out = buffers(parts);
        post({ id: req.id, type: 'opened', parts: out, header }, out);
      }
    }
  } catch (e) {
    if (e instanceof EnvelopeError) post({ id: req.id, type: 'error', code: e.code, message: e.message, chunk: e.chunk });
    else post({ id: req.id, type: 'error', code: 'crypto', message: e instanceof Error ? e.message : String(e) });
  } finally {
    parts.length = 0;
  }
};
