// Every kind of key material the engine makes survives a restart with --state, is on disk only
// sealed, and comes back as the same keys (same public keys, same MACs, same shared secrets), its
// CryptoKeys non-extractable: RSA (encryption; signing, whose PKCS#8 is raw material for
// MessageType DIGEST), NIST ECC (signing, key agreement), secp256k1, HMAC (WebCrypto and HMAC_224's
// raw bytes), and the wrapping key of GetParametersForImport. A state directory written before RSA
// signing keys kept their PKCS#8 still loads, and its keys sign DIGESTs.
import { constants, createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
      expect(keys.length).toBeGreaterThanOrEqual(5); // RSA encryption (2), ECDH, HMAC_256, the wrapping key
      expect(keys.filter((k) => k.extractable)).toEqual([]);
      const rsaSignSecret = Object.values(server.world().state.keys).find((k) => k.keyId === rsaSign)!.materials[0].secret!;
      expect(rsaSignSecret.kind).toBe('raw');

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
      // The RSA signing key's PKCS#8 came back from its sealed bytes: it signs a DIGEST that OpenSSL
      // verifies on the message with the public key from before the restart.
      const digest = createHash('sha384').update(message).digest();
      const { Signature } = await kms.send(new SignCommand({ KeyId: rsaSign, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PSS_SHA_384' }));
      const rsaPub = createPublicKey({ key: Buffer.from(publicKeys.get(rsaSign)!), format: 'der', type: 'spki' });
      expect(nodeVerify('sha384', message, { key: rsaPub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }, Signature!)).toBe(true);
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

describe('a state directory from before RSA signing keys kept their PKCS#8', () => {
  const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
  const expected = JSON.parse(readFileSync(join(fixtures, 'legacy-rsa-sign-state.expected.json'), 'utf8')) as {
    keyId: string;
    publicKey: string;
    message: string;
    signingAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256';
    signature: string;
  };

  it('loads: the key (six sealed CryptoKey recipes then) is the same key, and now signs DIGESTs too', async () => {
    const legacyDir = mkdtempSync(join(tmpdir(), 'kms-server-legacy-'));
    cpSync(join(fixtures, 'legacy-rsa-sign-state'), legacyDir, { recursive: true });
    const server = await startKmsServer({ port: 0, stateDir: legacyDir, log: () => undefined });
    const kms = sdkClient(server.url);
    try {
      const KeyId = expected.keyId;
      const message = new TextEncoder().encode(expected.message);
      const publicKey = (await kms.send(new GetPublicKeyCommand({ KeyId }))).PublicKey!;
      expect(Buffer.from(publicKey).toString('base64')).toBe(expected.publicKey);
      // PKCS#1 v1.5 is deterministic: the same private key makes the same signature as before.
      const raw = (await kms.send(new SignCommand({ KeyId, Message: message, SigningAlgorithm: expected.signingAlgorithm }))).Signature!;
      expect(Buffer.from(raw).toString('base64')).toBe(expected.signature);
      const digest = createHash('sha256').update(message).digest();
      const fromDigest = (await kms.send(new SignCommand({ KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: expected.signingAlgorithm }))).Signature!;
      expect(Buffer.from(fromDigest).toString('base64')).toBe(expected.signature);
      const pss = (await kms.send(new SignCommand({ KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PSS_SHA_256' }))).Signature!;
      const pub = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' });
      expect(nodeVerify('sha256', message, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, pss)).toBe(true);
      expect(cryptoKeysIn(server.world().state)).toEqual([]);
      expect(server.world().state.keys[Object.keys(server.world().state.keys)[0]].materials[0].secret?.kind).toBe('raw');
    } finally {
      kms.destroy();
      await server.close();
    }
    // Saved again in today's form: the PKCS#8 sealed as bytes, no recipes left for it.
    const saved = readFileSync(join(legacyDir, 'state.json'), 'utf8');
    expect(saved).toMatch(/"secret":\{"\$kmslab\$":"sealed-bytes"/);
    expect(saved).not.toMatch(/"\$kmslab\$":"sealed-key"/);
    rmSync(legacyDir, { recursive: true, force: true });
  }, 60_000);
});
