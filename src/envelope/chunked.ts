// Chunked AES-256-GCM over any amount of data with one data key (the format is in format.ts).
// Pure TypeScript over WebCrypto: the same code runs in the Web Worker, in the browser's main
// thread (tests, benchmarks) and in Node 20.
import {
  chunkAad,
  chunkCount,
  chunkNonce,
  chunkRange,
  decodeHeader,
  encodeHeader,
  envelopeLength,
  EnvelopeError,
  HEADER_PREFIX_BYTES,
  headerLengthOf,
  NONCE_PREFIX_BYTES,
  type EnvelopeHeader,
  type HeaderInput,
} from './format';

/** Random access to bytes: an in-memory array or a Blob/File (read a slice at a time). */
export interface ByteSource {
  readonly size: number;
  read(start: number, end: number): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * Reads forward from `start`, one piece after another (optional). A Blob read as one stream is
   * several times faster than a `slice().arrayBuffer()` per chunk: one read of the file instead of
   * a new Blob and a new read for every megabyte.
   */
  from?(start: number): SequentialReader;
}

/** Bytes read in order: each `read(n)` returns the next `n` bytes (fewer only at the end). */
export interface SequentialReader {
  read(length: number): Promise<Uint8Array<ArrayBuffer>>;
  /** Stops reading (after a failure): releases the underlying stream. */
  cancel(): void;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  // Views, not copies: WebCrypto copies its input anyway.
  return { size: bytes.length, read: async (s, e) => bytes.subarray(s, e) as Uint8Array<ArrayBuffer> };
}

export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (s, e) => new Uint8Array(await blob.slice(s, e).arrayBuffer()),
    from: (start) => streamReader(start === 0 ? blob : blob.slice(start)),
  };
}

/** A sequential reader over a ByteSource: its own stream when it has one, else a slice at a time. */
function readerOf(source: ByteSource, start: number): SequentialReader {
  if (source.from) return source.from(start);
  let at = start;
  return {
    read(length) {
      const s = at;
      at = Math.min(source.size, at + length);
      return source.read(s, at);
    },
    cancel() {},
  };
}

/**
 * Reads a Blob as one stream. With a BYOB ("bring your own buffer") reader — Chromium, Firefox,
 * Node — the browser writes straight into each chunk's buffer, so a chunk costs no extra copy;
 * otherwise the stream's pieces are copied into chunk-sized buffers. Reads are queued, so callers
 * may ask for several chunks before the first arrives and still get them in order.
 */
export function streamReader(blob: Blob): SequentialReader {
  const stream = blob.stream();
  let byob: ReadableStreamBYOBReader | null = null;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    byob = null; // not a byte stream here: read its pieces and copy them
  }
  const plain = byob ? null : stream.getReader();
  let rest: Uint8Array | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const fill = async (length: number): Promise<Uint8Array<ArrayBuffer>> => {
    if (length === 0) return new Uint8Array(0);
    let buffer = new ArrayBuffer(length);
    let at = 0;
    if (byob) {
      while (at < length) {
        const { done, value } = await byob.read(new Uint8Array(buffer, at, length - at));
        if (value) buffer = value.buffer as ArrayBuffer; // the view's buffer was handed to the stream and back
        if (done || !value) break;
        at += value.byteLength;
      }
    } else {
      const out = new Uint8Array(buffer);
      while (at < length) {
        if (!rest || rest.length === 0) {
          const { done, value } = await plain!.read();
          if (done) break;
          rest = value;
        }
        const take = Math.min(length - at, rest.length);
        out.set(take === rest.length ? rest : rest.subarray(0, take), at);
        rest = rest.subarray(take);
        at += take;
      }
    }
    return at === length ? new Uint8Array(buffer) : new Uint8Array(buffer, 0, at);
  };

  return {
    read(length) {
      const next = queue.then(() => fill(length));
      queue = next.catch(() => undefined);
      return next;
    },
    cancel() {
      void (byob ?? plain)!.cancel().catch(() => undefined);
    },
  };
}

