// The AWS Encryption SDK for JavaScript (@aws-crypto/client-node, pinned) with its KMS keyring
// pointed at the endpoint: real envelope encryption by AWS's own library through KMS Lab —
// GenerateDataKey to encrypt a file, Decrypt of the encrypted data key to read it back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import { CreateAliasCommand, CreateKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKmsServer, type RunningKmsServer } from './server';
import { sdkClient, TEST_CREDENTIALS } from './test-support';

let server: RunningKmsServer;
let keyArn: string;
const dir = mkdtempSync(join(tmpdir(), 'kms-server-esdk-'));

beforeAll(async () => {
  server = await startKmsServer({ port: 0, log: () => undefined });
  const kms = sdkClient(server.url);
  keyArn = (await kms.send(new CreateKeyCommand({ Description: 'encryption sdk' }))).KeyMetadata!.Arn!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/esdk', TargetKeyId: keyArn }));
  kms.destroy();
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the AWS Encryption SDK through KMS Lab', () => {
  it('encrypts a file with a KMS keyring and decrypts it back', async () => {
    const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    // The keyring makes a KMS client per Region (taken from the key ARN), pointed at the endpoint.
    const clientProvider = getClient(KMS, { endpoint: server.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const keyring = new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider });

    const file = join(dir, 'report.csv');
    const content = Buffer.from(Array.from({ length: 2000 }, (_, i) => `${i},row ${i},${(i * 37) % 101}\n`).join(''));
    writeFileSync(file, content);
    const context = { purpose: 'kms-lab test', file: 'report.csv' };

    const { result } = await encrypt(keyring, readFileSync(file), { encryptionContext: context });
    writeFileSync(`${file}.encrypted`, result);
    expect(result.includes(content.subarray(0, 64))).toBe(false);

    const events = server.world().auditLog().map((e) => e.eventName);
    expect(events.at(-1)).toBe('GenerateDataKey');

    const decrypted = await decrypt(keyring, readFileSync(`${file}.encrypted`));
    expect(Buffer.from(decrypted.plaintext).equals(content)).toBe(true);
    expect(decrypted.messageHeader.encryptionContext).toMatchObject(context);
    expect(server.world().auditLog().at(-1)?.eventName).toBe('Decrypt');

    // A keyring for another key cannot open it: the ESDK's own error, after KMS refuses.
    const other = (await server.world().client().createKey({})).KeyMetadata.Arn;
    const wrong = new KmsKeyringNode({ keyIds: [other], clientProvider, generatorKeyId: other });
    await expect(decrypt(wrong, result)).rejects.toThrow();
  });
});
