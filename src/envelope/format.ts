// The KMS Lab envelope (`.kmsenv`): data encrypted locally with a data key from GenerateDataKey,
// stored next to the encrypted copy of that data key. Self-describing and small; documented in
// docs/envelope-format.md. All integers are big-endian.
//
//   offset  size  field
//   0       4     magic "KENV"
//   4       1     format version (1)
//   5       1     algorithm suite (1 = AES-256-GCM, 12-byte nonce = 8-byte random prefix ‖ uint32 chunk index)
//   6       4     header length H (bytes, this whole header)
//   10      4     chunk size C (plaintext bytes per chunk, 1 KiB … 64 MiB)
//   14      8     plaintext length L
//   22      8     nonce prefix (random per envelope)
//   30      2     a, then a bytes: the KMS key ARN that wrapped the data key (UTF-8)
//   …       2     p = number of encryption-context pairs, then p × (uint16 len ‖ key UTF-8 ‖ uint16 len ‖ value UTF-8),
//                 sorted by the key's UTF-8 bytes
//   …       2     e, then e bytes: the encrypted data key (GenerateDataKey's CiphertextBlob)
//   H       …     n = max(1, ceil(L / C)) chunks; chunk i is AES-GCM(plaintext[i·C … (i+1)·C)) ‖ 16-byte tag
//
// Each chunk's additional data is the whole header followed by one byte: 1 for the final chunk,
// 0 otherwise. So a changed header byte (key ARN, context, wrapped key, sizes) fails every chunk;
// swapped chunks fail (the index is in the nonce); a dropped final chunk fails (the new last chunk
// was sealed as "not final"); and bytes after the final chunk are refused.

const MAGIC = new Uint8Array([0x4b, 0x45, 0x4e, 0x56]); // "KENV"
const FORMAT_VERSION = 1;
const SUITE_AES256_GCM_CHUNKED = 1;
export const TAG_BYTES = 16;
export const NONCE_PREFIX_BYTES = 8;
const FIXED_HEADER_BYTES = 30;
export const MIN_CHUNK_SIZE = 1024;
const MAX_CHUNK_SIZE = 64 * 1024 * 1024;
export const DEFAULT_CHUNK_SIZE = 1024 * 1024;
/** The file extension of an envelope. */
export const ENVELOPE_EXTENSION = '.kmsenv';

export type EnvelopeErrorCode =
  | 'not-an-envelope'
  | 'unsupported-version'
  | 'malformed-header'
  | 'truncated'
  | 'trailing-bytes'
  | 'chunk-authentication-failed';

/** Why an envelope cannot be opened. `chunk` is the index of the chunk that failed, when one did. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
  constructor(
    readonly code: EnvelopeErrorCode,
    message: string,
    readonly chunk?: number,
  ) {
    super(message);
  }
}

export interface EnvelopeHeader {
  version: number;
  suite: number;
  headerLength: number;
  chunkSize: number;
  plaintextLength: number;
  noncePrefix: Uint8Array<ArrayBuffer>;
  keyArn: string;
  encryptionContext: Record<string, string>;
  encryptedDataKey: Uint8Array<ArrayBuffer>;
}

/** A byte range of the header, labelled, for the bytes inspector. */
export interface HeaderField {
  field: string;
  label: string;
  offset: number;
  length: number;
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The number of chunks for a plaintext of `length` bytes: at least one (an empty file has one empty chunk). */
export function chunkCount(length: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(length / chunkSize));
}

/** The envelope's total size in bytes. */
export function envelopeLength(headerLength: number, plaintextLength: number, chunkSize: number): number {
  return headerLength + plaintextLength + TAG_BYTES * chunkCount(plaintextLength, chunkSize);
}

export interface HeaderInput {
  keyArn: string;
  encryptionContext?: Record<string, string>;
  encryptedDataKey: Uint8Array;
  chunkSize: number;
  plaintextLength: number;
  noncePrefix: Uint8Array;
}

