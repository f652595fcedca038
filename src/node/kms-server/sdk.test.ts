// The AWS SDK for JavaScript v3 (@aws-sdk/client-kms, pinned) against the KMS endpoint: every
// operation the engine has, its success path and its main error paths, each error surfacing as
// the SDK's own typed exception with the message the engine gave (read back from the audit log).
import * as sdk from '@aws-sdk/client-kms';
import {
  AlreadyExistsException,
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  DisabledException,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
  KMSInvalidStateException,
  KMSServiceException,
  ListAliasesCommand,
  ListKeyPoliciesCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  MalformedPolicyDocumentException,
  NotFoundException,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMS_MODEL } from './model';
import { methodName, startKmsServer, type RunningKmsServer } from './server';
import { sdkClient } from './test-support';

let server: RunningKmsServer;
let kms: KMSClient;
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

beforeAll(async () => {
  server = await startKmsServer({ port: 0, now: new Date('2026-01-01T00:00:00Z'), log: () => undefined });
  kms = sdkClient(server.url);
});
afterAll(async () => {
  kms?.destroy();
  await server?.close();
});

/**
 * The error the SDK raised: its typed exception class (or, for ValidationException and
 * NotAuthorizedException, which KMS's model does not list, the generic KMSServiceException with that name), carrying the engine's own
 * message as the audit log recorded it. The SDK shows an empty AWS message as "UnknownError".
 */
async function expectKmsError(
  promise: Promise<unknown>,
  type: (new (...args: never[]) => KMSServiceException) | 'ValidationException' | 'NotAuthorizedException',
  message?: string | RegExp,
): Promise<KMSServiceException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (typeof type === 'string') {
    expect(error, 'the call should have failed').toBeInstanceOf(KMSServiceException);
    expect((error as Error).name).toBe(type);
  } else expect(error, 'the call should have failed').toBeInstanceOf(type);
  const e = error as KMSServiceException;
  const last = server.world().auditLog().at(-1)!;
  expect(last.errorCode).toBe(e.name);
  const engineMessage = last.errorMessage ?? '';
  expect(e.message).toBe(engineMessage === '' ? 'UnknownError' : engineMessage);
  if (typeof message === 'string') expect(engineMessage).toBe(message);
  else if (message) expect(engineMessage).toMatch(message);
  expect(e.$metadata.httpStatusCode).toBe(400);
  return e;
}

describe('keys', () => {
  it('CreateKey, DescribeKey, ListKeys, UpdateKeyDescription: timestamps arrive as Dates', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'first', Tags: [{ TagKey: 'env', TagValue: 'test' }] }));
    expect(KeyMetadata?.Arn).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);
    expect(KeyMetadata?.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs(KeyMetadata!.CreationDate!.getTime() - Date.parse('2026-01-01T00:00:00Z'))).toBeLessThan(60_000);
    const keyId = KeyMetadata!.KeyId!;
    await kms.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: 'renamed' }));
    const described = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(described.KeyMetadata).toMatchObject({ KeyId: keyId, Description: 'renamed', KeyState: 'Enabled', Enabled: true, KeySpec: 'SYMMETRIC_DEFAULT' });
    const listed = await kms.send(new ListKeysCommand({}));
    expect(listed.Keys?.map((k) => k.KeyId)).toContain(keyId);
    expect(listed.Truncated).toBe(false);
  });

  it('NotFoundException for an unknown key, and keys are regional', async () => {
    await expectKmsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/nothing-here' })), NotFoundException, 'Alias arn:aws:kms:us-east-1:111122223333:alias/nothing-here is not found.');
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const eu = sdkClient(server.url, 'eu-west-1');
    try {
      await expectKmsError(eu.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId! })), NotFoundException, /does not exist/);
      const euKey = await eu.send(new CreateKeyCommand({}));
      expect(euKey.KeyMetadata?.Arn).toContain(':kms:eu-west-1:');
    } finally {
      eu.destroy();
    }
  });

  it('DisableKey, EnableKey, and DisabledException while disabled', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const arn = KeyMetadata!.Arn!;
    await kms.send(new DisableKeyCommand({ KeyId: arn }));
    await expectKmsError(kms.send(new EncryptCommand({ KeyId: arn, Plaintext: enc('x') })), DisabledException, `${arn} is disabled.`);
    await kms.send(new EnableKeyCommand({ KeyId: arn }));
    await kms.send(new EncryptCommand({ KeyId: arn, Plaintext: enc('x') }));
  });

  it('ScheduleKeyDeletion (DeletionDate as a Date), KMSInvalidStateException, CancelKeyDeletion', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const arn = KeyMetadata!.Arn!;
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: arn, PendingWindowInDays: 7 }));
    expect(scheduled).toMatchObject({ KeyId: arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    expect(scheduled.DeletionDate).toBeInstanceOf(Date);
    const days = (scheduled.DeletionDate!.getTime() - server.world().nowMs()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7.01);
    await expectKmsError(kms.send(new EncryptCommand({ KeyId: arn, Plaintext: enc('x') })), KMSInvalidStateException, `${arn} is pending deletion.`);
    await expectKmsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: arn, PendingWindowInDays: 3 })), 'ValidationException');
    const cancelled = await kms.send(new CancelKeyDeletionCommand({ KeyId: arn }));
    expect(cancelled.KeyId).toBe(arn);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.KeyState).toBe('Disabled');
  });
});

