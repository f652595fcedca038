// The engine's asymmetric cryptography checked by an independent tool, the openssl command line
// (issue 6, "Tests with real, independent tools"): signatures made by Sign verify against the public
// key from GetPublicKey, and what openssl encrypts with that public key, Decrypt recovers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type KmsClient } from '@kms-lab/engine';
import type { KeySpec, SigningAlgorithmSpec } from '@kms-lab/engine';

const OPENSSL = process.env.OPENSSL_PATH ?? 'openssl';
const dir = mkdtempSync(join(tmpdir(), 'kms-openssl-'));
const file = (name: string, data?: Uint8Array | string) => {
  const path = join(dir, name);
  if (data !== undefined) writeFileSync(path, data);
  return path;
};
const openssl = (args: string[]) => execFileSync(OPENSSL, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let kms: KmsClient;
beforeAll(async () => {
  try {
    openssl(['version']);
  } catch {
    throw new Error('These tests need the openssl command line tool: apt-get install -y openssl (or set OPENSSL_PATH).');
  }
  kms = (await createWorld()).client();
});

/** The key's public key as PEM, from GetPublicKey's SPKI DER. */
async function publicKeyPem(keyId: string, name: string): Promise<string> {
  const { PublicKey } = await kms.getPublicKey({ KeyId: keyId });
  const der = file(`${name}.der`, PublicKey!);
  const pem = join(dir, `${name}.pem`);
  openssl(['pkey', '-pubin', '-inform', 'DER', '-in', der, '-out', pem]);
  return pem;
}

const MESSAGE = new TextEncoder().encode('KMS Lab: a message signed inside KMS, verified outside it.');

const SIGNING: { spec: KeySpec; alg: SigningAlgorithmSpec; digest: string; pss?: boolean }[] = [
  { spec: 'RSA_2048', alg: 'RSASSA_PSS_SHA_256', digest: 'sha256', pss: true },
  { spec: 'RSA_3072', alg: 'RSASSA_PSS_SHA_384', digest: 'sha384', pss: true },
  { spec: 'RSA_4096', alg: 'RSASSA_PSS_SHA_512', digest: 'sha512', pss: true },
  { spec: 'RSA_2048', alg: 'RSASSA_PKCS1_V1_5_SHA_256', digest: 'sha256' },
  { spec: 'RSA_3072', alg: 'RSASSA_PKCS1_V1_5_SHA_384', digest: 'sha384' },
  { spec: 'RSA_4096', alg: 'RSASSA_PKCS1_V1_5_SHA_512', digest: 'sha512' },
  { spec: 'ECC_NIST_P256', alg: 'ECDSA_SHA_256', digest: 'sha256' },
  { spec: 'ECC_NIST_P384', alg: 'ECDSA_SHA_384', digest: 'sha384' },
  { spec: 'ECC_NIST_P521', alg: 'ECDSA_SHA_512', digest: 'sha512' },
  { spec: 'ECC_SECG_P256K1', alg: 'ECDSA_SHA_256', digest: 'sha256' },
];

describe('openssl verifies signatures made by Sign', () => {
  for (const { spec, alg, digest, pss } of SIGNING) {
    it(`${spec} ${alg}`, async () => {
      const { KeyMetadata } = await kms.createKey({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
      const name = `${spec}-${alg}`;
      const pem = await publicKeyPem(KeyMetadata.KeyId, name);
      const { Signature } = await kms.sign({ KeyId: KeyMetadata.KeyId, Message: MESSAGE, SigningAlgorithm: alg });
      const msg = file(`${name}.msg`, MESSAGE);
      const sig = file(`${name}.sig`, Signature!);
      // PSS in KMS: MGF1 with the same hash, salt length = hash length ("digest").
      const padding = pss ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest'] : [];
      expect(openssl(['dgst', `-${digest}`, ...padding, '-verify', pem, '-signature', sig, msg])).toContain('Verified OK');
      // And a tampered message does not verify (openssl exits non-zero).
      const other = file(`${name}.other`, new TextEncoder().encode('another message'));
      expect(() => openssl(['dgst', `-${digest}`, ...padding, '-verify', pem, '-signature', sig, other])).toThrow();
    });
  }
});

describe('openssl encrypts with the public key, Decrypt recovers the plaintext', () => {
  for (const [spec, alg, hash] of [
    ['RSA_2048', 'RSAES_OAEP_SHA_256', 'sha256'],
    ['RSA_3072', 'RSAES_OAEP_SHA_1', 'sha1'],
  ] as const) {
    it(`${spec} ${alg}`, async () => {
      const { KeyMetadata } = await kms.createKey({ KeySpec: spec, KeyUsage: 'ENCRYPT_DECRYPT' });
      const pem = await publicKeyPem(KeyMetadata.KeyId, `${spec}-${alg}`);
      const plain = file(`${spec}-${alg}.txt`, 'encrypted outside KMS, decrypted inside it');
      const out = join(dir, `${spec}-${alg}.bin`);
      openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', pem, '-in', plain, '-out', out,
        '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${hash}`, '-pkeyopt', `rsa_mgf1_md:${hash}`]);
      const { Plaintext } = await kms.decrypt({ KeyId: KeyMetadata.KeyId, CiphertextBlob: new Uint8Array(readFileSync(out)), EncryptionAlgorithm: alg });
      expect(new TextDecoder().decode(Plaintext)).toBe('encrypted outside KMS, decrypted inside it');
    });
  }
});

describe('openssl uses a private key from GenerateDataKeyPair', () => {
  it('signs with the PKCS#8 private key; the SPKI public key verifies', async () => {
    const { KeyMetadata } = await kms.createKey({});
    const pair = await kms.generateDataKeyPair({ KeyId: KeyMetadata.KeyId, KeyPairSpec: 'ECC_NIST_P256' });
    const priv = join(dir, 'pair.key.pem');
    openssl(['pkey', '-inform', 'DER', '-in', file('pair.key.der', pair.PrivateKeyPlaintext!), '-out', priv]);
    const pub = join(dir, 'pair.pub.pem');
    openssl(['pkey', '-pubin', '-inform', 'DER', '-in', file('pair.pub.der', pair.PublicKey!), '-out', pub]);
    const msg = file('pair.msg', MESSAGE);
    const sig = join(dir, 'pair.sig');
    openssl(['dgst', '-sha256', '-sign', priv, '-out', sig, msg]);
    expect(openssl(['dgst', '-sha256', '-verify', pub, '-signature', sig, msg])).toContain('Verified OK');
  });
});
