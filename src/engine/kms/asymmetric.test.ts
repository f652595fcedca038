// Asymmetric keys, HMAC keys and key agreement (kms-behaviour.md §2): behaviour, exact messages,
// and cross-checks with an independent implementation (node:crypto / OpenSSL) through the public key.
import { createHmac, createPrivateKey, createPublicKey, constants, sign as nodeSign, publicEncrypt, verify as nodeVerify, createHash, diffieHellman, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { webCryptoPort } from '../ports';
import type { KeySpec, KeyUsageType, MacAlgorithmSpec, SigningAlgorithmSpec } from '../types';
import { expectKmsError, setup, text, utf8 } from '../test-kit';

type Kms = Awaited<ReturnType<typeof setup>>['kms'];
const newKey = async (kms: Kms, KeySpec: KeySpec, KeyUsage: KeyUsageType) => (await kms.createKey({ KeySpec, KeyUsage })).KeyMetadata;
const spkiOf = async (kms: Kms, KeyId: string) => createPublicKey({ key: Buffer.from((await kms.getPublicKey({ KeyId })).PublicKey), format: 'der', type: 'spki' });
const nodeHash = (alg: string) => (alg.endsWith('_384') ? 'sha384' : alg.endsWith('_512') ? 'sha512' : 'sha256');
const sha = (alg: string, m: Uint8Array) => new Uint8Array(createHash(nodeHash(alg)).update(m).digest());

describe('CreateKey and DescribeKey for asymmetric and HMAC keys', () => {
  it.each([
    ['RSA_2048', 'ENCRYPT_DECRYPT', { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] }],
    ['RSA_3072', 'SIGN_VERIFY', { SigningAlgorithms: ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512'] }],
    ['ECC_NIST_P256', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_256'] }],
    ['ECC_NIST_P384', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_384'] }],
    ['ECC_NIST_P521', 'KEY_AGREEMENT', { KeyAgreementAlgorithms: ['ECDH'] }],
    ['ECC_SECG_P256K1', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_256'] }],
    ['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY', { SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] }],
    ['HMAC_224', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_224'] }],
    ['HMAC_512', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_512'] }],
  ] as const)('%s %s lists exactly the algorithms of its usage', async (spec, usage, algorithms) => {
    const { kms } = await setup();
    const key = await newKey(kms, spec, usage);
    const described = (await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata;
    expect(described).toMatchObject({ KeySpec: spec, CustomerMasterKeySpec: spec, KeyUsage: usage, KeyState: 'Enabled', Enabled: true, ...algorithms });
    for (const field of ['EncryptionAlgorithms', 'SigningAlgorithms', 'MacAlgorithms', 'KeyAgreementAlgorithms'])
      if (!(field in algorithms)) expect(described).not.toHaveProperty(field);
  });

  it('rejects a usage the spec does not allow, and SM2 outside the China Regions', async () => {
    const { kms } = await setup();
    await expectKmsError(
      kms.createKey({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'KEY_AGREEMENT' }),
      'ValidationException',
      'The operation failed because the KeyUsage value of the CMK is KEY_AGREEMENT. To perform this operation, the KeyUsage value must be SIGN_VERIFY.',
    );
    await expectKmsError(
      kms.createKey({ KeySpec: 'HMAC_256', KeyUsage: 'ENCRYPT_DECRYPT' }),
      'ValidationException',
      'The operation failed because the KeyUsage value of the CMK is ENCRYPT_DECRYPT. To perform this operation, the KeyUsage value must be GENERATE_VERIFY_MAC.',
    );
    await expectKmsError(kms.createKey({ KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' }), 'UnsupportedOperationException', /China Regions/);
  });

  it('keeps WebCrypto private keys non-extractable, and never puts private material in traces or the audit log', async () => {
    const { world, kms } = await setup();
    // RSA ENCRYPT_DECRYPT keys live in WebCrypto only. (RSA SIGN_VERIFY keys keep their PKCS#8 as
    // `raw` material, for MessageType DIGEST: see rsa-digest.test.ts.)
    const rsa = await newKey(kms, 'RSA_2048', 'ENCRYPT_DECRYPT');
    const ec = await newKey(kms, 'ECC_NIST_P256', 'SIGN_VERIFY');
    const rsaSecret = world.getKey(rsa.Arn)!.materials[0].secret!;
    expect(rsaSecret.kind).toBe('webcrypto');
    if (rsaSecret.kind === 'webcrypto') {
      for (const k of Object.values(rsaSecret.keys)) {
        expect(k.extractable).toBe(false);
        await expect(crypto.subtle.exportKey('pkcs8', k)).rejects.toThrow();
      }
    }
    const traces: unknown[] = [];
    world.subscribe((t) => traces.push(t));
    await kms.sign({ KeyId: ec.KeyId, Message: utf8('m'), SigningAlgorithm: 'ECDSA_SHA_256' });
    const scalar = world.getKey(ec.Arn)!.materials[0].secret!;
    expect(scalar.kind).toBe('raw');
    const hex = scalar.kind === 'raw' ? Buffer.from(scalar.secret).toString('hex') : '';
    const dump = JSON.stringify({ traces, audit: world.auditLog() }, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
    expect(dump).not.toContain(hex);
    expect(dump).not.toContain(Buffer.from(scalar.kind === 'raw' ? scalar.secret : []).toString('base64'));
  });
});

describe('Sign and Verify', () => {
  const RSA_ALGS: SigningAlgorithmSpec[] = ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'];

  it('RSA signatures verify with node:crypto (PSS with salt = hash length, PKCS#1 v1.5) using GetPublicKey’s SPKI', async () => {
    const { kms } = await setup();
    const key = await newKey(kms, 'RSA_2048', 'SIGN_VERIFY');
    const pub = await spkiOf(kms, key.KeyId);
    const message = utf8('pay 10 EUR to alice');
    for (const alg of RSA_ALGS) {
      const { Signature, KeyId, SigningAlgorithm } = await kms.sign({ KeyId: key.KeyId, Message: message, SigningAlgorithm: alg });
      expect({ KeyId, SigningAlgorithm }).toEqual({ KeyId: key.Arn, SigningAlgorithm: alg });
      expect(Signature.length).toBe(256);
      const pss = alg.startsWith('RSASSA_PSS');
      const saltLength = { sha256: 32, sha384: 48, sha512: 64 }[nodeHash(alg)];
      const ok = nodeVerify(nodeHash(alg), message, pss ? { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength } : pub, Signature);
      expect(ok, alg).toBe(true);
      if (pss) expect(nodeVerify(nodeHash(alg), message, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: saltLength! - 1 }, Signature)).toBe(false);
      expect(await kms.verify({ KeyId: key.KeyId, Message: message, Signature, SigningAlgorithm: alg })).toEqual({ KeyId: key.Arn, SignatureValid: true, SigningAlgorithm: alg });
    }
  });

  it.each([
    ['ECC_NIST_P256', 'ECDSA_SHA_256'],
    ['ECC_NIST_P384', 'ECDSA_SHA_384'],
    ['ECC_NIST_P521', 'ECDSA_SHA_512'],
    ['ECC_SECG_P256K1', 'ECDSA_SHA_256'],
  ] as const)('%s: DER-encoded ECDSA that node:crypto verifies; RAW and DIGEST signatures verify each other', async (spec, alg) => {
    const { kms } = await setup();
    const key = await newKey(kms, spec, 'SIGN_VERIFY');
    const pub = await spkiOf(kms, key.KeyId);
    const message = utf8('the same message');
    const raw = (await kms.sign({ KeyId: key.KeyId, Message: message, SigningAlgorithm: alg })).Signature;
    expect(raw[0]).toBe(0x30); // DER SEQUENCE, not WebCrypto's raw r‖s
    expect(nodeVerify(nodeHash(alg), message, { key: pub, dsaEncoding: 'der' }, raw)).toBe(true);
    const digest = sha(alg, message);
    const fromDigest = (await kms.sign({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: alg })).Signature;
    expect(nodeVerify(nodeHash(alg), message, { key: pub, dsaEncoding: 'der' }, fromDigest)).toBe(true);
    // "A message and its hash digest are considered to be the same message."
    await kms.verify({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', Signature: raw, SigningAlgorithm: alg });
    await kms.verify({ KeyId: key.KeyId, Message: message, MessageType: 'RAW', Signature: fromDigest, SigningAlgorithm: alg });
    // A signature made by node:crypto with an unrelated key does not verify.
    const other = generateKeyPairSync('ec', { namedCurve: spec === 'ECC_SECG_P256K1' ? 'secp256k1' : { ECC_NIST_P256: 'P-256', ECC_NIST_P384: 'P-384', ECC_NIST_P521: 'P-521' }[spec] });
    const foreign = nodeSign(nodeHash(alg), message, { key: other.privateKey, dsaEncoding: 'der' });
    await expectKmsError(kms.verify({ KeyId: key.KeyId, Message: message, Signature: foreign, SigningAlgorithm: alg }), 'KMSInvalidSignatureException', '');
  });

  it('property: RAW and DIGEST signatures are interchangeable, and any flipped bit fails with KMSInvalidSignatureException', async () => {
    const { kms } = await setup();
    const keys = { p256: await newKey(kms, 'ECC_NIST_P256', 'SIGN_VERIFY'), k1: await newKey(kms, 'ECC_SECG_P256K1', 'SIGN_VERIFY') };
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.constantFrom('p256', 'k1'), fc.nat(), fc.boolean(), async (message, which, bit, signDigest) => {
        const KeyId = keys[which as 'p256' | 'k1'].KeyId;
        const digest = sha('ECDSA_SHA_256', message);
        const sig = (
          await kms.sign(signDigest ? { KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' } : { KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' })
        ).Signature;
        await kms.verify(signDigest ? { KeyId, Message: message, Signature: sig, SigningAlgorithm: 'ECDSA_SHA_256' } : { KeyId, Message: digest, MessageType: 'DIGEST', Signature: sig, SigningAlgorithm: 'ECDSA_SHA_256' });
        const flipped = new Uint8Array(sig);
        flipped[(bit >> 3) % flipped.length] ^= 1 << (bit & 7);
        await expectKmsError(kms.verify({ KeyId, Message: message, Signature: flipped, SigningAlgorithm: 'ECDSA_SHA_256' }), 'KMSInvalidSignatureException', '');
      }),
      { numRuns: 25 },
    );
  });

  it('Ed25519: ED25519_SHA_512 signs RAW (node:crypto verifies), ED25519_PH_SHA_512 signs a 64-byte DIGEST', async () => {
    const { kms } = await setup();
    const key = await newKey(kms, 'ECC_NIST_EDWARDS25519', 'SIGN_VERIFY');
    const pub = await spkiOf(kms, key.KeyId);
    expect(pub.asymmetricKeyType).toBe('ed25519');
    const message = utf8('ed25519');
    const sig = (await kms.sign({ KeyId: key.KeyId, Message: message, SigningAlgorithm: 'ED25519_SHA_512' })).Signature;
    expect(nodeVerify(null, message, pub, sig)).toBe(true);
    const digest = sha('_512', message);
    const ph = (await kms.sign({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_PH_SHA_512' })).Signature;
    await kms.verify({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', Signature: ph, SigningAlgorithm: 'ED25519_PH_SHA_512' });
    await expectKmsError(kms.verify({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', Signature: sig, SigningAlgorithm: 'ED25519_PH_SHA_512' }), 'KMSInvalidSignatureException', '');
    await expectKmsError(
      kms.sign({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_SHA_512' }),
      'ValidationException',
      'Message type DIGEST is incompatible with algorithm ED25519_SHA_512.',
    );
    await expectKmsError(
      kms.sign({ KeyId: key.KeyId, Message: utf8('short'), MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_PH_SHA_512' }),
      'ValidationException',
      'Digest is invalid length for algorithm ED25519_PH_SHA_512.',
    );
  });

  it('checks digest length, algorithm and key usage with AWS’s messages', async () => {
    const { kms } = await setup();
    const ec = await newKey(kms, 'ECC_NIST_P384', 'SIGN_VERIFY');
    await expectKmsError(
      kms.sign({ KeyId: ec.KeyId, Message: new Uint8Array(32), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_384' }),
      'ValidationException',
      'Digest is invalid length for algorithm ECDSA_SHA_384.',
    );
    await expectKmsError(
      kms.sign({ KeyId: ec.KeyId, Message: utf8('m'), SigningAlgorithm: 'ECDSA_SHA_256' }),
      'InvalidKeyUsageException',
      'Algorithm ECDSA_SHA_256 is incompatible with key spec ECC_NIST_P384.',
    );
    const enc = await newKey(kms, 'RSA_2048', 'ENCRYPT_DECRYPT');
    await expectKmsError(
      kms.sign({ KeyId: enc.KeyId, Message: utf8('m'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' }),
      'InvalidKeyUsageException',
      `${enc.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Sign.`,
    );
    const sym = (await kms.createKey({})).KeyMetadata;
    await expectKmsError(
      kms.verify({ KeyId: sym.KeyId, Message: utf8('m'), Signature: new Uint8Array(8), SigningAlgorithm: 'ECDSA_SHA_256' }),
      'InvalidKeyUsageException',
      `${sym.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Verify.`,
    );
    const rsa = await newKey(kms, 'RSA_2048', 'SIGN_VERIFY');
    // RSA signs a precomputed DIGEST too (rsa-digest.test.ts), once its length is right.
    await kms.sign({ KeyId: rsa.KeyId, Message: new Uint8Array(32), MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PSS_SHA_256' });
    await expectKmsError(
      kms.sign({ KeyId: rsa.KeyId, Message: new Uint8Array(32), MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_512' }),
      'ValidationException',
      'Digest is invalid length for algorithm RSASSA_PKCS1_V1_5_SHA_512.',
    );
    await expectKmsError(
      kms.sign({ KeyId: rsa.KeyId, Message: new Uint8Array(4097), SigningAlgorithm: 'RSASSA_PSS_SHA_256' }),
      'ValidationException',
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
    await kms.disableKey({ KeyId: rsa.KeyId });
    await expectKmsError(kms.sign({ KeyId: rsa.KeyId, Message: utf8('m'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' }), 'DisabledException', `${rsa.Arn} is disabled.`);
  });

  it('the trace shows the signing step with lengths only', async () => {
    const { kms } = await setup();
    const key = await newKey(kms, 'ECC_NIST_P256', 'SIGN_VERIFY');
    const { trace } = await kms.call('Sign', { KeyId: key.KeyId, Message: utf8('hello'), SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(trace.events.find((e) => e.type === 'crypto' && e.step === 'sign')).toMatchObject({ messageType: 'RAW', messageBytes: 5, digestComputed: true });
  });
});

describe('RSA encryption', () => {
  it('node:crypto encrypts with GetPublicKey’s key; Decrypt (KeyId + algorithm) recovers it; Encrypt round-trips', async () => {
    const { kms } = await setup();
    const key = await newKey(kms, 'RSA_3072', 'ENCRYPT_DECRYPT');
    const pub = await spkiOf(kms, key.KeyId);
    for (const [alg, oaepHash] of [['RSAES_OAEP_SHA_1', 'sha1'], ['RSAES_OAEP_SHA_256', 'sha256']] as const) {
      const blob = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, Buffer.from('from openssl'));
      const dec = await kms.decrypt({ CiphertextBlob: blob, KeyId: key.KeyId, EncryptionAlgorithm: alg });
      expect({ ...dec, Plaintext: text(dec.Plaintext) }).toMatchObject({ KeyId: key.Arn, Plaintext: 'from openssl', EncryptionAlgorithm: alg });
      const { CiphertextBlob, EncryptionAlgorithm } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('round trip'), EncryptionAlgorithm: alg });
      expect(EncryptionAlgorithm).toBe(alg);
      expect(CiphertextBlob.length).toBe(384);
      expect(text((await kms.decrypt({ CiphertextBlob, KeyId: key.KeyId, EncryptionAlgorithm: alg })).Plaintext)).toBe('round trip');
    }
    const blob = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from('x'));
    await expectKmsError(kms.decrypt({ CiphertextBlob: blob, KeyId: key.KeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }), 'InvalidCiphertextException', '');
    await expectKmsError(kms.decrypt({ CiphertextBlob: blob }), 'InvalidCiphertextException', '');
  });

  it.each([
    ['RSA_2048', 'RSAES_OAEP_SHA_1', 214],
    ['RSA_2048', 'RSAES_OAEP_SHA_256', 190],
    ['RSA_3072', 'RSAES_OAEP_SHA_1', 342],
    ['RSA_3072', 'RSAES_OAEP_SHA_256', 318],
    ['RSA_4096', 'RSAES_OAEP_SHA_1', 470],
    ['RSA_4096', 'RSAES_OAEP_SHA_256', 446],
  ] as const)('%s with %s encrypts at most %i bytes (AWS-validated message)', async (spec, alg, max) => {
    const { kms } = await setup();
    const key = await newKey(kms, spec, 'ENCRYPT_DECRYPT');
    await kms.encrypt({ KeyId: key.KeyId, Plaintext: new Uint8Array(max), EncryptionAlgorithm: alg });
    await expectKmsError(
      kms.encrypt({ KeyId: key.KeyId, Plaintext: new Uint8Array(max + 1), EncryptionAlgorithm: alg }),
      'ValidationException',
      `Algorithm ${alg} and key spec ${spec} cannot encrypt data larger than ${max} bytes.`,
    );
  });

  it('without EncryptionAlgorithm: "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096."; no data keys from RSA keys', async () => {
    const { kms } = await setup();
    const key = await newKey(kms, 'RSA_4096', 'ENCRYPT_DECRYPT');
    await expectKmsError(kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') }), 'InvalidKeyUsageException', 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096.');
    await expectKmsError(kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' }), 'InvalidKeyUsageException', /not valid for GenerateDataKey/);
  });

  it('ReEncrypt from an RSA ciphertext to a symmetric key and back', async () => {
    const { kms } = await setup();
    const rsa = await newKey(kms, 'RSA_2048', 'ENCRYPT_DECRYPT');
    const sym = (await kms.createKey({})).KeyMetadata;
    const { CiphertextBlob } = await kms.encrypt({ KeyId: rsa.KeyId, Plaintext: utf8('moving'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    const re = await kms.reEncrypt({ CiphertextBlob, SourceKeyId: rsa.KeyId, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DestinationKeyId: sym.KeyId });
    expect(re).toMatchObject({ SourceKeyId: rsa.Arn, KeyId: sym.Arn, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    const back = await kms.reEncrypt({ CiphertextBlob: re.CiphertextBlob, DestinationKeyId: rsa.KeyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1' });
    expect(text((await kms.decrypt({ CiphertextBlob: back.CiphertextBlob, KeyId: rsa.KeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })).Plaintext)).toBe('moving');
  });
});

describe('HMAC', () => {
  // RFC 4231 test cases 1, 2 and 6 (keys shorter or longer than KMS accepts for import, so through the port).
  const vectors = [
    { key: '0b'.repeat(20), data: Buffer.from('Hi There').toString('hex'), 224: '896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22', 256: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' },
    { key: Buffer.from('Jefe').toString('hex'), data: Buffer.from('what do ya want for nothing?').toString('hex'), 224: 'a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44', 256: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' },
    { key: 'aa'.repeat(131), data: Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First').toString('hex'), 224: '95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e', 256: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54' },
  ];
  it.each(vectors)('RFC 4231 known answers for HMAC-SHA-224 (noble) and HMAC-SHA-256 (WebCrypto)', async (v) => {
    const port = webCryptoPort();
    for (const bits of [224, 256] as const) {
      const spec = `HMAC_${bits}` as KeySpec;
      const secret = await port.importHmacKey(spec, Buffer.from(v.key, 'hex'));
      expect(Buffer.from(await port.mac(spec, secret, Buffer.from(v.data, 'hex'))).toString('hex')).toBe(v[bits]);
    }
  });

  it('GenerateMac / VerifyMac for every spec; a wrong MAC is KMSInvalidMacException; the algorithm must match the spec', async () => {
    const { kms } = await setup();
    for (const bits of [224, 256, 384, 512]) {
      const key = await newKey(kms, `HMAC_${bits}` as KeySpec, 'GENERATE_VERIFY_MAC');
      const MacAlgorithm = `HMAC_SHA_${bits}` as MacAlgorithmSpec;
      const { Mac, KeyId } = await kms.generateMac({ KeyId: key.KeyId, Message: utf8('msg'), MacAlgorithm });
      expect(KeyId).toBe(key.Arn);
      expect(Mac.length).toBe(bits / 8);
      expect(await kms.verifyMac({ KeyId: key.KeyId, Message: utf8('msg'), Mac, MacAlgorithm })).toEqual({ KeyId: key.Arn, MacValid: true, MacAlgorithm });
      await expectKmsError(kms.verifyMac({ KeyId: key.KeyId, Message: utf8('msh'), Mac, MacAlgorithm }), 'KMSInvalidMacException', '');
      await expectKmsError(kms.verifyMac({ KeyId: key.KeyId, Message: utf8('msg'), Mac: Mac.subarray(1), MacAlgorithm }), 'KMSInvalidMacException', '');
    }
    const h224 = await newKey(kms, 'HMAC_224', 'GENERATE_VERIFY_MAC');
    await expectKmsError(
      kms.generateMac({ KeyId: h224.KeyId, Message: utf8('m'), MacAlgorithm: 'HMAC_SHA_256' }),
      'InvalidKeyUsageException',
      'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.',
    );
    const sym = (await kms.createKey({})).KeyMetadata;
    await expectKmsError(
      kms.generateMac({ KeyId: sym.KeyId, Message: utf8('m'), MacAlgorithm: 'HMAC_SHA_256' }),
      'InvalidKeyUsageException',
      `${sym.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`,
    );
    await expectKmsError(kms.generateMac({ KeyId: 'key_id', Message: utf8('m'), MacAlgorithm: 'HMAC_SHA_256' }), 'NotFoundException', "Invalid keyId 'key_id'");
    await expectKmsError(kms.encrypt({ KeyId: h224.KeyId, Plaintext: utf8('x') }), 'InvalidKeyUsageException', `${h224.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt.`);
  });

  it('property: a flipped MAC bit always fails', async () => {
    const { kms } = await setup();
    const key = await newKey(kms, 'HMAC_224', 'GENERATE_VERIFY_MAC');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(223), async (message, bit) => {
        const { Mac } = await kms.generateMac({ KeyId: key.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_224' });
        const flipped = new Uint8Array(Mac);
        flipped[bit >> 3] ^= 1 << (bit & 7);
        await expectKmsError(kms.verifyMac({ KeyId: key.KeyId, Message: message, Mac: flipped, MacAlgorithm: 'HMAC_SHA_224' }), 'KMSInvalidMacException', '');
      }),
      { numRuns: 30 },
    );
  });

  it('HMAC keys and symmetric keys have no public key', async () => {
    const { kms } = await setup();
    const sym = (await kms.createKey({})).KeyMetadata;
    await expectKmsError(kms.getPublicKey({ KeyId: sym.KeyId }), 'UnsupportedOperationException', /not valid for GetPublicKey/);
    const hmac = await newKey(kms, 'HMAC_256', 'GENERATE_VERIFY_MAC');
    await expectKmsError(kms.getPublicKey({ KeyId: hmac.KeyId }), 'UnsupportedOperationException', /not valid for GetPublicKey/);
    // Independent check of a MAC: node:crypto cannot see the key, so compare two MACs of one message instead.
    const a = await kms.generateMac({ KeyId: hmac.KeyId, Message: utf8('m'), MacAlgorithm: 'HMAC_SHA_256' });
    const b = await kms.generateMac({ KeyId: hmac.KeyId, Message: utf8('m'), MacAlgorithm: 'HMAC_SHA_256' });
    expect(Buffer.from(a.Mac).equals(Buffer.from(b.Mac))).toBe(true);
    expect(createHmac('sha256', 'k').update('m').digest().length).toBe(a.Mac.length);
  });
});

describe('GetPublicKey and DeriveSharedSecret', () => {
  it('GetPublicKey returns SPKI DER and the key’s algorithms', async () => {
    const { kms } = await setup();
    const key = await newKey(kms, 'ECC_NIST_P256', 'KEY_AGREEMENT');
    const res = await kms.getPublicKey({ KeyId: key.KeyId });
    expect(res).toMatchObject({ KeyId: key.Arn, KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT', KeyAgreementAlgorithms: ['ECDH'] });
    expect(res).not.toHaveProperty('SigningAlgorithms');
    expect(createPublicKey({ key: Buffer.from(res.PublicKey), format: 'der', type: 'spki' }).asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
  });

  it.each([
    ['ECC_NIST_P256', 'prime256v1', 32],
    ['ECC_NIST_P384', 'secp384r1', 48],
    ['ECC_NIST_P521', 'secp521r1', 66],
  ] as const)('%s: the shared secret equals node:crypto’s ECDH from the other side', async (spec, curve, bytes) => {
    const { kms } = await setup();
    const key = await newKey(kms, spec, 'KEY_AGREEMENT');
    const peer = generateKeyPairSync('ec', { namedCurve: curve });
    const peerSpki = peer.publicKey.export({ format: 'der', type: 'spki' });
    const res = await kms.deriveSharedSecret({ KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peerSpki });
    expect(res).toMatchObject({ KeyId: key.Arn, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: 'AWS_KMS' });
    expect(res.SharedSecret.length).toBe(bytes);
    const theirs = diffieHellman({ privateKey: peer.privateKey, publicKey: await spkiOf(kms, key.KeyId) });
    expect(Buffer.from(res.SharedSecret).equals(theirs)).toBe(true);
  });

  it('DeriveSharedSecret needs a KEY_AGREEMENT key and a public key on its curve', async () => {
    const { kms } = await setup();
    const signing = await newKey(kms, 'ECC_NIST_P256', 'SIGN_VERIFY');
    const peer = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'der', type: 'spki' });
    await expectKmsError(
      kms.deriveSharedSecret({ KeyId: signing.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer }),
      'InvalidKeyUsageException',
      `${signing.Arn} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.`,
    );
    const ka = await newKey(kms, 'ECC_NIST_P256', 'KEY_AGREEMENT');
    await expectKmsError(kms.deriveSharedSecret({ KeyId: ka.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer }), 'ValidationException');
  });
});

describe('GenerateDataKeyPair', () => {
  it.each(['RSA_2048', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519'] as const)(
    '%s: node:crypto uses the PKCS#8 private key, which matches the SPKI public key; the wrapped copy decrypts with the EC',
    async (spec) => {
      const { kms } = await setup();
      const key = (await kms.createKey({})).KeyMetadata;
      const pair = await kms.generateDataKeyPair({ KeyId: key.KeyId, KeyPairSpec: spec, EncryptionContext: { app: 'x' } });
      expect(pair).toMatchObject({ KeyId: key.Arn, KeyPairSpec: spec, KeyMaterialId: key.CurrentKeyMaterialId });
      const priv = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext), format: 'der', type: 'pkcs8' });
      const pub = createPublicKey({ key: Buffer.from(pair.PublicKey), format: 'der', type: 'spki' });
      expect(createPublicKey(priv).export({ format: 'der', type: 'spki' }).equals(Buffer.from(pair.PublicKey))).toBe(true);
      const hash = spec === 'ECC_NIST_EDWARDS25519' ? null : 'sha256';
      const sig = nodeSign(hash, Buffer.from('m'), priv);
      expect(nodeVerify(hash, Buffer.from('m'), pub, sig)).toBe(true);
      const dec = await kms.decrypt({ CiphertextBlob: pair.PrivateKeyCiphertextBlob, EncryptionContext: { app: 'x' } });
      expect(Buffer.from(dec.Plaintext).equals(Buffer.from(pair.PrivateKeyPlaintext))).toBe(true);
      await expectKmsError(kms.decrypt({ CiphertextBlob: pair.PrivateKeyCiphertextBlob }), 'InvalidCiphertextException', '');
    },
  );

  it('WithoutPlaintext returns no private key; asymmetric keys cannot make pairs; SM2 is China-only', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    const res = await kms.generateDataKeyPairWithoutPlaintext({ KeyId: key.KeyId, KeyPairSpec: 'ECC_NIST_P256' });
    expect(res).not.toHaveProperty('PrivateKeyPlaintext');
    expect((await kms.decrypt({ CiphertextBlob: res.PrivateKeyCiphertextBlob })).Plaintext.length).toBeGreaterThan(100);
    const rsa = await newKey(kms, 'RSA_2048', 'ENCRYPT_DECRYPT');
    await expectKmsError(kms.generateDataKeyPair({ KeyId: rsa.KeyId, KeyPairSpec: 'ECC_NIST_P256' }), 'InvalidKeyUsageException');
    await expectKmsError(kms.generateDataKeyPair({ KeyId: key.KeyId, KeyPairSpec: 'SM2' }), 'UnsupportedOperationException');
    await expectKmsError(kms.generateDataKeyPair({ KeyId: key.KeyId, KeyPairSpec: 'ECC_NIST_P256', DryRun: true }), 'DryRunOperationException');
    await expectKmsError(
      kms.generateDataKeyPair({ KeyId: key.KeyId, KeyPairSpec: 'DSA' as never }),
      'ValidationException',
      "1 validation error detected: Value 'DSA' at 'keyPairSpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, SM2, ECC_NIST_EDWARDS25519, ML_KEM_512, ML_KEM_768, ML_KEM_1024]",
    );
  });
});
