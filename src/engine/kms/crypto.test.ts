// Encrypt, Decrypt, ReEncrypt, GenerateDataKey*, GenerateRandom: behaviour, limits and messages.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEncryptionContext } from './encryption-context';
import { parseCiphertext } from './ciphertext';
import { webCryptoPort } from '../ports';
import { expectKmsError, setup, text, utf8 } from '../test-kit';

const newKey = async (kms: Awaited<ReturnType<typeof setup>>['kms']) => (await kms.createKey({})).KeyMetadata;

describe('Encrypt and Decrypt', () => {
  it('round-trips, names the key by ARN, and Decrypt needs no KeyId', async () => {
    const { kms } = await setup();
    const key = await newKey(kms);
    const enc = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('hello'), EncryptionContext: { dept: 'hr' } });
    expect(enc.KeyId).toBe(key.Arn);
    expect(enc.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(text(enc.CiphertextBlob)).not.toContain('hello');
    const dec = await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { dept: 'hr' } });
    expect(text(dec.Plaintext)).toBe('hello');
    expect(dec.KeyId).toBe(key.Arn);
    expect(dec.KeyMaterialId).toBe(key.CurrentKeyMaterialId);
    expect(dec.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
  });

  it('accepts 1 and 4096 bytes; rejects 0 and 4097 with AWS’s validation text', async () => {
    const { kms } = await setup();
    const key = await newKey(kms);
    for (const n of [1, 4096]) {
      const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: new Uint8Array(n).fill(7) });
      expect((await kms.decrypt({ CiphertextBlob })).Plaintext.length).toBe(n);
    }
    await expectKmsError(
      kms.encrypt({ KeyId: key.KeyId, Plaintext: new Uint8Array(4097) }),
      'ValidationException',
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
    await expectKmsError(
      kms.encrypt({ KeyId: key.KeyId, Plaintext: new Uint8Array(0) }),
      'ValidationException',
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('reports several violations together, as AWS does', async () => {
    const { kms } = await setup();
    await expectKmsError(
      kms.encrypt({ KeyId: '', Plaintext: new Uint8Array(0) }),
      'ValidationException',
      "2 validation errors detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1; Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    await expectKmsError(
      kms.encrypt({ Plaintext: utf8('x') } as never),
      'ValidationException',
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
    );
  });

  it('a wrong or missing encryption context is InvalidCiphertextException with an empty message', async () => {
    const { kms } = await setup();
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionContext: { a: '1', b: '2' } });
    await expectKmsError(kms.decrypt({ CiphertextBlob }), 'InvalidCiphertextException', '');
    await expectKmsError(kms.decrypt({ CiphertextBlob, EncryptionContext: { a: '1' } }), 'InvalidCiphertextException', '');
    await expectKmsError(kms.decrypt({ CiphertextBlob, EncryptionContext: { a: '1', b: '2', c: '3' } }), 'InvalidCiphertextException', '');
    await expectKmsError(kms.decrypt({ CiphertextBlob, EncryptionContext: { A: '1', b: '2' } }), 'InvalidCiphertextException', '');
    // Only the order of the pairs may differ.
    expect(text((await kms.decrypt({ CiphertextBlob, EncryptionContext: { b: '2', a: '1' } })).Plaintext)).toBe('x');
  });

  it('rejects an algorithm that does not suit a symmetric key', async () => {
    const { kms } = await setup();
    const key = await newKey(kms);
    await expectKmsError(
      kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
      'InvalidKeyUsageException',
      'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.',
    );
    await expectKmsError(
      kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionAlgorithm: 'AES' as never }),
      'ValidationException',
      "1 validation error detected: Value 'AES' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]",
    );
  });

  it('garbage and truncated blobs are InvalidCiphertextException; an oversized blob fails validation', async () => {
    const { kms } = await setup();
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') });
    await expectKmsError(kms.decrypt({ CiphertextBlob: utf8('not a ciphertext') }), 'InvalidCiphertextException', '');
    await expectKmsError(kms.decrypt({ CiphertextBlob: CiphertextBlob.slice(0, CiphertextBlob.length - 1) }), 'InvalidCiphertextException', '');
    await expectKmsError(
      kms.decrypt({ CiphertextBlob: new Uint8Array(6145) }),
      'ValidationException',
      "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length less than or equal to 6144",
    );
  });

  it('Decrypt with a KeyId naming another existing key is IncorrectKeyException; with the right key in any form it works', async () => {
    const { kms } = await setup();
    const key = await newKey(kms);
    const other = await newKey(kms);
    await kms.createAlias({ AliasName: 'alias/right', TargetKeyId: key.KeyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') });
    await expectKmsError(
      kms.decrypt({ CiphertextBlob, KeyId: other.KeyId }),
      'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.',
    );
    for (const id of [key.KeyId, key.Arn, 'alias/right', 'arn:aws:kms:us-east-1:111122223333:alias/right'])
      expect(text((await kms.decrypt({ CiphertextBlob, KeyId: id })).Plaintext)).toBe('x');
    // A KeyId that names nothing is a NotFoundException, before any comparison.
    await expectKmsError(kms.decrypt({ CiphertextBlob, KeyId: 'alias/missing' }), 'NotFoundException', 'Alias arn:aws:kms:us-east-1:111122223333:alias/missing is not found.');
  });

  it('a ciphertext from another Region is refused in this Region (AccessDenied, as AWS words it)', async () => {
    const { world, kms } = await setup();
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') });
    await expectKmsError(
      world.client({ region: 'eu-west-1' }).decrypt({ CiphertextBlob }),
      'AccessDeniedException',
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    );
  });

  it('DryRun validates everything and then stops with DryRunOperationException', async () => {
    const { world, kms } = await setup();
    const key = await newKey(kms);
    const msg = 'The request would have succeeded, but the DryRun option is set.';
    await expectKmsError(kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), DryRun: true }), 'DryRunOperationException', msg);
    await expectKmsError(kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256', DryRun: true }), 'DryRunOperationException', msg);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionContext: { a: 'b' } });
    await expectKmsError(kms.decrypt({ CiphertextBlob, EncryptionContext: { a: 'b' }, DryRun: true }), 'DryRunOperationException', msg);
    // A dry run still reports what would have failed.
    await expectKmsError(kms.decrypt({ CiphertextBlob, DryRun: true }), 'InvalidCiphertextException', '');
    await expectKmsError(
      kms.decrypt({ CiphertextBlob: utf8('junk'), KeyId: key.KeyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] }),
      'DryRunOperationException',
      msg,
    );
    await kms.disableKey({ KeyId: key.KeyId });
    await expectKmsError(kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), DryRun: true }), 'DisabledException', `${key.Arn} is disabled.`);
    expect(world.auditLog().filter((e) => e.errorCode === 'DryRunOperationException')).toHaveLength(4);
  });
});