export interface Progress {
  /** Plaintext bytes processed so far. */
  done: number;
  total: number;
  chunk: number;
  chunks: number;
}

/** How many chunks are encrypted or decrypted at once (WebCrypto runs them off the calling thread). */
const IN_FLIGHT = 4;

/** Runs `work(i)` for i in 0…n-1 with a few in flight, handing results to `emit` in order. */
async function pipeline<T>(n: number, work: (i: number) => Promise<T>, emit: (value: T, i: number) => void | Promise<void>): Promise<void> {
  const pending: Promise<T>[] = [];
  let next = 0;
  const refill = () => {
    while (next < n && pending.length < IN_FLIGHT) {
      const p = work(next++);
      // If an earlier chunk fails we stop awaiting; later failures must not surface as unhandled.
      p.catch(() => undefined);
      pending.push(p);
    }
  };
  refill();
  for (let i = 0; i < n; i++) {
    const value = await pending.shift()!;
    refill();
    await emit(value, i);
  }
}

/** Imports a plaintext data key (16 or 32 bytes) as a non-extractable AES-GCM CryptoKey. */
export function importDataKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== 32 && raw.length !== 16) throw new RangeError(`an AES-GCM data key is 16 or 32 bytes, not ${raw.length}`);
  return crypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** Overwrites key bytes with zeros. JavaScript cannot promise no other copy exists, but this one is gone. */
export function wipe(bytes: Uint8Array | null | undefined): void {
  bytes?.fill(0);
}

function randomNoncePrefix(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(NONCE_PREFIX_BYTES));
}

export interface SealOptions extends Omit<HeaderInput, 'plaintextLength' | 'noncePrefix'> {
  key: CryptoKey;
  source: ByteSource;
  noncePrefix?: Uint8Array;
  /** Receives the header, then each sealed chunk, in order. */
  onPart(part: Uint8Array<ArrayBuffer>): void;
  onProgress?(p: Progress): void;
}

/** Encrypts `source` into an envelope, part by part. Returns the header and the total length. */
export async function seal(options: SealOptions): Promise<{ header: Uint8Array<ArrayBuffer>; length: number; chunks: number }> {
  const { key, source, chunkSize, onPart, onProgress } = options;
  const header = encodeHeader({ ...options, plaintextLength: source.size, noncePrefix: options.noncePrefix ?? randomNoncePrefix() });
  const prefix = header.subarray(22, 30);
  const n = chunkCount(source.size, chunkSize);
  onPart(header);
  const aadMid = chunkAad(header, false);
  const aadFinal = chunkAad(header, true);
  let done = 0;
  const reader = readerOf(source, 0);
  try {
    await pipeline(
      n,
      async (i) => {
        const length = Math.min(chunkSize, source.size - i * chunkSize);
        const plain = await reader.read(length);
        if (plain.length !== length)
          throw new Error(`The data ended early, at ${(i * chunkSize + plain.length).toLocaleString('en')} of ${source.size.toLocaleString('en')} bytes: did the file change while it was read?`);
        const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: chunkNonce(prefix, i), additionalData: i === n - 1 ? aadFinal : aadMid, tagLength: 128 }, key, plain);
        return { sealed: new Uint8Array(sealed), bytes: plain.length };
      },
      ({ sealed, bytes }, i) => {
        onPart(sealed);
        done += bytes;
        onProgress?.({ done, total: source.size, chunk: i + 1, chunks: n });
      },
    );
  } finally {
    reader.cancel();
  }
  return { header, length: envelopeLength(header.length, source.size, chunkSize), chunks: n };
}

