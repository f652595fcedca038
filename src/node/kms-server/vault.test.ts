// Every kind of key material the engine makes survives a restart with --state, is on disk only
// sealed, and comes back as the same keys (same public keys, same MACs, same shared secrets),
// held non-extractable: RSA (encryption and signing), NIST ECC (signing, key agreement), secp256k1,
// HMAC (WebCrypto and HMAC_224's raw bytes), and the wrapping key of GetParametersForImport.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateKeyCommand,
  DecryptCommand,
  DeriveSharedSecretCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  SignCommand,
  VerifyCommand,
  type KeySpec,
  type KeyUsageType,
} from '@aws-sdk/client-kms';
import { afterAll, describe, expect, it } from 'vitest';
import { startKmsServer } from './server';
import { sdkClient } from './test-support';

const dir = mkdtempSync(join(tmpdir(), 'kms-server-vault-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cryptoKeysIn(value: unknown, out: CryptoKey[] = []): CryptoKey[] {
  if (value instanceof CryptoKey) out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => cryptoKeysIn(v, out));
  else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) Object.values(value).forEach((v) => cryptoKeysIn(v, out));
  return out;
}

describe('the vault keeps every kind of key material', () => {
  it('RSA, ECC, HMAC and import wrapping keys work the same after a restart, and never reach the disk in the clear', async () => {
    const message = new TextEncoder().encode('signed before and after');
    const subtle = globalThis.crypto.subtle;

    let server = await startKmsServer({ port: 0, stateDir: dir, log: () => undefined });
    let kms = sdkClient(server.url);
    const create = async (KeySpec: KeySpec, KeyUsage: KeyUsageType, Origin?: 'EXTERNAL') =>
      (await kms.send(new CreateKeyCommand({ KeySpec, KeyUsage, Origin }))).KeyMetadata!.KeyId!;
    const rsaEnc = await create('RSA_2048', 'ENCRYPT_DECRYPT');
    const rsaSign = await create('RSA_2048', 'SIGN_VERIFY');
    const p256Sign = await create('ECC_NIST_P256', 'SIGN_VERIFY');
    const k1Sign = await create('ECC_SECG_P256K1', 'SIGN_VERIFY');
    const ecdh = await create('ECC_NIST_P256', 'KEY_AGREEMENT');
    const hmac256 = await create('HMAC_256', 'GENERATE_VERIFY_MAC');
    const hmac224 = await create('HMAC_224', 'GENERATE_VERIFY_MAC');
    const external = await create('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'EXTERNAL');

    const rsaCiphertext = (await kms.send(new EncryptCommand({ KeyId: rsaEnc, Plaintext: message, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))).CiphertextBlob!;
    const publicKeys = new Map<string, Uint8Array>();
    for (const k of [rsaSign, p256Sign, k1Sign, ecdh]) publicKeys.set(k, (await kms.send(new GetPublicKeyCommand({ KeyId: k }))).PublicKey!);
    const mac256 = (await kms.send(new GenerateMacCommand({ KeyId: hmac256, Message: message, MacAlgorithm: 'HMAC_SHA_256' }))).Mac!;
    const mac224 = (await kms.send(new GenerateMacCommand({ KeyId: hmac224, Message: message, MacAlgorithm: 'HMAC_SHA_224' }))).Mac!;
    const peer = (await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as CryptoKeyPair;
    const peerSpki = new Uint8Array(await subtle.exportKey('spki', peer.publicKey));
    const shared = (await kms.send(new DeriveSharedSecretCommand({ KeyId: ecdh, KeyAgreementAlgorithm: 'ECDH', PublicKey: peerSpki }))).SharedSecret!;
    // Import parameters made before the restart, used after it: the wrapping key must survive too.
    const params = await kms.send(new GetParametersForImportCommand({ KeyId: external, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    const material = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const wrappingKey = await subtle.importKey('spki', new Uint8Array(params.PublicKey!), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
    const encryptedMaterial = new Uint8Array(await subtle.encrypt({ name: 'RSA-OAEP' }, wrappingKey, material));
    kms.destroy();
    await server.close();

    // On disk: no key bytes we know in the clear, every raw secret sealed, every CryptoKey a sealed recipe.
    const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'latin1')).join('\n');
    expect(files).not.toContain(Buffer.from(material).toString('base64'));
    expect(files).not.toMatch(/"secret":\{"\$kmslab\$":"bytes"/);
    expect(files).toMatch(/"secret":\{"\$kmslab\$":"sealed-bytes"/);
    expect(files).not.toMatch(/"\$kmslab\$":"lost-key"/);

    server = await startKmsServer({ port: 0, stateDir: dir, log: () => undefined });
    kms = sdkClient(server.url);
    try {
      const keys = cryptoKeysIn(server.world().state);
      expect(keys.length).toBeGreaterThan(8);
      expect(keys.filter((k) => k.extractable)).toEqual([]);

      const decrypted = await kms.send(new DecryptCommand({ KeyId: rsaEnc, CiphertextBlob: rsaCiphertext, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
      expect(decrypted.Plaintext).toEqual(message);
      for (const [k, alg] of [
        [rsaSign, 'RSASSA_PSS_SHA_256'],
        [p256Sign, 'ECDSA_SHA_256'],
        [k1Sign, 'ECDSA_SHA_256'],
      ] as const) {
        expect((await kms.send(new GetPublicKeyCommand({ KeyId: k }))).PublicKey).toEqual(publicKeys.get(k));
        const { Signature } = await kms.send(new SignCommand({ KeyId: k, Message: message, SigningAlgorithm: alg }));
        expect((await kms.send(new VerifyCommand({ KeyId: k, Message: message, Signature, SigningAlgorithm: alg }))).SignatureValid).toBe(true);
      }
      expect((await kms.send(new GenerateMacCommand({ KeyId: hmac256, Message: message, MacAlgorithm: 'HMAC_SHA_256' }))).Mac).toEqual(mac256);
      expect((await kms.send(new GenerateMacCommand({ KeyId: hmac224, Message: message, MacAlgorithm: 'HMAC_SHA_224' }))).Mac).toEqual(mac224);
      expect((await kms.send(new DeriveSharedSecretCommand({ KeyId: ecdh, KeyAgreementAlgorithm: 'ECDH', PublicKey: peerSpki }))).SharedSecret).toEqual(shared);

      await kms.send(new ImportKeyMaterialCommand({ KeyId: external, ImportToken: params.ImportToken, EncryptedKeyMaterial: encryptedMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
      const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: external, Plaintext: message }));
      expect((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext).toEqual(message);
    } finally {
      kms.destroy();
      await server.close();
    }
  }, 60_000);
});
