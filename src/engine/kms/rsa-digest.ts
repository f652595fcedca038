// RSA signatures over a precomputed digest: Sign and Verify with MessageType DIGEST, which WebCrypto
// cannot do because its sign/verify always hash the message themselves (kms-behaviour.md §16). RAW
// messages stay on WebCrypto (asymmetric-crypto.ts); only DIGEST comes here.
//
// The RSA arithmetic is micro-rsa-dsa-dh's (MIT, by noble's author; tested upstream against the
// Wycheproof and NIST CAVP vectors), pinned to an exact version:
//
//   RSASSA_PSS_SHA_*         the library's own RSASSA-PSS (EMSA-PSS-ENCODE / EMSA-PSS-VERIFY,
//                            RFC 8017 §9.1.1 / §9.1.2, MGF1 with the same hash, salt length = hash
//                            length), handed a hash function that answers "the hash of the message"
//                            with the caller's digest (see `prehashed`).
//   RSASSA_PKCS1_V1_5_SHA_*  the library's PKCS#1 v1.5 signers hash the message themselves and their
//                            generic constructor is not exported, so EMSA-PKCS1-v1_5 (RFC 8017 §9.2:
//                            0x00 0x01 FF…FF 0x00 ‖ DigestInfo ‖ H) is written out here, over the
//                            library's modular exponentiation as RSASP1 / RSAVP1 (RFC 8017 §5.2).
//
// JS bigints are not constant-time: fine for a learning tool and a local emulator, not for keys
// that protect anything real (the library's README says the same).
import { mgf1, PSS } from 'micro-rsa-dsa-dh/rsa.js';
import { I2OSP, OS2IP, pow, type Hash } from 'micro-rsa-dsa-dh/utils.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { SigningAlgorithmSpec } from '../types';
import { signingHash } from './specs';

/** The private exponent and modulus: all RSASP1 needs (from the key's PKCS#8, via WebCrypto's JWK export). */
export interface RsaPrivate {
  n: bigint;
  d: bigint;
}
/** The public key (from GetPublicKey's SPKI). */
export interface RsaPublic {
  n: bigint;
  e: bigint;
}

const HASHES = { 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 } as const;

/** RFC 8017 §9.2, note 1: the DER of DigestInfo ::= SEQUENCE { AlgorithmIdentifier (hash OID, NULL), OCTET STRING H }, up to H. */
const DIGEST_INFO_PREFIX: Record<keyof typeof HASHES, string> = {
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

const fromHex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
/** Byte length k of the modulus n. */
const modulusBytes = (n: bigint) => Math.ceil(n.toString(16).length / 2);

/** Compares every byte (no early exit). */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function hashFor(alg: SigningAlgorithmSpec, digest: Uint8Array) {
  const { name, bytes } = signingHash(alg);
  if (digest.length !== bytes) throw new RangeError(`Digest is invalid length for algorithm ${alg}.`);
  return { name, hash: HASHES[name] };
}

/**
 * A hash function for the library whose answer for the message is the caller's digest.
 * EMSA-PSS hashes twice (RFC 8017 §9.1.1): step 2, mHash = Hash(M), which with MessageType DIGEST
 * the caller has already done; and step 6, H = Hash(M') over M' = 0x00×8 ‖ mHash ‖ salt, which must
 * really be hashed. We give the library M = the digest, and this function returns it unchanged for
 * exactly those bytes; M' (8 + 2·hLen bytes) can never equal them, so it is really hashed.
 */
function prehashed(hash: (typeof HASHES)[keyof typeof HASHES], digest: Uint8Array): Hash {
  const f = (x: Uint8Array) => (equalBytes(x, digest) ? Uint8Array.from(digest) : hash(x));
  return Object.assign(f, { outputLen: hash.outputLen, blockLen: hash.blockLen, create: () => hash.create() });
}

const pssFor = (alg: SigningAlgorithmSpec, digest: Uint8Array) => {
  const { hash } = hashFor(alg, digest);
  return PSS(prehashed(hash, digest), mgf1(hash), hash.outputLen); // salt length = hash length (§2)
};

/** RFC 8017 §9.2 EMSA-PKCS1-v1_5-ENCODE, from step 2 on (step 1, H = Hash(M), is the caller's digest). */
function emsaPkcs1v15(alg: SigningAlgorithmSpec, digest: Uint8Array, emLen: number): Uint8Array {
  const T = new Uint8Array([...fromHex(DIGEST_INFO_PREFIX[hashFor(alg, digest).name]), ...digest]); // step 2
  if (emLen < T.length + 11) throw new RangeError('intended encoded message length too short'); // step 3
  const EM = new Uint8Array(emLen).fill(0xff); // step 4: PS = 0xff…, at least 8 bytes
  EM[0] = 0x00; // step 5: EM = 0x00 ‖ 0x01 ‖ PS ‖ 0x00 ‖ T
  EM[1] = 0x01;
  EM[emLen - T.length - 1] = 0x00;
  EM.set(T, emLen - T.length);
  return EM;
}

const isPss = (alg: SigningAlgorithmSpec) => alg.startsWith('RSASSA_PSS_');

/** Signs a precomputed digest (its length already checked by Sign) with one of the six RSASSA algorithms. */
export function rsaSignDigest(key: RsaPrivate, alg: SigningAlgorithmSpec, digest: Uint8Array): Uint8Array<ArrayBuffer> {
  if (isPss(alg)) return new Uint8Array(pssFor(alg, digest).sign(key, digest));
  // RFC 8017 §8.2.1 RSASSA-PKCS1-V1_5-SIGN.
  const k = modulusBytes(key.n);
  const m = OS2IP(emsaPkcs1v15(alg, digest, k)); // steps 1, 2a
  const s = pow(m, key.d, key.n); // step 2b: RSASP1, s = m^d mod n (m < n: EM starts 0x00 0x01)
  return new Uint8Array(I2OSP(s, k)); // step 2c
}

/** Verifies a signature over a precomputed digest; false for any signature that does not verify. */
export function rsaVerifyDigest(key: RsaPublic, alg: SigningAlgorithmSpec, digest: Uint8Array, signature: Uint8Array): boolean {
  if (isPss(alg)) return pssFor(alg, digest).verify(key, digest, signature);
  // RFC 8017 §8.2.2 RSASSA-PKCS1-V1_5-VERIFY.
  const k = modulusBytes(key.n);
  if (signature.length !== k) return false; // step 1
  const s = OS2IP(signature); // step 2a
  if (s >= key.n) return false; // step 2b: RSAVP1 needs 0 ≤ s < n ("signature representative out of range")
  const EM = I2OSP(pow(s, key.e, key.n), k); // steps 2b (m = s^e mod n), 2c
  return equalBytes(EM, emsaPkcs1v15(alg, digest, k)); // steps 3, 4
}
