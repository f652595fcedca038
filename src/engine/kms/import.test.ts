// Importing key material (kms-behaviour.md §11): the wrap is done here with node:crypto, as a
// customer would do it with OpenSSL, against the public key GetParametersForImport returns.
import { constants, createHmac, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kwpUnwrap, kwpWrap } from './asymmetric-crypto';
import { MS_PER_DAY } from '../ports';
import type { AlgorithmSpec, KeySpec, KeyUsageType } from '../types';
import { expectKmsError, setup, T0, text, utf8 } from '../test-kit';

type Kms = Awaited<ReturnType<typeof setup>>['kms'];
const day = (n: number) => new Date(T0.getTime() + n * MS_PER_DAY);

/** What the customer does: wrap `material` for the key with the parameters KMS handed out. */
async function wrapFor(kms: Kms, KeyId: string, material: Uint8Array, WrappingAlgorithm: AlgorithmSpec = 'RSAES_OAEP_SHA_256') {
  const params = await kms.getParametersForImport({ KeyId, WrappingAlgorithm, WrappingKeySpec: 'RSA_2048' });
  const pub = createPublicKey({ key: Buffer.from(params.PublicKey), format: 'der', type: 'spki' });
  const oaepHash = WrappingAlgorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
  let EncryptedKeyMaterial: Uint8Array;
  if (WrappingAlgorithm.startsWith('RSAES_OAEP')) {
    EncryptedKeyMaterial = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, material);
  } else {
    const aes = randomBytes(32);
    EncryptedKeyMaterial = Buffer.concat([publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, aes), kwpWrap(aes, material)]);
  }
  return { ImportToken: params.ImportToken, EncryptedKeyMaterial, params };
}

async function externalKey(kms: Kms, KeySpec?: KeySpec, KeyUsage?: KeyUsageType) {
  return (await kms.createKey({ Origin: 'EXTERNAL', ...(KeySpec ? { KeySpec, KeyUsage } : {}) })).KeyMetadata;
}

describe('RFC 5649 AES key wrap with padding', () => {
  // RFC 5649 §6 test vectors (192-bit KEK).
  const kek = Buffer.from('5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8', 'hex');
  it.each([
    ['c37b7e6492584340bed12207808941155068f738', '138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a'],
    ['466f7250617369', 'afbeb0f07dfbf5419200f2ccb50bb24f'],
  ])('wraps %s to the RFC’s ciphertext and back', (key, wrapped) => {
    expect(Buffer.from(kwpWrap(kek, Buffer.from(key, 'hex'))).toString('hex')).toBe(wrapped);
    expect(Buffer.from(kwpUnwrap(kek, Buffer.from(wrapped, 'hex'))).toString('hex')).toBe(key);
    const tampered = Buffer.from(wrapped, 'hex');
    tampered[3] ^= 1;
    expect(() => kwpUnwrap(kek, tampered)).toThrow();
  });
});

