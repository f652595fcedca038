// The ciphertext blob for SYMMETRIC_DEFAULT keys. It is self-describing, so Decrypt needs no KeyId
// and old ciphertexts keep decrypting after rotation (the blob names the material version; no
// trial decryption). Layout, all lengths in bytes:
//
//   offset  size  field
//   0       1     format version (0x01)
//   1       1     n = length of the key ARN
//   2       n     key ARN, UTF-8 (names account, Region and key id)
//   2+n     32    key material id (the 64-hex KeyMaterialId as raw bytes)
//   34+n    12    AES-GCM IV (random per encryption)
//   46+n    4     header check: first 4 bytes of SHA-256(bytes 0 … 45+n)
//   50+n    …     AES-256-GCM ciphertext ‖ 16-byte tag
//
// The AES-GCM additional data is the header (bytes 0 … 45+n) followed by the canonical encryption
// context, so changing any header byte, the context, the ciphertext or the tag makes decryption
// fail. The header check turns random corruption of the key ARN into InvalidCiphertextException
// rather than "that key does not exist", as a corrupted AWS ciphertext does.
import { parseKmsArn } from '../world/arn';
import type { CryptoPort } from '../ports';

export const CIPHERTEXT_FORMAT_VERSION = 1;
export const IV_BYTES = 12;
const TAG_BYTES = 16;
const MATERIAL_ID_BYTES = 32;
const CHECK_BYTES = 4;

export interface CiphertextHeader {
  formatVersion: number;
  keyArn: string;
  keyMaterialId: string;
  iv: Uint8Array<ArrayBuffer>;
  /** Bytes 0 … 45+n: version, ARN, material id, IV. Part of the additional data. */
  headerBytes: Uint8Array<ArrayBuffer>;
}

export interface ParsedCiphertext extends CiphertextHeader {
  /** Ciphertext ‖ tag. */
  body: Uint8Array<ArrayBuffer>;
  /** Length of the whole blob. */
  blobBytes: number;
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

const hexToBytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const bytesToHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function encodeHeader(keyArn: string, keyMaterialId: string, iv: Uint8Array): Uint8Array<ArrayBuffer> {
  const arn = utf8.encode(keyArn);
  if (arn.length > 255) throw new RangeError('key ARN too long for the ciphertext format');
  if (!/^[0-9a-f]{64}$/.test(keyMaterialId)) throw new RangeError('key material id must be 64 hex digits');
  if (iv.length !== IV_BYTES) throw new RangeError('IV must be 12 bytes');
  const out = new Uint8Array(2 + arn.length + MATERIAL_ID_BYTES + IV_BYTES);
  out[0] = CIPHERTEXT_FORMAT_VERSION;
  out[1] = arn.length;
  out.set(arn, 2);
  out.set(hexToBytes(keyMaterialId), 2 + arn.length);
  out.set(iv, 2 + arn.length + MATERIAL_ID_BYTES);
  return out;
}

export async function headerCheck(crypto: CryptoPort, headerBytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return (await crypto.sha256(headerBytes)).slice(0, CHECK_BYTES);
}

export function additionalData(headerBytes: Uint8Array, encodedContext: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(headerBytes.length + encodedContext.length);
  out.set(headerBytes, 0);
  out.set(encodedContext, headerBytes.length);
  return out;
}

export function assembleBlob(headerBytes: Uint8Array, check: Uint8Array, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(headerBytes.length + check.length + body.length);
  out.set(headerBytes, 0);
  out.set(check, headerBytes.length);
  out.set(body, headerBytes.length + check.length);
  return out;
}

/** Reads a blob; undefined when it is not a well-formed, intact KMS Lab ciphertext. */
export async function parseCiphertext(crypto: CryptoPort, blob: Uint8Array): Promise<ParsedCiphertext | undefined> {
  if (blob.length < 2 || blob[0] !== CIPHERTEXT_FORMAT_VERSION) return undefined;
  const n = blob[1];
  const headerLength = 2 + n + MATERIAL_ID_BYTES + IV_BYTES;
  if (blob.length < headerLength + CHECK_BYTES + TAG_BYTES + 1) return undefined;
  const headerBytes = new Uint8Array(blob.subarray(0, headerLength));
  const check = blob.subarray(headerLength, headerLength + CHECK_BYTES);
  const expected = await headerCheck(crypto, headerBytes);
  if (expected.some((b, i) => b !== check[i])) return undefined;
  let keyArn: string;
  try {
    keyArn = utf8Strict.decode(headerBytes.subarray(2, 2 + n));
  } catch {
    return undefined;
  }
  if (parseKmsArn(keyArn)?.resourceType !== 'key') return undefined;
  return {
    formatVersion: blob[0],
    keyArn,
    keyMaterialId: bytesToHex(headerBytes.subarray(2 + n, 2 + n + MATERIAL_ID_BYTES)),
    iv: new Uint8Array(headerBytes.subarray(2 + n + MATERIAL_ID_BYTES)),
    headerBytes,
    body: new Uint8Array(blob.subarray(headerLength + CHECK_BYTES)),
    blobBytes: blob.length,
  };
}
