// The cryptography of asymmetric KMS keys, HMAC keys and key import, over WebCrypto — and, where
// WebCrypto cannot do what KMS does, over @noble/curves and @noble/hashes (kms-behaviour.md §16):
//
//   what                                   how
//   RSA ENCRYPT_DECRYPT (OAEP SHA-1/256)   WebCrypto, non-extractable private keys (one per hash)
//   RSA SIGN_VERIFY, MessageType RAW       WebCrypto, non-extractable CryptoKeys imported from the
//                                          key's PKCS#8 (one per algorithm, made once and cached)
//   RSA SIGN_VERIFY, MessageType DIGEST    micro-rsa-dsa-dh (rsa-digest.ts): WebCrypto always hashes
//   ECC_NIST_* KEY_AGREEMENT (ECDH)        WebCrypto, non-extractable private key
//   ECC_NIST_* SIGN_VERIFY (ECDSA)         @noble/curves: WebCrypto cannot sign a precomputed DIGEST
//   ECC_SECG_P256K1                        @noble/curves: WebCrypto has no secp256k1
//   ECC_NIST_EDWARDS25519                  @noble/curves: WebCrypto has no Ed25519ph
//   HMAC_256/384/512                       WebCrypto, non-extractable
//   HMAC_224                               @noble/hashes: WebCrypto has no SHA-224
//   RFC 5649 key wrap (import)             @noble/ciphers `aeskwp`: WebCrypto's AES-KW is RFC 3394 only
//
// Where noble / micro-rsa-dsa-dh do the work, the private scalar / seed / HMAC key / RSA signing
// key's PKCS#8 lives only in the key's material record inside the engine (SecretMaterial `raw`); it
// never appears in a trace, an audit event or a response. Generation and import all happen here,
// behind the CryptoPort, so a server-side port can persist what it makes in its own (sealed) way.
import { aeskwp } from '@noble/ciphers/aes.js';
import { ed25519, ed25519ph } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { KeySpec, KeyUsageType, SigningAlgorithmSpec } from '../types';
import type { SecretMaterial } from '../world/state';
import { rsaSignDigest, rsaVerifyDigest, type RsaPrivate } from './rsa-digest';
import { hmacKeyBytes, isNistEc, isRsa, signingHash, type DataKeyPairSpec } from './specs';

const own = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);
const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));

/** The asymmetric key pair as the engine keeps it: the private half as SecretMaterial, the public half as SPKI DER. */
export interface KeyPairMaterial {
  secret: SecretMaterial;
  publicKey: Uint8Array<ArrayBuffer>;
}

const NAMED_CURVE: Record<string, 'P-256' | 'P-384' | 'P-521'> = { ECC_NIST_P256: 'P-256', ECC_NIST_P384: 'P-384', ECC_NIST_P521: 'P-521' };
const NOBLE_CURVE = { ECC_NIST_P256: p256, ECC_NIST_P384: p384, ECC_NIST_P521: p521, ECC_SECG_P256K1: secp256k1 } as const;
type NobleEcSpec = keyof typeof NOBLE_CURVE;
/** Uncompressed point length per curve (0x04 ‖ X ‖ Y). */
const POINT_BYTES: Record<string, number> = { ECC_NIST_P256: 65, ECC_NIST_P384: 97, ECC_NIST_P521: 133, ECC_SECG_P256K1: 65 };

// Fixed DER prefixes for the key formats WebCrypto cannot produce (RFC 5480, RFC 5915, RFC 8410).
const SECP256K1_SPKI_PREFIX = hex('3056301006072a8648ce3d020106052b8104000a034200');
const SECP256K1_PKCS8_PREFIX = hex('308184020100301006072a8648ce3d020106052b8104000a046d306b0201010420');
const SECP256K1_PKCS8_MIDDLE = hex('a144034200');
const ED25519_SPKI_PREFIX = hex('302a300506032b6570032100');
const ED25519_PKCS8_PREFIX = hex('302e020100300506032b657004220420');

const RSA_GEN = (bits: number) => ({ modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]) });
const rsaBits = (spec: KeySpec) => Number(spec.slice(4));

