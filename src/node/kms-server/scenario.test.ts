// `npm run kms-server -- --scenario FILE --state DIR`: a kms-scenario/1 world with two principals
// and a key policy, loaded by the engine's own loader; through the SDK, one caller is allowed and the
// other gets AccessDeniedException; the scenario's keys are saved and usable after a restart.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, DescribeKeyCommand, EncryptCommand, KMSServiceException } from '@aws-sdk/client-kms';
import { afterAll, describe, expect, it } from 'vitest';
import { sdkClient, spawnServer, type SpawnedServer } from './test-support';

const dir = mkdtempSync(join(tmpdir(), 'kms-server-scenario-'));
const servers: SpawnedServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

const KEY = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ALICE = 'arn:aws:iam::111122223333:user/alice';
const BOB = 'arn:aws:iam::111122223333:user/bob';
const alice = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret' };
const bob = { accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'bob-secret' };

const scenario = {
  format: 'kms-scenario/1',
  title: 'Two callers, one key',
  clock: '2026-01-01T00:00:00Z',
  principals: [
    { arn: ALICE, policies: [], ...alice },
    { arn: BOB, policies: [], ...bob },
  ],
  keys: [
    {
      arn: KEY,
      description: 'payments data key',
      aliases: ['alias/payments'],
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
          { Sid: 'Alice uses the key', Effect: 'Allow', Principal: { AWS: ALICE }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
          { Sid: 'Never bob', Effect: 'Deny', Principal: { AWS: BOB }, Action: 'kms:*', Resource: '*' },
        ],
      },
    },
  ],
};

describe('--scenario FILE', () => {
  it('alice is allowed, bob gets AccessDeniedException (explicit deny in the key policy); keys survive a restart with --state', async () => {
    const file = join(dir, 'lab.json');
    writeFileSync(file, JSON.stringify(scenario, null, 2));
    const state = join(dir, 'state');
    let s = await spawnServer(['--scenario', file, '--state', state]);
    servers.push(s);
    let a = sdkClient(s.url, 'us-west-2', alice);
    const b = sdkClient(s.url, 'us-west-2', bob);
    let ciphertext: Uint8Array;
    try {
      expect((await a.send(new DescribeKeyCommand({ KeyId: 'alias/payments' }))).KeyMetadata?.Arn).toBe(KEY);
      ciphertext = (await a.send(new EncryptCommand({ KeyId: 'alias/payments', Plaintext: new TextEncoder().encode('card 4111') }))).CiphertextBlob!;
      const denied = await b.send(new EncryptCommand({ KeyId: KEY, Plaintext: new TextEncoder().encode('x') })).then(
        () => undefined,
        (e: unknown) => e as KMSServiceException,
      );
      expect(denied).toBeInstanceOf(KMSServiceException);
      expect(denied?.name).toBe('AccessDeniedException');
      expect(denied?.message).toBe(`User: ${BOB} is not authorized to perform: kms:Encrypt on resource: ${KEY} with an explicit deny in a resource-based policy`);
      expect(denied?.$metadata.httpStatusCode).toBe(400);
    } finally {
      a.destroy();
      b.destroy();
    }
    await s.stop();

    s = await spawnServer(['--scenario', file, '--state', state]);
    servers.push(s);
    a = sdkClient(s.url, 'us-west-2', alice);
    try {
      const out = await a.send(new DecryptCommand({ CiphertextBlob: ciphertext }));
      expect(new TextDecoder().decode(out.Plaintext)).toBe('card 4111');
    } finally {
      a.destroy();
    }
  }, 60_000);
});