describe('ReEncrypt', () => {
  it('moves a ciphertext to another key and context without revealing the plaintext', async () => {
    const { kms } = await setup();
    const a = await newKey(kms);
    const b = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: a.KeyId, Plaintext: utf8('move me'), EncryptionContext: { v: '1' } });
    const re = await kms.reEncrypt({
      CiphertextBlob,
      SourceEncryptionContext: { v: '1' },
      DestinationKeyId: b.Arn,
      DestinationEncryptionContext: { v: '2' },
    });
    expect(re).not.toHaveProperty('Plaintext');
    expect(re).toMatchObject({
      SourceKeyId: a.Arn,
      KeyId: b.Arn,
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      SourceKeyMaterialId: a.CurrentKeyMaterialId,
      DestinationKeyMaterialId: b.CurrentKeyMaterialId,
    });
    expect(text((await kms.decrypt({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { v: '2' } })).Plaintext)).toBe('move me');
    await expectKmsError(kms.decrypt({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { v: '1' } }), 'InvalidCiphertextException', '');
    await expectKmsError(kms.reEncrypt({ CiphertextBlob, DestinationKeyId: b.KeyId }), 'InvalidCiphertextException', '');
    await expectKmsError(
      kms.reEncrypt({ CiphertextBlob, SourceEncryptionContext: { v: '1' }, SourceKeyId: b.KeyId, DestinationKeyId: b.KeyId }),
      'IncorrectKeyException',
    );
  });

  it('is authorized as kms:ReEncryptFrom on the source and kms:ReEncryptTo on the destination', async () => {
    const { kms } = await setup();
    const a = await newKey(kms);
    const b = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: a.KeyId, Plaintext: utf8('x') });
    const { trace } = await kms.call('ReEncrypt', { CiphertextBlob, DestinationKeyId: b.KeyId });
    const authz = trace.events.filter((e) => e.type === 'authorize');
    expect(authz.map((e) => [e.action, e.resources])).toEqual([
      ['kms:ReEncryptFrom', [a.Arn]],
      ['kms:ReEncryptTo', [b.Arn]],
    ]);
  });
});