describe('cryptography', () => {
  let keyArn: string;
  let otherArn: string;
  beforeAll(async () => {
    keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    otherArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  });

  it('Encrypt and Decrypt round-trip blobs (base64 on the wire) with an encryption context', async () => {
    const plaintext = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff);
    const ec = { purpose: 'test', 'dept:name': 'ünïcödé' };
    const { CiphertextBlob, KeyId, EncryptionAlgorithm } = await kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext, EncryptionContext: ec }));
    expect(KeyId).toBe(keyArn);
    expect(EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(CiphertextBlob).toBeInstanceOf(Uint8Array);
    const out = await kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: ec }));
    expect(out.Plaintext).toEqual(plaintext);
    expect(out.KeyId).toBe(keyArn);
  });

  it('InvalidCiphertextException for a wrong context or a tampered blob; IncorrectKeyException for the wrong KeyId', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: enc('secret'), EncryptionContext: { a: 'b' } }));
    await expectKmsError(kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { a: 'c' } })), InvalidCiphertextException, '');
    const tampered = new Uint8Array(CiphertextBlob!);
    tampered[tampered.length - 1] ^= 1;
    await expectKmsError(kms.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: { a: 'b' } })), InvalidCiphertextException);
    await expectKmsError(
      kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { a: 'b' }, KeyId: otherArn })),
      IncorrectKeyException,
      'The key ID in the request does not identify a CMK that can perform this operation.',
    );
  });

  it('ReEncrypt moves a ciphertext to another key', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: enc('move me') }));
    const re = await kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: otherArn }));
    expect(re.SourceKeyId).toBe(keyArn);
    expect(re.KeyId).toBe(otherArn);
    const out = await kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob }));
    expect(dec(out.Plaintext)).toBe('move me');
    expect(out.KeyId).toBe(otherArn);
  });

  it('GenerateDataKey and GenerateDataKeyWithoutPlaintext', async () => {
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: keyArn, KeySpec: 'AES_256', EncryptionContext: { k: 'v' } }));
    expect(dk.Plaintext).toHaveLength(32);
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { k: 'v' } }));
    expect(back.Plaintext).toEqual(dk.Plaintext);
    const bytes = await kms.send(new GenerateDataKeyCommand({ KeyId: keyArn, NumberOfBytes: 64 }));
    expect(bytes.Plaintext).toHaveLength(64);
    const without = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyArn, KeySpec: 'AES_128' }));
    expect(without).not.toHaveProperty('Plaintext');
    expect((await kms.send(new DecryptCommand({ CiphertextBlob: without.CiphertextBlob }))).Plaintext).toHaveLength(16);
    await expectKmsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyArn })), 'ValidationException', 'Please specify either number of bytes or key spec.');
    await expectKmsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyArn, NumberOfBytes: 2000 })), 'ValidationException', /^1 validation error detected: /);
  });

  it('GenerateRandom', async () => {
    const r = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }));
    expect(r.Plaintext).toHaveLength(1024);
    await expectKmsError(kms.send(new GenerateRandomCommand({ NumberOfBytes: 0 })), 'ValidationException', /validation error/);
  });
});