export function encodeHeader(input: HeaderInput): Uint8Array<ArrayBuffer> {
  const { chunkSize, plaintextLength, noncePrefix, encryptedDataKey } = input;
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE)
    throw new RangeError(`chunk size must be an integer from ${MIN_CHUNK_SIZE} to ${MAX_CHUNK_SIZE}`);
  if (!Number.isSafeInteger(plaintextLength) || plaintextLength < 0) throw new RangeError('plaintext length must be a non-negative safe integer');
  if (chunkCount(plaintextLength, chunkSize) > 0xffffffff) throw new RangeError('too many chunks for a 4-byte chunk counter');
  if (noncePrefix.length !== NONCE_PREFIX_BYTES) throw new RangeError('nonce prefix must be 8 bytes');
  const arn = utf8.encode(input.keyArn);
  const pairs = Object.entries(input.encryptionContext ?? {})
    .map(([k, v]) => [utf8.encode(k), utf8.encode(String(v))] as const)
    .sort((x, y) => compareBytes(x[0], y[0]));
  const u16 = (n: number, what: string) => {
    if (n > 0xffff) throw new RangeError(`${what} is too long for the envelope header (max 65535 bytes)`);
    return n;
  };
  u16(arn.length, 'key ARN');
  u16(pairs.length, 'encryption context');
  u16(encryptedDataKey.length, 'encrypted data key');
  const contextBytes = pairs.reduce((n, [k, v]) => n + 4 + u16(k.length, 'context key') + u16(v.length, 'context value'), 0);
  const length = FIXED_HEADER_BYTES + 2 + arn.length + 2 + contextBytes + 2 + encryptedDataKey.length;
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = FORMAT_VERSION;
  out[5] = SUITE_AES256_GCM_CHUNKED;
  view.setUint32(6, length);
  view.setUint32(10, chunkSize);
  view.setBigUint64(14, BigInt(plaintextLength));
  out.set(noncePrefix, 22);
  let at = FIXED_HEADER_BYTES;
  const put = (bytes: Uint8Array) => {
    view.setUint16(at, bytes.length);
    out.set(bytes, at + 2);
    at += 2 + bytes.length;
  };
  put(arn);
  view.setUint16(at, pairs.length);
  at += 2;
  for (const [k, v] of pairs) {
    put(k);
    put(v);
  }
  put(encryptedDataKey);
  return out;
}

/** How many bytes must be read to know the header's length. */
export const HEADER_PREFIX_BYTES = 10;

/** Reads the header length from the first 10 bytes, checking the magic and version. */
export function headerLengthOf(prefix: Uint8Array): number {
  if (prefix.length < HEADER_PREFIX_BYTES || MAGIC.some((b, i) => prefix[i] !== b))
    throw new EnvelopeError('not-an-envelope', 'This is not a KMS Lab envelope: it does not start with the "KENV" magic bytes.');
  if (prefix[4] !== FORMAT_VERSION)
    throw new EnvelopeError('unsupported-version', `Envelope format version ${prefix[4]} is not supported (this app reads version ${FORMAT_VERSION}).`);
  if (prefix[5] !== SUITE_AES256_GCM_CHUNKED) throw new EnvelopeError('unsupported-version', `Unknown algorithm suite ${prefix[5]}.`);
  const length = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(6);
  if (length < FIXED_HEADER_BYTES + 6 || length > 1024 * 1024) throw new EnvelopeError('malformed-header', `The header length (${length} bytes) is not plausible.`);
  return length;
}

