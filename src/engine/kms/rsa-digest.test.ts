// RSA Sign/Verify with MessageType DIGEST (kms-behaviour.md §2): all six RSASSA algorithms, RAW and
// DIGEST signatures of one message verifying each other, and cross-checks with node:crypto (OpenSSL)
// in both directions: the engine signs a digest and OpenSSL verifies the message; OpenSSL signs the
// message with a key the customer imported and the engine verifies the digest.
import { constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { kwpWrap } from './asymmetric-crypto';
import { rsaSignDigest, rsaVerifyDigest } from './rsa-digest';
import type { KeySpec, SigningAlgorithmSpec } from '../types';
import { expectKmsError, setup, utf8 } from '../test-kit';

type Kms = Awaited<ReturnType<typeof setup>>['kms'];

const RSA_ALGS: SigningAlgorithmSpec[] = ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'];
const nodeHash = (alg: string) => (alg.endsWith('_384') ? 'sha384' : alg.endsWith('_512') ? 'sha512' : 'sha256');
const hLen = (alg: string) => ({ sha256: 32, sha384: 48, sha512: 64 })[nodeHash(alg)];
const sha = (alg: string, m: Uint8Array) => new Uint8Array(createHash(nodeHash(alg)).update(m).digest());
const isPss = (alg: string) => alg.startsWith('RSASSA_PSS');
/** node:crypto's options for one KMS algorithm: PSS with MGF1 of the same hash and salt = hash length, or PKCS#1 v1.5. */
const nodeKey = (key: KeyObject, alg: string, saltLength = hLen(alg)) => (isPss(alg) ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength } : { key, padding: constants.RSA_PKCS1_PADDING });
const spkiOf = async (kms: Kms, KeyId: string) => createPublicKey({ key: Buffer.from((await kms.getPublicKey({ KeyId })).PublicKey), format: 'der', type: 'spki' });