describe('GenerateDataKey and GenerateDataKeyWithoutPlaintext', () => {
  it.each([
    [{ KeySpec: 'AES_256' as const }, 32],
    [{ KeySpec: 'AES_128' as const }, 16],
    [{ NumberOfBytes: 1 }, 1],
    [{ NumberOfBytes: 64 }, 64],
    [{ NumberOfBytes: 1024 }, 1024],
  ])('%o gives a %i-byte data key, returned twice: plaintext and wrapped', async (spec, bytes) => {
    const { kms } = await setup();
    const key = await newKey(kms);
    const dk = await kms.generateDataKey({ KeyId: key.KeyId, ...spec, EncryptionContext: { purpose: 'envelope' } });
    expect(dk.Plaintext.length).toBe(bytes);
    expect(dk.KeyId).toBe(key.Arn);
    expect(dk.KeyMaterialId).toBe(key.CurrentKeyMaterialId);
    const back = await kms.decrypt({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { purpose: 'envelope' } });
    expect(back.Plaintext).toEqual(dk.Plaintext);
  });

  it('WithoutPlaintext returns only the wrapped copy, which decrypts to a key of the asked size', async () => {
    const { kms } = await setup();
    const key = await newKey(kms);
    const dk = await kms.generateDataKeyWithoutPlaintext({ KeyId: key.KeyId, KeySpec: 'AES_128' });
    expect(dk).not.toHaveProperty('Plaintext');
    expect((await kms.decrypt({ CiphertextBlob: dk.CiphertextBlob })).Plaintext.length).toBe(16);
  });

  it.each([[{}], [{ KeySpec: 'AES_128' as const, NumberOfBytes: 16 }]])('%o: one of KeySpec or NumberOfBytes, not neither nor both', async (spec) => {
    const { kms } = await setup();
    const key = await newKey(kms);
    await expectKmsError(kms.generateDataKey({ KeyId: key.KeyId, ...spec }), 'ValidationException', 'Please specify either number of bytes or key spec.');
    await expectKmsError(kms.generateDataKeyWithoutPlaintext({ KeyId: key.KeyId, ...spec }), 'ValidationException', 'Please specify either number of bytes or key spec.');
  });

  it('NumberOfBytes is 1–1024 and KeySpec an enum, worded as AWS words it', async () => {
    const { kms } = await setup();
    const key = await newKey(kms);
    await expectKmsError(
      kms.generateDataKey({ KeyId: key.KeyId, NumberOfBytes: 1025 }),
      'ValidationException',
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
    await expectKmsError(
      kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_257' as never }),
      'ValidationException',
      "1 validation error detected: Value 'AES_257' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]",
    );
  });

  it('the trace shows the data key being generated and wrapped, by length only', async () => {
    const { kms } = await setup();
    const key = await newKey(kms);
    const { trace, response } = await kms.call('GenerateDataKey', { KeyId: key.KeyId, KeySpec: 'AES_256' });
    const steps = trace.events.flatMap((e) => (e.type === 'crypto' ? [e.step] : []));
    expect(steps).toEqual(['generate-data-key', 'select-material', 'bind-encryption-context', 'wrap-data-key', 'return-plaintext']);
    const wrap = trace.events.find((e) => e.type === 'crypto' && e.step === 'wrap-data-key');
    expect(wrap).toMatchObject({ dataKey: 'dk-1', keyArn: key.Arn, keyMaterialId: key.CurrentKeyMaterialId, ciphertextBytes: response.CiphertextBlob.length });
    // No event carries key bytes.
    expect(JSON.stringify(trace)).not.toContain(Buffer.from(response.Plaintext).toString('hex'));
    for (const e of trace.events) for (const v of Object.values(e)) expect(v).not.toBeInstanceOf(Uint8Array);
  });
});

describe('GenerateRandom', () => {
  it.each([1, 12, 1024])('returns %i random bytes', async (n) => {
    const { kms } = await setup();
    expect((await kms.generateRandom({ NumberOfBytes: n })).Plaintext.length).toBe(n);
  });

  it('has no default length and checks its range (AWS-validated messages)', async () => {
    const { kms } = await setup();
    await expectKmsError(kms.generateRandom({}), 'ValidationException', 'NumberOfBytes is required.');
    await expectKmsError(
      kms.generateRandom({ NumberOfBytes: 0 }),
      'ValidationException',
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    await expectKmsError(
      kms.generateRandom({ NumberOfBytes: 1025 }),
      'ValidationException',
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
  });
});

describe('backing key material', () => {
  it('is a non-extractable AES-256-GCM CryptoKey: exportKey rejects', async () => {
    const { world, kms } = await setup();
    const key = await newKey(kms);
    const material = world.getKey(key.Arn)!.materials[0] as { cryptoKey: CryptoKey };
    expect(material.cryptoKey.extractable).toBe(false);
    expect(material.cryptoKey.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', material.cryptoKey)).rejects.toThrow();
    await expect(crypto.subtle.exportKey('jwk', material.cryptoKey)).rejects.toThrow();
  });

  it('data keys come out of WebCrypto as extractable AES keys only to be returned', async () => {
    const port = webCryptoPort();
    const dk = await port.generateDataKey(32, () => {
      throw new Error('AES sizes must not come from the random source');
    });
    expect(dk.length).toBe(32);
  });
});

describe('ciphertext blob', () => {
  it('is self-describing: version, key ARN, material id, IV, check, ciphertext and tag', async () => {
    const { world, kms } = await setup();
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('abc') });
    const parsed = await parseCiphertext(world.crypto, CiphertextBlob);
    expect(parsed).toMatchObject({ formatVersion: 1, keyArn: key.Arn, keyMaterialId: key.CurrentKeyMaterialId });
    expect(parsed!.iv.length).toBe(12);
    expect(parsed!.body.length).toBe(3 + 16);
    expect(CiphertextBlob.length).toBe(2 + key.Arn.length + 32 + 12 + 4 + 3 + 16);
  });

  it('property: any single byte change or truncation is InvalidCiphertextException, never a crash or wrong plaintext', async () => {
    const { kms } = await setup('tamper');
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('the secret'), EncryptionContext: { k: 'v' } });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant('flip' as const), at: fc.nat({ max: CiphertextBlob.length - 1 }), xor: fc.integer({ min: 1, max: 255 }) }),
          fc.record({ kind: fc.constant('truncate' as const), at: fc.nat({ max: CiphertextBlob.length - 1 }), xor: fc.constant(0) }),
          fc.record({ kind: fc.constant('extend' as const), at: fc.integer({ min: 1, max: 64 }), xor: fc.integer({ min: 0, max: 255 }) }),
        ),
        async ({ kind, at, xor }) => {
          let blob: Uint8Array;
          if (kind === 'flip') {
            blob = CiphertextBlob.slice();
            blob[at] ^= xor;
          } else if (kind === 'truncate') blob = CiphertextBlob.slice(0, at);
          else blob = new Uint8Array([...CiphertextBlob, ...new Uint8Array(at).fill(xor)]);
          if (blob.length === 0) {
            await expectKmsError(kms.decrypt({ CiphertextBlob: blob, EncryptionContext: { k: 'v' } }), 'ValidationException');
            return;
          }
          await expectKmsError(kms.decrypt({ CiphertextBlob: blob, EncryptionContext: { k: 'v' } }), 'InvalidCiphertextException', '');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: random garbage is InvalidCiphertextException', async () => {
    const { kms } = await setup();
    await newKey(kms);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (blob) => {
        await expectKmsError(kms.decrypt({ CiphertextBlob: blob }), 'InvalidCiphertextException', '');
      }),
      { numRuns: 200 },
    );
  });

  it('property: random plaintexts and encryption contexts round-trip', async () => {
    const { kms } = await setup('roundtrip');
    const key = await newKey(kms);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 4096 }),
        fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 24 }), { maxKeys: 6 }),
        async (plaintext, context) => {
          const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: plaintext, EncryptionContext: context });
          const reordered = Object.fromEntries(Object.entries(context).reverse());
          const out = await kms.decrypt({ CiphertextBlob, EncryptionContext: reordered });
          expect(out.Plaintext).toEqual(plaintext);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('property: a different encryption context never decrypts', async () => {
    const { kms } = await setup('ec-mismatch');
    const key = await newKey(kms);
    const ec = fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(ec, ec, async (a, b) => {
        fc.pre(Buffer.compare(Buffer.from(canonicalEncryptionContext(a)), Buffer.from(canonicalEncryptionContext(b))) !== 0);
        const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionContext: a });
        await expectKmsError(kms.decrypt({ CiphertextBlob, EncryptionContext: b }), 'InvalidCiphertextException', '');
      }),
      { numRuns: 100 },
    );
  });
});