/** Reads and parses an envelope's header from a source. */
export async function readHeader(source: ByteSource): Promise<{ header: EnvelopeHeader; headerBytes: Uint8Array<ArrayBuffer>; fields: ReturnType<typeof decodeHeader>['fields'] }> {
  const prefix = await source.read(0, Math.min(source.size, HEADER_PREFIX_BYTES));
  const length = headerLengthOf(prefix);
  if (source.size < length) throw new EnvelopeError('truncated', `The envelope ends inside its header (${source.size} of ${length} bytes).`);
  const headerBytes = await source.read(0, length);
  const { header, fields } = decodeHeader(headerBytes);
  return { header, headerBytes, fields };
}

/** Checks the envelope's length against its header: truncated and appended envelopes are refused before any decryption. */
function checkLength(header: EnvelopeHeader, size: number): void {
  const expected = envelopeLength(header.headerLength, header.plaintextLength, header.chunkSize);
  if (size < expected)
    throw new EnvelopeError('truncated', `The envelope is truncated: its header promises ${expected.toLocaleString('en')} bytes, but it has ${size.toLocaleString('en')}.`);
  if (size > expected)
    throw new EnvelopeError('trailing-bytes', `${(size - expected).toLocaleString('en')} unexpected bytes follow the final chunk: something was appended to the envelope.`);
}

export interface OpenOptions {
  key: CryptoKey;
  source: ByteSource;
  onPart(part: Uint8Array<ArrayBuffer>): void;
  onProgress?(p: Progress): void;
}

/** Decrypts an envelope chunk by chunk. Throws EnvelopeError on any tampering, with the failing chunk. */
export async function open(options: OpenOptions): Promise<EnvelopeHeader> {
  const { key, source, onPart, onProgress } = options;
  const { header, headerBytes } = await readHeader(source);
  checkLength(header, source.size);
  const n = chunkCount(header.plaintextLength, header.chunkSize);
  const aadMid = chunkAad(headerBytes, false);
  const aadFinal = chunkAad(headerBytes, true);
  let done = 0;
  const reader = readerOf(source, header.headerLength);
  try {
    await pipeline(
      n,
      async (i) => {
        const r = chunkRange(header, i);
        const sealed = await reader.read(r.length);
        if (sealed.length !== r.length)
          throw new EnvelopeError('truncated', `The envelope ended early, inside chunk ${i + 1} of ${n}: did the file change while it was read?`, i);
        try {
          return new Uint8Array(
            await crypto.subtle.decrypt({ name: 'AES-GCM', iv: chunkNonce(header.noncePrefix, i), additionalData: r.final ? aadFinal : aadMid, tagLength: 128 }, key, sealed),
          );
        } catch {
          throw new EnvelopeError(
            'chunk-authentication-failed',
            `Chunk ${i + 1} of ${n} (bytes ${(r.start + 1).toLocaleString('en')}–${(r.start + r.length).toLocaleString('en')} of the envelope) failed AES-GCM authentication: the 16-byte tag at its end does not match the tag computed from its bytes, its position and the envelope header — so one of them was changed, or the data key is not the one that sealed it.`,
            i,
          );
        }
      },
      (plain, i) => {
        onPart(plain);
        done += plain.length;
        onProgress?.({ done, total: header.plaintextLength, chunk: i + 1, chunks: n });
      },
    );
  } finally {
    reader.cancel();
  }
  return header;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** In-memory convenience: seals bytes into one envelope. */
export async function sealBytes(options: Omit<SealOptions, 'source' | 'onPart'> & { plaintext: Uint8Array }): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  await seal({ ...options, source: bytesSource(options.plaintext), onPart: (p) => parts.push(p) });
  return concat(parts);
}

/** In-memory convenience: opens an envelope held in memory. */
export async function openBytes(key: CryptoKey, envelope: Uint8Array): Promise<{ plaintext: Uint8Array<ArrayBuffer>; header: EnvelopeHeader }> {
  const parts: Uint8Array[] = [];
  const header = await open({ key, source: bytesSource(envelope), onPart: (p) => parts.push(p) });
  return { plaintext: concat(parts), header };
}

;