/** The customer's side of BYOK: an RSA key pair made with OpenSSL, imported as an EXTERNAL SIGN_VERIFY key. */
async function importedRsaKey(kms: Kms, spec: KeySpec) {
  const pair = generateKeyPairSync('rsa', { modulusLength: Number(spec.slice(4)) });
  const key = (await kms.createKey({ Origin: 'EXTERNAL', KeySpec: spec, KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
  const params = await kms.getParametersForImport({ KeyId: key.KeyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_2048' });
  const wrapping = createPublicKey({ key: Buffer.from(params.PublicKey), format: 'der', type: 'spki' });
  const aes = randomBytes(32);
  const EncryptedKeyMaterial = Buffer.concat([
    publicEncrypt({ key: wrapping, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aes),
    kwpWrap(aes, pair.privateKey.export({ format: 'der', type: 'pkcs8' })),
  ]);
  await kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
  return { key, pair };
}

describe('RSA Sign/Verify with MessageType DIGEST', () => {
  let kms: Kms;
  let world: Awaited<ReturnType<typeof setup>>['world'];
  let keyId: string;
  let arn: string;
  let pub: KeyObject;
  beforeAll(async () => {
    ({ kms, world } = await setup());
    const key = (await kms.createKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    keyId = key.KeyId;
    arn = key.Arn;
    pub = await spkiOf(kms, keyId);
  });

  it.each(RSA_ALGS)('%s: RAW sign → DIGEST verify, DIGEST sign → RAW verify, and node:crypto verifies the DIGEST signature on the message', async (alg) => {
    const message = utf8(`pay 10 EUR to alice (${alg})`);
    const digest = sha(alg, message);
    const raw = (await kms.sign({ KeyId: keyId, Message: message, SigningAlgorithm: alg })).Signature;
    const signed = await kms.sign({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: alg });
    expect({ KeyId: signed.KeyId, SigningAlgorithm: signed.SigningAlgorithm }).toEqual({ KeyId: arn, SigningAlgorithm: alg });
    const fromDigest = signed.Signature;
    expect(fromDigest.length).toBe(256);
    // "A message and its hash digest are considered to be the same message."
    expect(await kms.verify({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', Signature: raw, SigningAlgorithm: alg })).toEqual({ KeyId: arn, SignatureValid: true, SigningAlgorithm: alg });
    expect(await kms.verify({ KeyId: keyId, Message: message, MessageType: 'RAW', Signature: fromDigest, SigningAlgorithm: alg })).toEqual({ KeyId: arn, SignatureValid: true, SigningAlgorithm: alg });
    await kms.verify({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', Signature: fromDigest, SigningAlgorithm: alg });
    // OpenSSL, on the original message.
    expect(nodeVerify(nodeHash(alg), message, nodeKey(pub, alg), fromDigest)).toBe(true);
    if (isPss(alg)) {
      // The salt is exactly the hash length (and MGF1 uses the same hash: OpenSSL's default for PSS).
      expect(nodeVerify(nodeHash(alg), message, nodeKey(pub, alg, hLen(alg) - 1), fromDigest)).toBe(false);
      expect(Buffer.from(fromDigest).equals(Buffer.from(raw))).toBe(false); // random salt
    } else {
      // PKCS#1 v1.5 is deterministic: the DIGEST signature is byte for byte the RAW one.
      expect(Buffer.from(fromDigest).equals(Buffer.from(raw))).toBe(true);
    }
    // A digest of another message does not verify.
    await expectKmsError(kms.verify({ KeyId: keyId, Message: sha(alg, utf8('another')), MessageType: 'DIGEST', Signature: fromDigest, SigningAlgorithm: alg }), 'KMSInvalidSignatureException', '');
  });

  it.each(['RSA_2048', 'RSA_3072', 'RSA_4096'] as const)('%s imported from OpenSSL: node signs the message and KMS verifies the DIGEST; KMS signs the DIGEST and node verifies', async (spec) => {
    const { kms } = await setup(spec);
    const { key, pair } = await importedRsaKey(kms, spec);
    const message = utf8('signed on both sides');
    for (const alg of RSA_ALGS) {
      const digest = sha(alg, message);
      const byNode = nodeSign(nodeHash(alg), message, nodeKey(pair.privateKey, alg));
      expect(await kms.verify({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', Signature: byNode, SigningAlgorithm: alg })).toMatchObject({ SignatureValid: true });
      const byKms = (await kms.sign({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: alg })).Signature;
      expect(byKms.length).toBe(Number(spec.slice(4)) / 8);
      expect(nodeVerify(nodeHash(alg), message, nodeKey(pair.publicKey, alg), byKms), `${spec} ${alg}`).toBe(true);
      // Known answer: PKCS#1 v1.5 is deterministic, so KMS's DIGEST signature is OpenSSL's signature.
      if (!isPss(alg)) expect(Buffer.from(byKms).toString('hex'), `${spec} ${alg}`).toBe(byNode.toString('hex'));
    }
  }, 60_000);

  it('a digest of the wrong length is ValidationException with AWS’s message, for Sign and Verify', async () => {
    for (const alg of RSA_ALGS) {
      for (const len of [hLen(alg) - 1, hLen(alg) + 1, hLen(alg) === 32 ? 48 : 32]) {
        const message = new Uint8Array(len);
        await expectKmsError(kms.sign({ KeyId: keyId, Message: message, MessageType: 'DIGEST', SigningAlgorithm: alg }), 'ValidationException', `Digest is invalid length for algorithm ${alg}.`);
        await expectKmsError(
          kms.verify({ KeyId: keyId, Message: message, MessageType: 'DIGEST', Signature: new Uint8Array(256), SigningAlgorithm: alg }),
          'ValidationException',
          `Digest is invalid length for algorithm ${alg}.`,
        );
      }
    }
    // A RAW message of the hash length is just a message.
    await kms.sign({ KeyId: keyId, Message: new Uint8Array(32), MessageType: 'RAW', SigningAlgorithm: 'RSASSA_PSS_SHA_384' });
  });

  it('property: whatever the algorithm and the mode that signed, a flipped signature bit fails with KMSInvalidSignatureException', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.constantFrom(...RSA_ALGS), fc.nat(2047), fc.boolean(), fc.boolean(), async (message, alg, bit, signDigest, verifyDigest) => {
        const digest = sha(alg, message);
        const sig = (await kms.sign(signDigest ? { KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: alg } : { KeyId: keyId, Message: message, SigningAlgorithm: alg })).Signature;
        const verify = (Signature: Uint8Array) =>
          kms.verify(verifyDigest ? { KeyId: keyId, Message: digest, MessageType: 'DIGEST', Signature, SigningAlgorithm: alg } : { KeyId: keyId, Message: message, Signature, SigningAlgorithm: alg });
        await verify(sig);
        const flipped = new Uint8Array(sig);
        flipped[bit >> 3] ^= 1 << (bit & 7);
        await expectKmsError(verify(flipped), 'KMSInvalidSignatureException', '');
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('malformed signatures (too short, too long, ≥ the modulus) are KMSInvalidSignatureException, never an internal error', async () => {
    const digest = sha('RSASSA_PKCS1_V1_5_SHA_256', utf8('m'));
    for (const alg of ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PSS_SHA_256'] as const) {
      for (const Signature of [new Uint8Array(255).fill(1), new Uint8Array(257).fill(1), new Uint8Array(256).fill(0xff)])
        await expectKmsError(kms.verify({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', Signature, SigningAlgorithm: alg }), 'KMSInvalidSignatureException', '');
    }
  });

  it('keeps the PKCS#8 in the material record only: not in traces, the audit log or responses', async () => {
    const secret = world.getKey(arn)!.materials[0].secret!;
    expect(secret.kind).toBe('raw');
    const pkcs8 = secret.kind === 'raw' ? Buffer.from(secret.secret) : Buffer.alloc(0);
    expect(createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' }).equals(pub.export({ format: 'der', type: 'spki' }))).toBe(true);
    const traces: unknown[] = [];
    const stop = world.subscribe((t) => traces.push(t));
    const responses = [
      await kms.call('Sign', { KeyId: keyId, Message: sha('_256', utf8('m')), MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PSS_SHA_256' }),
      await kms.call('Sign', { KeyId: keyId, Message: utf8('m'), SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_512' }),
      await kms.call('GetPublicKey', { KeyId: keyId }),
    ];
    stop();
    const dump = JSON.stringify({ traces, responses, audit: world.auditLog() }, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
    // The private exponent d and the prime p, which any leaked form of the key would contain.
    const jwk = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
    for (const part of [jwk.d!, jwk.p!]) {
      const bytes = Buffer.from(part, 'base64url');
      expect(dump).not.toContain(bytes.subarray(0, 32).toString('hex'));
      expect(dump).not.toContain(bytes.subarray(0, 32).toString('base64').slice(0, 40));
    }
    expect(dump).not.toContain(pkcs8.subarray(0, 300).toString('base64'));
  });
});

describe('direct use of rsa-digest (the module under Sign/Verify)', () => {
  it('rejects a digest whose length is not the hash length', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = privateKey.export({ format: 'jwk' });
    const big = (s?: string) => BigInt('0x' + Buffer.from(s!, 'base64url').toString('hex'));
    expect(() => rsaSignDigest({ n: big(jwk.n), d: big(jwk.d) }, 'RSASSA_PKCS1_V1_5_SHA_384', new Uint8Array(32))).toThrow(/invalid length/);
    expect(() => rsaVerifyDigest({ n: big(jwk.n), e: big(jwk.e) }, 'RSASSA_PSS_SHA_256', new Uint8Array(31), new Uint8Array(256))).toThrow(/invalid length/);
  });
});

describe('RSA signing keys saved by an earlier KMS Lab (non-extractable CryptoKeys only)', () => {
  it('still sign RAW and verify DIGEST; signing a DIGEST is UnsupportedOperationException with an explanation', async () => {
    const { world, kms } = await setup('legacy');
    const key = (await kms.createKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    // What an earlier version kept: one non-extractable CryptoKey per algorithm, no bytes.
    const m = world.getKey(key.Arn)!.materials[0];
    if (m.secret?.kind !== 'raw') throw new Error('expected the PKCS#8');
    const keys: Record<string, CryptoKey> = {};
    for (const alg of RSA_ALGS)
      keys[alg] = await crypto.subtle.importKey('pkcs8', m.secret.secret, { name: isPss(alg) ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: `SHA-${nodeHash(alg).slice(3)}` }, false, ['sign']);
    m.secret = { kind: 'webcrypto', keys };
    const message = utf8('legacy');
    for (const alg of RSA_ALGS) {
      const { Signature } = await kms.sign({ KeyId: key.KeyId, Message: message, SigningAlgorithm: alg });
      await kms.verify({ KeyId: key.KeyId, Message: sha(alg, message), MessageType: 'DIGEST', Signature, SigningAlgorithm: alg });
      await expectKmsError(kms.sign({ KeyId: key.KeyId, Message: sha(alg, message), MessageType: 'DIGEST', SigningAlgorithm: alg }), 'UnsupportedOperationException', /earlier version of KMS Lab.*MessageType RAW/);
    }
  });
});