/** WebCrypto parameters for an RSA CryptoKey used by one KMS algorithm. */
function rsaImportParams(alg: string): RsaHashedImportParams {
  switch (alg) {
    case 'RSAES_OAEP_SHA_1':
      return { name: 'RSA-OAEP', hash: 'SHA-1' };
    case 'RSAES_OAEP_SHA_256':
      return { name: 'RSA-OAEP', hash: 'SHA-256' };
    default:
      return { name: alg.startsWith('RSASSA_PSS') ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: signingHash(alg as SigningAlgorithmSpec).name };
  }
}
const RSA_ENCRYPTION_ALGS = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
/** WebCrypto sign/verify parameters: RSA-PSS with salt length = hash length (§2), or RSASSA-PKCS1-v1_5. */
function rsaSignParams(alg: SigningAlgorithmSpec): RsaPssParams | Algorithm {
  return alg.startsWith('RSASSA_PSS') ? { name: 'RSA-PSS', saltLength: signingHash(alg).bytes } : { name: 'RSASSA-PKCS1-v1_5' };
}

class UnsupportedKeyError extends Error {}

export function asymmetricCrypto(subtle: SubtleCrypto, random: (n: number) => Uint8Array<ArrayBuffer>) {
  /**
   * An RSA key pair from its PKCS#8. ENCRYPT_DECRYPT: one non-extractable CryptoKey per OAEP hash,
   * the bytes dropped. SIGN_VERIFY: the PKCS#8 itself (as WebCrypto re-encodes it), because signing
   * a precomputed DIGEST needs the private key outside WebCrypto; RAW signing still happens in
   * WebCrypto (see rsaSigningKey).
   */
  async function rsaFromPkcs8(pkcs8: Uint8Array, usage: KeyUsageType): Promise<KeyPairMaterial> {
    // Re-import the private key once, extractably, to read its public part (and its canonical PKCS#8).
    const tmp = await subtle.importKey('pkcs8', own(pkcs8), { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['sign']);
    const jwk = await subtle.exportKey('jwk', tmp);
    const pub = await subtle.importKey('jwk', { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'PS256', ext: true }, { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['verify']);
    const publicKey = new Uint8Array(await subtle.exportKey('spki', pub));
    if (usage === 'SIGN_VERIFY') return { secret: { kind: 'raw', secret: new Uint8Array(await subtle.exportKey('pkcs8', tmp)) }, publicKey };
    const keys: Record<string, CryptoKey> = {};
    for (const alg of RSA_ENCRYPTION_ALGS) keys[alg] = await subtle.importKey('pkcs8', own(pkcs8), rsaImportParams(alg), false, ['decrypt']);
    return { secret: { kind: 'webcrypto', keys }, publicKey };
  }

  // What an RSA signing key's PKCS#8 turns into, made once per material record and kept here (never
  // in the world state): a non-extractable CryptoKey per algorithm for RAW, and (n, d) for DIGEST.
  const rsaSigning = new WeakMap<Uint8Array, { keys: Map<string, Promise<CryptoKey>>; priv?: Promise<RsaPrivate> }>();
  const rsaSigningEntry = (pkcs8: Uint8Array) => {
    let entry = rsaSigning.get(pkcs8);
    if (!entry) rsaSigning.set(pkcs8, (entry = { keys: new Map() }));
    return entry;
  };
  /** MessageType RAW: the key's PKCS#8 in WebCrypto, non-extractable, bound to the algorithm's hash. */
  function rsaSigningKey(pkcs8: Uint8Array, alg: SigningAlgorithmSpec): Promise<CryptoKey> {
    const { keys } = rsaSigningEntry(pkcs8);
    if (!keys.has(alg)) keys.set(alg, subtle.importKey('pkcs8', own(pkcs8), rsaImportParams(alg), false, ['sign']));
    return keys.get(alg)!;
  }
  /** MessageType DIGEST: the modulus and private exponent, read from WebCrypto's JWK export of the PKCS#8. */
  function rsaPrivate(pkcs8: Uint8Array): Promise<RsaPrivate> {
    const entry = rsaSigningEntry(pkcs8);
    entry.priv ??= subtle
      .importKey('pkcs8', own(pkcs8), { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['sign'])
      .then((k) => subtle.exportKey('jwk', k))
      .then((jwk) => ({ n: bigintOf(jwk.n!), d: bigintOf(jwk.d!) }));
    return entry.priv;
  }
  /** The modulus and public exponent of an RSA SPKI. */
  async function rsaPublic(spki: Uint8Array) {
    const jwk = await subtle.exportKey('jwk', await subtle.importKey('spki', own(spki), { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['verify']));
    return { n: bigintOf(jwk.n!), e: bigintOf(jwk.e!) };
  }

  function nobleEcMaterial(spec: NobleEcSpec, scalar: Uint8Array): Promise<KeyPairMaterial> {
    const point = NOBLE_CURVE[spec].getPublicKey(scalar, false);
    return spkiForPoint(spec, point).then((publicKey) => ({ secret: { kind: 'raw', secret: own(scalar) }, publicKey }));
  }

  async function spkiForPoint(spec: NobleEcSpec, point: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    if (spec === 'ECC_SECG_P256K1') return concat(SECP256K1_SPKI_PREFIX, point);
    const k = await subtle.importKey('raw', own(point), { name: 'ECDSA', namedCurve: NAMED_CURVE[spec] }, true, ['verify']);
    return new Uint8Array(await subtle.exportKey('spki', k));
  }

  /** The raw point (or Ed25519 public key) at the end of an SPKI. */
  const publicPoint = (spec: KeySpec, spki: Uint8Array) => spki.subarray(spki.length - (spec === 'ECC_NIST_EDWARDS25519' ? 32 : POINT_BYTES[spec]));

  const hashFn = (name: string) => (name === 'SHA-384' ? sha384 : name === 'SHA-512' ? sha512 : sha256);

  return {
    /** A new key pair for a KMS key of this spec and usage. */
    async generateKeyPair(spec: KeySpec, usage: KeyUsageType): Promise<KeyPairMaterial> {
      if (isRsa(spec)) {
        const pair = (await subtle.generateKey({ name: 'RSA-PSS', hash: 'SHA-256', ...RSA_GEN(rsaBits(spec)) }, true, ['sign', 'verify'])) as CryptoKeyPair;
        // Exported once: ENCRYPT_DECRYPT derives non-extractable CryptoKeys and drops the bytes;
        // SIGN_VERIFY keeps the PKCS#8 as its secret (see rsaFromPkcs8).
        return rsaFromPkcs8(new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey)), usage);
      }
      if (isNistEc(spec) && usage === 'KEY_AGREEMENT') {
        const pair = (await subtle.generateKey({ name: 'ECDH', namedCurve: NAMED_CURVE[spec] }, false, ['deriveBits'])) as CryptoKeyPair;
        return { secret: { kind: 'webcrypto', keys: { ECDH: pair.privateKey } }, publicKey: new Uint8Array(await subtle.exportKey('spki', pair.publicKey)) };
      }
      if (spec in NOBLE_CURVE) return nobleEcMaterial(spec as NobleEcSpec, NOBLE_CURVE[spec as NobleEcSpec].utils.randomSecretKey());
      if (spec === 'ECC_NIST_EDWARDS25519') {
        const seed = random(32);
        return { secret: { kind: 'raw', secret: seed }, publicKey: concat(ED25519_SPKI_PREFIX, ed25519.getPublicKey(seed)) };
      }
      throw new UnsupportedKeyError(`KeySpec ${spec}`);
    },

    /** Imported asymmetric key material (a PKCS#8 private key), kept as generateKeyPair keeps its own. */
    async importKeyPair(spec: KeySpec, usage: KeyUsageType, pkcs8: Uint8Array): Promise<KeyPairMaterial> {
      if (isRsa(spec)) {
        const m = await rsaFromPkcs8(pkcs8, usage);
        const jwk = await subtle.exportKey('jwk', await subtle.importKey('spki', m.publicKey, { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['verify']));
        if (fromBase64Url(jwk.n!).length * 8 !== rsaBits(spec)) throw new UnsupportedKeyError('The RSA key has the wrong size for this key spec.');
        return m;
      }
      if (isNistEc(spec) && usage === 'KEY_AGREEMENT') {
        const priv = await subtle.importKey('pkcs8', own(pkcs8), { name: 'ECDH', namedCurve: NAMED_CURVE[spec] }, false, ['deriveBits']);
        const tmp = await subtle.exportKey('jwk', await subtle.importKey('pkcs8', own(pkcs8), { name: 'ECDH', namedCurve: NAMED_CURVE[spec] }, true, ['deriveBits']));
        const pub = await subtle.importKey('jwk', { kty: 'EC', crv: tmp.crv, x: tmp.x, y: tmp.y }, { name: 'ECDH', namedCurve: NAMED_CURVE[spec] }, true, []);
        return { secret: { kind: 'webcrypto', keys: { ECDH: priv } }, publicKey: new Uint8Array(await subtle.exportKey('spki', pub)) };
      }
      if (isNistEc(spec)) {
        const jwk = await subtle.exportKey('jwk', await subtle.importKey('pkcs8', own(pkcs8), { name: 'ECDSA', namedCurve: NAMED_CURVE[spec] }, true, ['sign']));
        return nobleEcMaterial(spec as NobleEcSpec, fromBase64Url(jwk.d!));
      }
      if (spec === 'ECC_SECG_P256K1') {
        if (pkcs8.length < SECP256K1_PKCS8_PREFIX.length + 32 || !SECP256K1_PKCS8_PREFIX.every((b, i) => b === pkcs8[i]))
          throw new UnsupportedKeyError('Not a secp256k1 PKCS#8 private key.');
        return nobleEcMaterial('ECC_SECG_P256K1', pkcs8.slice(SECP256K1_PKCS8_PREFIX.length, SECP256K1_PKCS8_PREFIX.length + 32));
      }
      if (spec === 'ECC_NIST_EDWARDS25519') {
        if (pkcs8.length !== 48 || !ED25519_PKCS8_PREFIX.every((b, i) => b === pkcs8[i])) throw new UnsupportedKeyError('Not an Ed25519 PKCS#8 private key.');
        const seed = own(pkcs8.slice(16));
        return { secret: { kind: 'raw', secret: seed }, publicKey: concat(ED25519_SPKI_PREFIX, ed25519.getPublicKey(seed)) };
      }
      throw new UnsupportedKeyError(`KeySpec ${spec}`);
    },

    /** A data key pair to hand out (GenerateDataKeyPair): PKCS#8 private key and SPKI public key. */
    async generateDataKeyPair(spec: DataKeyPairSpec): Promise<{ privateKey: Uint8Array<ArrayBuffer>; publicKey: Uint8Array<ArrayBuffer> }> {
      let pair: CryptoKeyPair;
      if (spec.startsWith('RSA_')) pair = (await subtle.generateKey({ name: 'RSA-PSS', hash: 'SHA-256', ...RSA_GEN(rsaBits(spec as KeySpec)) }, true, ['sign', 'verify'])) as CryptoKeyPair;
      else if (spec in NAMED_CURVE) pair = (await subtle.generateKey({ name: 'ECDSA', namedCurve: NAMED_CURVE[spec] }, true, ['sign', 'verify'])) as CryptoKeyPair;
      else if (spec === 'ECC_NIST_EDWARDS25519') pair = (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
      else if (spec === 'ECC_SECG_P256K1') {
        const d = secp256k1.utils.randomSecretKey();
        const point = secp256k1.getPublicKey(d, false);
        return { privateKey: concat(SECP256K1_PKCS8_PREFIX, d, SECP256K1_PKCS8_MIDDLE, point), publicKey: concat(SECP256K1_SPKI_PREFIX, point) };
      } else throw new UnsupportedKeyError(`KeyPairSpec ${spec}`);
      return {
        privateKey: new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey)),
        publicKey: new Uint8Array(await subtle.exportKey('spki', pair.publicKey)),
      };
    },

    /**
     * Signs for Sign. `digest` is the message's hash when MessageType is DIGEST (or when the engine
     * computed it); `message` is the message for RAW. RSA: with a `message` (RAW) WebCrypto signs;
     * with only a `digest` (DIGEST) micro-rsa-dsa-dh does.
     */
    async sign(spec: KeySpec, secret: SecretMaterial, alg: SigningAlgorithmSpec, input: { message?: Uint8Array; digest?: Uint8Array }): Promise<Uint8Array<ArrayBuffer>> {
      if (isRsa(spec)) {
        if (input.message === undefined) {
          // A key made before RSA signing keys kept their PKCS#8 holds only non-extractable CryptoKeys.
          if (secret.kind !== 'raw') throw new UnsupportedKeyError('This RSA key cannot sign a precomputed digest.');
          return rsaSignDigest(await rsaPrivate(secret.secret), alg, input.digest!);
        }
        const key = secret.kind === 'raw' ? await rsaSigningKey(secret.secret, alg) : secret.keys[alg];
        return new Uint8Array(await subtle.sign(rsaSignParams(alg), key, own(input.message)));
      }
      if (secret.kind !== 'raw') throw new UnsupportedKeyError('unexpected key material');
      if (spec === 'ECC_NIST_EDWARDS25519') {
        // ED25519_PH_SHA_512 (MessageType DIGEST, 64 bytes): KMS applies Ed25519ph's SHA-512 pre-hash to
        // the bytes it is given (RFC 8032 Ed25519ph of the 64-byte value), unlike ECDSA/RSA DIGEST.
        if (alg === 'ED25519_SHA_512') return own(ed25519.sign(input.message!, secret.secret));
        return own(ed25519ph.sign(input.message!, secret.secret));
      }
      const curve = NOBLE_CURVE[spec as NobleEcSpec];
      const digest = input.digest ?? hashFn(signingHash(alg).name)(input.message!);
      // KMS returns DER (RFC 3279), and does not normalise s to the low half (unlike Bitcoin/Ethereum).
      return own(curve.sign(digest, secret.secret, { prehash: false, lowS: false, format: 'der' }));
    },

    /** Verifies for Verify; false for any signature that does not verify (including malformed ones). */
    async verify(spec: KeySpec, publicKey: Uint8Array, alg: SigningAlgorithmSpec, input: { message?: Uint8Array; digest?: Uint8Array }, signature: Uint8Array): Promise<boolean> {
      try {
        if (isRsa(spec)) {
          if (input.message === undefined) return rsaVerifyDigest(await rsaPublic(publicKey), alg, input.digest!, signature);
          const key = await subtle.importKey('spki', own(publicKey), rsaImportParams(alg), false, ['verify']);
          return await subtle.verify(rsaSignParams(alg), key, own(signature), own(input.message));
        }
        const point = publicPoint(spec, publicKey);
        if (spec === 'ECC_NIST_EDWARDS25519') {
          return (alg === 'ED25519_SHA_512' ? ed25519 : ed25519ph).verify(signature, input.message!, point);
        }
        const digest = input.digest ?? hashFn(signingHash(alg).name)(input.message!);
        return NOBLE_CURVE[spec as NobleEcSpec].verify(signature, digest, point, { prehash: false, lowS: false, format: 'der' });
      } catch {
        return false;
      }
    },

    /** RSAES_OAEP decryption; rejects when the ciphertext does not decrypt. */
    async rsaDecrypt(secret: SecretMaterial, alg: string, ciphertext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
      if (secret.kind !== 'webcrypto') throw new UnsupportedKeyError('unexpected key material');
      return new Uint8Array(await subtle.decrypt({ name: 'RSA-OAEP' }, secret.keys[alg], own(ciphertext)));
    },

    /** RSAES_OAEP encryption with the public key (SPKI). */
    async rsaEncrypt(publicKey: Uint8Array, alg: string, plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
      const key = await subtle.importKey('spki', own(publicKey), rsaImportParams(alg), false, ['encrypt']);
      return new Uint8Array(await subtle.encrypt({ name: 'RSA-OAEP' }, key, own(plaintext)));
    },

    /**
     * ECDH (DeriveSharedSecret): the raw shared secret (the x-coordinate), as KMS returns it.
     * Rejects when the peer's public key is not an SPKI on the key's curve.
     */
    async deriveSharedSecret(spec: KeySpec, secret: SecretMaterial, peerSpki: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
      if (secret.kind !== 'webcrypto') throw new UnsupportedKeyError('unexpected key material');
      const curve = NAMED_CURVE[spec];
      const peer = await subtle.importKey('spki', own(peerSpki), { name: 'ECDH', namedCurve: curve }, false, []);
      const bits = { 'P-256': 256, 'P-384': 384, 'P-521': 528 }[curve];
      return new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: peer }, secret.keys.ECDH, bits));
    },

    /** A new HMAC key of the spec's length (HMAC_224: raw bytes for noble; others: non-extractable WebCrypto). */
    async generateHmacKey(spec: KeySpec): Promise<SecretMaterial> {
      const bytes = hmacKeyBytes(spec);
      if (spec === 'HMAC_224') return { kind: 'raw', secret: random(bytes) };
      const hash = `SHA-${spec.slice(5)}`;
      return { kind: 'webcrypto', keys: { HMAC: (await subtle.generateKey({ name: 'HMAC', hash, length: bytes * 8 }, false, ['sign', 'verify'])) as CryptoKey } };
    },

    async importHmacKey(spec: KeySpec, raw: Uint8Array): Promise<SecretMaterial> {
      if (spec === 'HMAC_224') return { kind: 'raw', secret: own(raw) };
      const hash = `SHA-${spec.slice(5)}`;
      return { kind: 'webcrypto', keys: { HMAC: await subtle.importKey('raw', own(raw), { name: 'HMAC', hash }, false, ['sign', 'verify']) } };
    },

    async mac(spec: KeySpec, secret: SecretMaterial, message: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
      if (secret.kind === 'raw') return own(hmac(spec === 'HMAC_224' ? sha224 : hashFn(`SHA-${spec.slice(5)}`), secret.secret, message));
      return new Uint8Array(await subtle.sign('HMAC', secret.keys.HMAC, own(message)));
    },

    /** A non-extractable AES-256-GCM backing key from imported bytes (symmetric BYOK). */
    importBackingKey(raw: Uint8Array): Promise<CryptoKey> {
      return subtle.importKey('raw', own(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
    },

    /** An RSA wrapping key pair for GetParametersForImport: the private key non-extractable, bound to the OAEP hash. */
    async generateWrappingKey(spec: KeySpec, oaepHash: 'SHA-1' | 'SHA-256'): Promise<{ privateKey: CryptoKey; publicKey: Uint8Array<ArrayBuffer> }> {
      const pair = (await subtle.generateKey({ name: 'RSA-OAEP', hash: oaepHash, ...RSA_GEN(rsaBits(spec)) }, false, ['encrypt', 'decrypt'])) as CryptoKeyPair;
      return { privateKey: pair.privateKey, publicKey: new Uint8Array(await subtle.exportKey('spki', pair.publicKey)) };
    },

    /**
     * Unwraps imported key material: RSAES_OAEP_* directly; RSA_AES_KEY_WRAP_* as RSA-OAEP of an
     * ephemeral AES key followed by RFC 5649 AES key wrap with padding of the material.
     */
    async unwrapImport(privateKey: CryptoKey, wrappingAlgorithm: string, encrypted: Uint8Array, rsaBytes: number): Promise<Uint8Array<ArrayBuffer>> {
      if (wrappingAlgorithm.startsWith('RSAES_OAEP')) return new Uint8Array(await subtle.decrypt({ name: 'RSA-OAEP' }, privateKey, own(encrypted)));
      const aesKey = new Uint8Array(await subtle.decrypt({ name: 'RSA-OAEP' }, privateKey, own(encrypted.subarray(0, rsaBytes))));
      return own(aeskwp(aesKey).decrypt(encrypted.subarray(rsaBytes)));
    },
  };
}

export type AsymmetricCrypto = ReturnType<typeof asymmetricCrypto>;

const bigintOf = (b64url: string) => BigInt('0x' + Array.from(fromBase64Url(b64url), (x) => x.toString(16).padStart(2, '0')).join(''));

function fromBase64Url(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** RFC 5649 key wrap with padding (for tests and the BYOK walkthrough: what the caller does before ImportKeyMaterial). */
export function kwpWrap(kek: Uint8Array, material: Uint8Array): Uint8Array<ArrayBuffer> {
  return own(aeskwp(kek).encrypt(material));
}
export function kwpUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array<ArrayBuffer> {
  return own(aeskwp(kek).decrypt(wrapped));
}

/** Node-independent SHA helpers the operations use for DIGEST conversion. */
export const digestOf = (alg: SigningAlgorithmSpec, message: Uint8Array): Uint8Array<ArrayBuffer> => {
  const h = signingHash(alg).name;
  return own((h === 'SHA-384' ? sha384 : h === 'SHA-512' ? sha512 : sha256)(message));
};