describe('aliases, tags, policies, rotation', () => {
  let keyArn: string;
  let keyId: string;
  beforeAll(async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    keyArn = KeyMetadata!.Arn!;
    keyId = KeyMetadata!.KeyId!;
  });

  it('CreateAlias, UpdateAlias, ListAliases (dates), DeleteAlias; AlreadyExists, a bad name, the reserved alias/aws/ prefix', async () => {
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: keyId }));
    await expectKmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: keyId })), AlreadyExistsException, 'An alias with the name arn:aws:kms:us-east-1:111122223333:alias/app already exists');
    await expectKmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/bad name!', TargetKeyId: keyId })), 'ValidationException', /aliasName/);
    await expectKmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: keyId })), 'NotAuthorizedException');
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: enc('via alias') }));
    expect(dec((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('via alias');
    const other = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/app', TargetKeyId: other }));
    const { Aliases } = await kms.send(new ListAliasesCommand({ KeyId: other }));
    expect(Aliases?.map((a) => a.AliasName)).toEqual(['alias/app']);
    expect(Aliases?.[0].CreationDate).toBeInstanceOf(Date);
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/app' }));
    await expectKmsError(kms.send(new DeleteAliasCommand({ AliasName: 'alias/app' })), NotFoundException);
  });

  it('TagResource, ListResourceTags, UntagResource', async () => {
    await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'team', TagValue: 'payments' }, { TagKey: 'env', TagValue: 'prod' }] }));
    const listed = await kms.send(new ListResourceTagsCommand({ KeyId: keyId }));
    expect(listed.Tags).toEqual(expect.arrayContaining([{ TagKey: 'team', TagValue: 'payments' }, { TagKey: 'env', TagValue: 'prod' }]));
    await kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['team'] }));
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([{ TagKey: 'env', TagValue: 'prod' }]);
  });

  it('GetKeyPolicy, PutKeyPolicy, ListKeyPolicies; MalformedPolicyDocumentException', async () => {
    const { Policy, PolicyName } = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }));
    expect(PolicyName).toBe('default');
    expect(JSON.parse(Policy!)).toHaveProperty('Statement');
    expect((await kms.send(new ListKeyPoliciesCommand({ KeyId: keyId }))).PolicyNames).toEqual(['default']);
    const next = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
    });
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: next }));
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy).toBe(next);
    await expectKmsError(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: '{not json' })), MalformedPolicyDocumentException);
  });

  it('EnableKeyRotation, GetKeyRotationStatus (NextRotationDate), RotateKeyOnDemand, ListKeyRotations, DisableKeyRotation', async () => {
    await kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 90 }));
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 });
    expect(status.NextRotationDate).toBeInstanceOf(Date);
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: enc('before rotation') }));
    expect([keyId, keyArn]).toContain((await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).KeyId);
    const rotations = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId }));
    expect(rotations.Rotations?.length).toBeGreaterThanOrEqual(1);
    expect(rotations.Rotations?.at(-1)?.RotationDate).toBeInstanceOf(Date);
    expect(rotations.Rotations?.at(-1)?.RotationType).toBe('ON_DEMAND');
    expect(dec((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('before rotation');
    await kms.send(new DisableKeyRotationCommand({ KeyId: keyId }));
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(false);
  });
});

describe('every operation the engine has goes over the wire', () => {
  // Operations that land in the engine later are exercised here at least once: whatever the answer,
  // it must be a success or one of KMS's typed exceptions, never a protocol failure.
  it('the engine implements at least the symmetric set, and each of its operations answers through the SDK', async () => {
    const ops = Object.keys(KMS_MODEL.operations).filter((op) => typeof (server.world().client() as unknown as Record<string, unknown>)[methodName(op)] === 'function');
    expect(ops.length).toBeGreaterThanOrEqual(29);
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const known = new Set([...Object.keys(KMS_MODEL.errors), 'ValidationException']);
    for (const op of ops) {
      const Command = (sdk as unknown as Record<string, new (input: object) => sdk.ListKeysCommand>)[`${op}Command`];
      expect(Command, `${op}Command in @aws-sdk/client-kms`).toBeTypeOf('function');
      try {
        await kms.send(new Command({ KeyId: keyId }));
      } catch (e) {
        expect(e, `${op}: ${String(e)}`).toBeInstanceOf(KMSServiceException);
        expect(known.has((e as Error).name), `${op} answered ${(e as Error).name}`).toBe(true);
      }
    }
  });

  it('operations the engine does not have yet get UnknownOperationException, as the engine names it', async () => {
    const missing = Object.keys(KMS_MODEL.operations).filter((op) => typeof (server.world().client() as unknown as Record<string, unknown>)[methodName(op)] !== 'function');
    for (const op of missing.slice(0, 3)) {
      const Command = (sdk as unknown as Record<string, new (input: object) => sdk.ListKeysCommand>)[`${op}Command`];
      const e = await kms.send(new Command({})).then(
        () => undefined,
        (x: unknown) => x as Error,
      );
      expect(e?.name).toBe('UnknownOperationException');
      expect(e?.message).toBe(`KMS Lab does not implement the operation ${op} yet.`);
    }
  });
});

describe('today’s API through the real SDK', () => {
  it('custom key stores answer as for an account with none', async () => {
    expect((await kms.send(new sdk.DescribeCustomKeyStoresCommand({}))).CustomKeyStores).toEqual([]);
    await expectKmsError(kms.send(new sdk.ConnectCustomKeyStoreCommand({ CustomKeyStoreId: 'cks-1234567890abcdef0' })), sdk.CustomKeyStoreNotFoundException, /cks-1234567890abcdef0/);
    await expectKmsError(kms.send(new CreateKeyCommand({ CustomKeyStoreId: 'cks-1234567890abcdef0', Origin: 'AWS_CLOUDHSM' })), sdk.CustomKeyStoreNotFoundException);
  });

  it('a member the SDK sends that older models lacked (GranteeServicePrincipal) reaches the engine; ValidationException is worded by the model', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await expectKmsError(
      kms.send(new sdk.CreateGrantCommand({ KeyId: key.KeyId, Operations: ['Decrypt'], GranteeServicePrincipal: 'not a principal!' })),
      'ValidationException',
      "1 validation error detected: Value 'not a principal!' at 'granteeServicePrincipal' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([A-Za-z0-9\\-]+)\\.([A-Za-z0-9\\-]+)(\\.[A-Za-z0-9\\-]+)+$",
    );
  });
});