/** Parses a header (the first H bytes of an envelope). Also returns each field's byte range for the inspector. */
export function decodeHeader(bytes: Uint8Array): { header: EnvelopeHeader; fields: HeaderField[] } {
  const headerLength = headerLengthOf(bytes);
  if (bytes.length < headerLength) throw new EnvelopeError('truncated', `The envelope ends inside its header (${bytes.length} of ${headerLength} bytes).`);
  const h = new Uint8Array(bytes.subarray(0, headerLength));
  const view = new DataView(h.buffer);
  const fields: HeaderField[] = [
    { field: 'magic', label: 'Magic "KENV"', offset: 0, length: 4 },
    { field: 'version', label: 'Format version', offset: 4, length: 1 },
    { field: 'suite', label: 'Algorithm suite', offset: 5, length: 1 },
    { field: 'header-length', label: 'Header length', offset: 6, length: 4 },
    { field: 'chunk-size', label: 'Chunk size', offset: 10, length: 4 },
    { field: 'plaintext-length', label: 'Plaintext length', offset: 14, length: 8 },
    { field: 'nonce-prefix', label: 'Nonce prefix', offset: 22, length: 8 },
  ];
  const malformed = (what: string) => new EnvelopeError('malformed-header', `The envelope header is malformed: ${what}.`);
  let at = FIXED_HEADER_BYTES;
  const take = (field: string, label: string): Uint8Array => {
    if (at + 2 > headerLength) throw malformed(`${label} runs past the header`);
    const n = view.getUint16(at);
    if (at + 2 + n > headerLength) throw malformed(`${label} runs past the header`);
    fields.push({ field, label, offset: at, length: 2 + n });
    const out = h.subarray(at + 2, at + 2 + n);
    at += 2 + n;
    return out;
  };
  const text = (b: Uint8Array, what: string) => {
    try {
      return utf8Strict.decode(b);
    } catch {
      throw malformed(`${what} is not UTF-8`);
    }
  };
  const keyArn = text(take('key-arn', 'KMS key ARN'), 'the key ARN');
  if (at + 2 > headerLength) throw malformed('the encryption context runs past the header');
  const pairs = view.getUint16(at);
  const contextStart = at;
  at += 2;
  const encryptionContext: Record<string, string> = {};
  let previous: Uint8Array | undefined;
  for (let i = 0; i < pairs; i++) {
    const kb = take('context', 'Encryption context');
    const vb = take('context', 'Encryption context');
    if (previous && compareBytes(previous, kb) >= 0) throw malformed('encryption context keys are not sorted and unique');
    previous = kb;
    encryptionContext[text(kb, 'a context key')] = text(vb, 'a context value');
  }
  // One field for the whole context, replacing the per-pair pieces.
  const ctxFields = fields.filter((f) => f.field === 'context');
  for (const f of ctxFields) fields.splice(fields.indexOf(f), 1);
  fields.push({ field: 'encryption-context', label: 'Encryption context', offset: contextStart, length: at - contextStart });
  const encryptedDataKey = new Uint8Array(take('encrypted-data-key', 'Encrypted data key'));
  if (at !== headerLength) throw malformed(`${headerLength - at} unexpected bytes at the end of the header`);
  const chunkSize = view.getUint32(10);
  if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) throw malformed(`chunk size ${chunkSize} is out of range`);
  const big = view.getBigUint64(14);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed('the plaintext length is too large');
  return {
    header: {
      version: h[4],
      suite: h[5],
      headerLength,
      chunkSize,
      plaintextLength: Number(big),
      noncePrefix: new Uint8Array(h.subarray(22, 30)),
      keyArn,
      encryptionContext,
      encryptedDataKey,
    },
    fields: fields.sort((a, b) => a.offset - b.offset),
  };
}

/** The 12-byte AES-GCM nonce of chunk `index`. */
export function chunkNonce(prefix: Uint8Array, index: number): Uint8Array<ArrayBuffer> {
  const iv = new Uint8Array(12);
  iv.set(prefix, 0);
  new DataView(iv.buffer).setUint32(8, index);
  return iv;
}

/** The additional data of one chunk: the header, then 1 for the final chunk or 0. */
export function chunkAad(headerBytes: Uint8Array, final: boolean): Uint8Array<ArrayBuffer> {
  const aad = new Uint8Array(headerBytes.length + 1);
  aad.set(headerBytes, 0);
  aad[headerBytes.length] = final ? 1 : 0;
  return aad;
}

/** Where chunk `index` lies in the envelope (offsets in the whole envelope). */
export function chunkRange(header: Pick<EnvelopeHeader, 'headerLength' | 'chunkSize' | 'plaintextLength'>, index: number) {
  const n = chunkCount(header.plaintextLength, header.chunkSize);
  const plainStart = index * header.chunkSize;
  const plainLength = index === n - 1 ? header.plaintextLength - plainStart : header.chunkSize;
  const start = header.headerLength + index * (header.chunkSize + TAG_BYTES);
  return { start, length: plainLength + TAG_BYTES, plainStart, plainLength, final: index === n - 1 };
}
