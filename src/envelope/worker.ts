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
/**
 * Collects output parts into a Blob a group at a time: every ~32 MiB the parts so far become one
 * Blob (the browser copies them into its blob store while the next chunks are being encrypted) and
 * the worker lets go of them, so a 2 GB file never needs 2 GB of ArrayBuffers here plus the copy.
 * A Blob made of Blobs refers to them; it does not copy them again.
 */
const GROUP_BYTES = 32 * 1024 * 1024;
class BlobCollector {
  private groups: Blob[] = [];
  private parts: Uint8Array[] = [];
  private bytes = 0;
  push = (part: Uint8Array) => {
    this.parts.push(part);
    this.bytes += part.byteLength;
    if (this.bytes >= GROUP_BYTES) this.flush();
  };
  private flush() {
    if (this.parts.length) this.groups.push(new Blob(this.parts as BlobPart[]));
    this.parts = [];
    this.bytes = 0;
  }
  finish(type?: string): Blob {
    this.flush();
    const blob = new Blob(this.groups, type ? { type } : {});
    this.groups = [];
    return blob;
  }
  /** Drops everything collected (after a failure), without building a Blob of it. */
  discard() {
    this.groups = [];
    this.parts = [];
    this.bytes = 0;
  }
}

/** Each part as its own ArrayBuffer, so it can be transferred (moved, not copied) to the page. */
const buffers = (parts: Uint8Array[]) => parts.map((p) => (p.byteOffset === 0 && p.byteLength === p.buffer.byteLength ? (p.buffer as ArrayBuffer) : (p.slice().buffer as ArrayBuffer)));

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  // A Blob/File in, a Blob out (built as we go); bytes in, the parts out by transfer.
  const toBlob = req.op === 'seal' ? req.data instanceof Blob : req.envelope instanceof Blob;
  const collector = new BlobCollector();
  const parts: Uint8Array[] = [];
  const onPart = toBlob ? collector.push : (p: Uint8Array) => void parts.push(p);
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
      if (toBlob) post({ id: req.id, type: 'sealed', blob: collector.finish('application/octet-stream'), chunks: r.chunks, headerLength: r.header.length });
      else {
        const out = buffers(parts);
        post({ id: req.id, type: 'sealed', parts: out, chunks: r.chunks, headerLength: r.header.length }, out);
      }
    } else {
      const header = await open({ key: req.key, source: sourceOf(req.envelope), onPart, onProgress });
      if (toBlob) post({ id: req.id, type: 'opened', blob: collector.finish(), header });
      else {
        const out = buffers(parts);
        post({ id: req.id, type: 'opened', parts: out, header }, out);
      }
    }
  } catch (e) {
    if (e instanceof EnvelopeError) post({ id: req.id, type: 'error', code: e.code, message: e.message, chunk: e.chunk });
    else post({ id: req.id, type: 'error', code: 'crypto', message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : 'Error' });
  } finally {
    parts.length = 0;
    collector.discard();
  }
};