describe('GetParametersForImport and ImportKeyMaterial', () => {
  it('imports symmetric material, which then encrypts; DescribeKey shows ValidTo and ExpirationModel', async () => {
    const { kms } = await setup();
    const key = await externalKey(kms);
    expect(key).toMatchObject({ KeyState: 'PendingImport', Origin: 'EXTERNAL' });
    const material = randomBytes(32);
    const { ImportToken, EncryptedKeyMaterial, params } = await wrapFor(kms, key.KeyId, material);
    expect(params).toMatchObject({ KeyId: key.Arn, ParametersValidTo: day(1) });
    const { trace, response } = await kms.call('ImportKeyMaterial', { KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial, ValidTo: day(30) });
    expect(response).toEqual({ KeyId: key.Arn, KeyMaterialId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(trace.events.filter((e) => e.type === 'crypto').map((e) => (e as { step: string }).step)).toEqual(['unwrap-key-material', 'import-key-material']);
    expect(trace.events.find((e) => e.type === 'state-change')).toMatchObject({ from: 'PendingImport', to: 'Enabled' });
    const described = (await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata;
    expect(described).toMatchObject({ KeyState: 'Enabled', Enabled: true, ValidTo: day(30), ExpirationModel: 'KEY_MATERIAL_EXPIRES', CurrentKeyMaterialId: response.KeyMaterialId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('byok') });
    expect(text((await kms.decrypt({ CiphertextBlob })).Plaintext)).toBe('byok');
    // The import material is never in a trace or the audit log.
    expect(JSON.stringify(trace)).not.toContain(material.toString('hex'));
  });

  it('expiry: when the clock passes ValidTo the material goes and the key is PendingImport; the same material re-imports', async () => {
    const { world, kms } = await setup();
    const key = await externalKey(kms);
    const material = randomBytes(32);
    const first = await wrapFor(kms, key.KeyId, material);
    await kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: first.ImportToken, EncryptedKeyMaterial: first.EncryptedKeyMaterial, ValidTo: day(10) });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('before') });
    await world.advanceClock({ days: 11 });
    const { trace } = await kms.call('DescribeKey', { KeyId: key.KeyId });
    expect(trace.events.find((e) => e.type === 'time-effect')).toBeUndefined(); // applied when the clock moved
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata).toMatchObject({ KeyState: 'PendingImport', Enabled: false });
    expect(world.auditLog().some((e) => e.eventName === 'DeleteExpiredKeyMaterial')).toBe(true);
    await expectKmsError(kms.decrypt({ CiphertextBlob }), 'KMSInvalidStateException', `${key.Arn} is pending import.`);
    // A different material is refused; the same one brings the key back and old ciphertexts decrypt.
    const other = await wrapFor(kms, key.KeyId, randomBytes(32));
    await expectKmsError(
      kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: other.ImportToken, EncryptedKeyMaterial: other.EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
      'IncorrectKeyMaterialException',
    );
    const again = await wrapFor(kms, key.KeyId, material, 'RSA_AES_KEY_WRAP_SHA_1');
    await kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: again.ImportToken, EncryptedKeyMaterial: again.EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    expect(text((await kms.decrypt({ CiphertextBlob })).Plaintext)).toBe('before');
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata).not.toHaveProperty('ValidTo');
  });

  it('import-flow errors: ValidTo rules, tokens, unwrap failures, AWS_KMS keys', async () => {
    const { world, kms } = await setup();
    const key = await externalKey(kms);
    const { ImportToken, EncryptedKeyMaterial } = await wrapFor(kms, key.KeyId, randomBytes(32));
    await expectKmsError(
      kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial }),
      'ValidationException',
      'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES',
    );
    await expectKmsError(kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial, ValidTo: day(366) }), 'ValidationException', /365 days/);
    // A Date that names no instant (new Date(NaN)) is not a date in the future: refused, never recorded.
    await expectKmsError(kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial, ValidTo: new Date(Number.NaN) }), 'ValidationException', /in the future/);
    // A token from another key's parameters.
    const otherKey = await externalKey(kms);
    const foreign = await wrapFor(kms, otherKey.KeyId, randomBytes(32));
    await expectKmsError(kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: foreign.ImportToken, EncryptedKeyMaterial, ValidTo: day(5) }), 'InvalidImportTokenException');
    await expectKmsError(kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: utf8('junk'), EncryptedKeyMaterial, ValidTo: day(5) }), 'InvalidImportTokenException');
    await expectKmsError(kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial: randomBytes(256), ValidTo: day(5) }), 'InvalidCiphertextException', '');
    // Wrapped for the wrong key length: unwraps, but is not 256-bit symmetric material.
    const short = await wrapFor(kms, key.KeyId, randomBytes(16));
    await expectKmsError(kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: short.ImportToken, EncryptedKeyMaterial: short.EncryptedKeyMaterial, ValidTo: day(5) }), 'IncorrectKeyMaterialException');
    await world.advanceClock({ hours: 25 });
    await expectKmsError(kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial, ValidTo: day(5) }), 'ExpiredImportTokenException');
    const normal = (await kms.createKey({})).KeyMetadata;
    await expectKmsError(
      kms.getParametersForImport({ KeyId: normal.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
      'UnsupportedOperationException',
      `${normal.Arn} origin is AWS_KMS which is not valid for this operation.`,
    );
    await expectKmsError(kms.deleteImportedKeyMaterial({ KeyId: normal.KeyId }), 'UnsupportedOperationException', `${normal.Arn} origin is AWS_KMS which is not valid for this operation.`);
    await expectKmsError(kms.getParametersForImport({ KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_PKCS1_V1_5', WrappingKeySpec: 'RSA_2048' }), 'UnsupportedOperationException');
    await expectKmsError(
      kms.getParametersForImport({ KeyId: key.KeyId, WrappingAlgorithm: 'RSA_OAEP' as never, WrappingKeySpec: 'RSA_2048' }),
      'ValidationException',
      /Value 'RSA_OAEP' at 'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set/,
    );
  });

  it('DeleteImportedKeyMaterial returns the key to PendingImport (not while pending deletion)', async () => {
    const { kms } = await setup();
    const key = await externalKey(kms);
    const w = await wrapFor(kms, key.KeyId, randomBytes(32));
    const { KeyMaterialId } = await kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: w.ImportToken, EncryptedKeyMaterial: w.EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    expect(await kms.deleteImportedKeyMaterial({ KeyId: key.KeyId })).toEqual({ KeyId: key.Arn, KeyMaterialId });
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState).toBe('PendingImport');
    const rotations = await kms.listKeyRotations({ KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    expect(rotations.Rotations).toEqual([{ KeyId: key.Arn, KeyMaterialId, ImportState: 'PENDING_IMPORT', KeyMaterialState: 'CURRENT' }]);
  });

  it('on-demand rotation of an imported symmetric key: NEW_KEY_MATERIAL waits as PENDING_ROTATION, then RotateKeyOnDemand makes it current', async () => {
    const { kms } = await setup();
    const key = await externalKey(kms);
    const a = await wrapFor(kms, key.KeyId, randomBytes(32));
    const first = await kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: a.ImportToken, EncryptedKeyMaterial: a.EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('old') });
    await expectKmsError(kms.rotateKeyOnDemand({ KeyId: key.KeyId }), 'KMSInvalidStateException', /no key material pending rotation/);
    const b = await wrapFor(kms, key.KeyId, randomBytes(32));
    const second = await kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: b.ImportToken, EncryptedKeyMaterial: b.EncryptedKeyMaterial, ImportType: 'NEW_KEY_MATERIAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    const c = await wrapFor(kms, key.KeyId, randomBytes(32));
    await expectKmsError(
      kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: c.ImportToken, EncryptedKeyMaterial: c.EncryptedKeyMaterial, ImportType: 'NEW_KEY_MATERIAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
      'KMSInvalidStateException',
    );
    const pending = await kms.listKeyRotations({ KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    expect(pending.Rotations.map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.ImportState])).toEqual([
      [first.KeyMaterialId, 'CURRENT', 'IMPORTED'],
      [second.KeyMaterialId, 'PENDING_ROTATION', 'IMPORTED'],
    ]);
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations).toEqual([]);
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.CurrentKeyMaterialId).toBe(second.KeyMaterialId);
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations).toMatchObject([{ KeyMaterialId: second.KeyMaterialId, KeyMaterialState: 'CURRENT', RotationType: 'ON_DEMAND', RotationDate: T0 }]);
    expect(text((await kms.decrypt({ CiphertextBlob })).Plaintext)).toBe('old');
  });

  it('imports an RSA private key (PKCS#8 via RSA_AES_KEY_WRAP_SHA_256): KMS signs, and node:crypto verifies with the customer’s own public key', async () => {
    const { kms } = await setup();
    const key = await externalKey(kms, 'RSA_2048', 'SIGN_VERIFY');
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pkcs8 = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
    // Too large for RSAES_OAEP directly: that is what the AES key wrap is for.
    const direct = await wrapFor(kms, key.KeyId, new Uint8Array(100));
    expect(direct.EncryptedKeyMaterial.length).toBe(256);
    const w = await wrapFor(kms, key.KeyId, pkcs8, 'RSA_AES_KEY_WRAP_SHA_256');
    await kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: w.ImportToken, EncryptedKeyMaterial: w.EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    const { Signature } = await kms.sign({ KeyId: key.KeyId, Message: utf8('signed by my own key'), SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' });
    expect(nodeVerify('sha256', utf8('signed by my own key'), pair.publicKey, Signature)).toBe(true);
    expect(Buffer.from((await kms.getPublicKey({ KeyId: key.KeyId })).PublicKey).equals(pair.publicKey.export({ format: 'der', type: 'spki' }))).toBe(true);
    // A different key pair is not the same material.
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'der', type: 'pkcs8' });
    const w2 = await wrapFor(kms, key.KeyId, other, 'RSA_AES_KEY_WRAP_SHA_256');
    await expectKmsError(kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: w2.ImportToken, EncryptedKeyMaterial: w2.EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }), 'IncorrectKeyMaterialException');
    // Asymmetric keys cannot take NEW_KEY_MATERIAL (only symmetric keys rotate).
    await expectKmsError(kms.rotateKeyOnDemand({ KeyId: key.KeyId }), 'UnsupportedOperationException');
  });

  it('imports HMAC material: the MAC equals node:crypto’s HMAC with the same key (known answer)', async () => {
    const { kms } = await setup();
    const key = await externalKey(kms, 'HMAC_256', 'GENERATE_VERIFY_MAC');
    const material = randomBytes(32);
    const w = await wrapFor(kms, key.KeyId, material, 'RSAES_OAEP_SHA_1');
    await kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: w.ImportToken, EncryptedKeyMaterial: w.EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    const { Mac } = await kms.generateMac({ KeyId: key.KeyId, Message: utf8('data'), MacAlgorithm: 'HMAC_SHA_256' });
    expect(Buffer.from(Mac).equals(createHmac('sha256', material).update('data').digest())).toBe(true);
    const h224 = await externalKey(kms, 'HMAC_224', 'GENERATE_VERIFY_MAC');
    const m224 = randomBytes(28);
    const w224 = await wrapFor(kms, h224.KeyId, m224);
    await kms.importKeyMaterial({ KeyId: h224.KeyId, ImportToken: w224.ImportToken, EncryptedKeyMaterial: w224.EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    const mac224 = await kms.generateMac({ KeyId: h224.KeyId, Message: utf8('data'), MacAlgorithm: 'HMAC_SHA_224' });
    expect(Buffer.from(mac224.Mac).equals(createHmac('sha224', m224).update('data').digest())).toBe(true);
  });
});
