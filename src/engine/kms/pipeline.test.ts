// The pipeline's cross-cutting contract: traces, audit events, the authorize seam, world state
// round trips, and the emulator traps of kms-behaviour.md §15 as named tests.
import { describe, expect, it } from 'vitest';
import { createWorld } from '../create-world';
import type { Authorizer } from '../world/context';
import { ACCOUNT, expectKmsError, setup, T0, text, utf8 } from '../test-kit';
import { accessDeniedMessage } from './authorize';

describe('traces', () => {
  it('every call yields a trace in stage order: request → validate → resolve → state → usage → authorize → crypto → audit', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    const { trace } = await kms.call('Encrypt', { KeyId: key.KeyId, Plaintext: utf8('hi'), EncryptionContext: { dept: 'hr' } });
    expect(trace).toMatchObject({ operation: 'Encrypt', region: 'us-east-1', principal: `arn:aws:iam::${ACCOUNT}:root`, startedAt: T0, outcome: 'success' });
    expect(trace.events.map((e) => (e.type === 'crypto' ? `crypto:${e.step}` : e.type))).toEqual([
      'request',
      'validate',
      'resolve-key',
      'check-state',
      'check-usage',
      'authorize',
      'crypto:select-material',
      'crypto:bind-encryption-context',
      'crypto:encrypt',
      'audit',
    ]);
    expect(trace.events.every((e) => e.at.getTime() === T0.getTime())).toBe(true);
    expect(trace.events[0]).toMatchObject({ type: 'request', parameters: { Plaintext: { bytes: 2 }, EncryptionContext: { dept: 'hr' } } });
    expect(kms.lastTrace).toBe(trace);
  });

  it('a failed call’s trace says which stage failed; the KmsError carries it', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.disableKey({ KeyId: key.KeyId });
    const err = await expectKmsError(kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') }), 'DisabledException');
    expect(err.trace).toMatchObject({ outcome: 'error', error: { name: 'DisabledException', message: `${key.Arn} is disabled.` } });
    expect(err.trace?.events.find((e) => e.type === 'error')).toMatchObject({ stage: 'check-state', name: 'DisabledException' });
    expect(kms.lastTrace).toBe(err.trace);
    const v = await expectKmsError(kms.generateRandom({ NumberOfBytes: 0 }), 'ValidationException');
    expect(v.trace?.events.find((e) => e.type === 'error')).toMatchObject({ stage: 'validate' });
  });

  it('subscribers see every trace', async () => {
    const { world, kms } = await setup();
    const seen: string[] = [];
    const stop = world.subscribe((t) => seen.push(`${t.operation}:${t.outcome}`));
    await kms.createKey({});
    await kms.describeKey({ KeyId: 'alias/none' }).catch(() => undefined);
    stop();
    await kms.listKeys();
    expect(seen).toEqual(['CreateKey:success', 'DescribeKey:error']);
  });
});

describe('audit log', () => {
  it('every call, failed or not, adds a CloudTrail-shaped event without plaintext or ciphertext', async () => {
    const { world, kms } = await setup();
    const key = (await kms.createKey({ Description: 'audited' })).KeyMetadata;
    await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('top secret'), EncryptionContext: { dept: 'hr' } });
    await kms.encrypt({ KeyId: 'alias/missing', Plaintext: utf8('x') }).catch(() => undefined);
    const log = world.auditLog();
    expect(log.map((e) => e.eventName)).toEqual(['CreateKey', 'Encrypt', 'Encrypt']);
    expect(log[1]).toMatchObject({
      eventVersion: '1.08',
      eventSource: 'kms.amazonaws.com',
      eventTime: '2026-01-01T00:00:00Z',
      awsRegion: 'us-east-1',
      userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
      requestParameters: { keyId: key.KeyId, encryptionContext: { dept: 'hr' } },
      responseElements: null,
      readOnly: true,
      resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: key.Arn }],
      eventType: 'AwsApiCall',
      eventCategory: 'Management',
    });
    expect(JSON.stringify(log)).not.toContain('top secret');
    expect(log[1]).not.toHaveProperty('errorCode');
    expect(log[2]).toMatchObject({ errorCode: 'NotFoundException', errorMessage: `Alias arn:aws:kms:us-east-1:${ACCOUNT}:alias/missing is not found.` });
    expect(log[0]).toMatchObject({ readOnly: false, responseElements: { keyMetadata: { keyId: key.KeyId, description: 'audited', creationDate: '2026-01-01T00:00:00Z' } } });
  });
});

describe('the authorize seam', () => {
  it('receives the request context and turns denials into AWS’s AccessDeniedException wording', async () => {
    const { world, kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/app', TargetKeyId: key.KeyId });
    const seen: unknown[] = [];
    const authorizer: Authorizer = {
      authorize: (_w, req) => {
        seen.push(req);
        if (req.action === 'kms:Decrypt') return { decision: 'ExplicitDeny', reason: 'a Deny statement matched' };
        if (req.action === 'kms:GenerateDataKey') return { decision: 'ImplicitDeny', reason: 'nothing allows it' };
        return { decision: 'Allow', reason: 'ok', evaluation: { statements: 1 } };
      },
    };
    world.setAuthorizer(authorizer);
    const bob = world.client({ principal: `arn:aws:iam::${ACCOUNT}:user/bob`, context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
    const { CiphertextBlob, KeyId } = await bob.encrypt({ KeyId: 'alias/app', Plaintext: utf8('x'), EncryptionContext: { a: 'b' }, GrantTokens: ['t'] });
    expect(KeyId).toBe(key.Arn);
    expect(seen[0]).toMatchObject({
      operation: 'Encrypt',
      action: 'kms:Encrypt',
      principal: `arn:aws:iam::${ACCOUNT}:user/bob`,
      region: 'us-east-1',
      accountId: ACCOUNT,
      key: { arn: key.Arn },
      resources: [key.Arn],
      keyIdAsSent: 'alias/app',
      encryptionContext: { a: 'b' },
      requestParameters: { KeyId: 'alias/app', Plaintext: { bytes: 1 } },
      callerContext: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
      grantTokens: ['t'],
    });
    expect(bob.lastTrace?.events.find((e) => e.type === 'authorize')).toMatchObject({ decision: 'Allow', evaluation: { statements: 1 } });
    await expectKmsError(
      bob.decrypt({ CiphertextBlob, EncryptionContext: { a: 'b' } }),
      'AccessDeniedException',
      `User: arn:aws:iam::${ACCOUNT}:user/bob is not authorized to perform: kms:Decrypt on resource: ${key.Arn} with an explicit deny in a resource-based policy`,
    );
    // The identity-based wording takes "an" (AWS: "with an explicit deny in an identity-based policy").
    expect(accessDeniedMessage({ principal: 'arn:aws:iam::111122223333:user/bob', action: 'kms:Encrypt', resources: [key.Arn] } as never, { decision: 'ExplicitDeny', reason: '', deniedBy: 'identity-based policy' } as never)).toBe(
      `User: arn:aws:iam::111122223333:user/bob is not authorized to perform: kms:Encrypt on resource: ${key.Arn} with an explicit deny in an identity-based policy`,
    );
    await expectKmsError(
      bob.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' }),
      'AccessDeniedException',
      `User: arn:aws:iam::${ACCOUNT}:user/bob is not authorized to perform: kms:GenerateDataKey on resource: ${key.Arn} because no resource-based policy allows the kms:GenerateDataKey action`,
    );
    expect(world.auditLog().at(-1)).toMatchObject({ errorCode: 'AccessDeniedException', accessDecisions: [{ decision: 'ImplicitDeny' }] });
    // Operations without a key are authorized on "*" with no key.
    await bob.createKey({});
    expect(seen.at(-1)).toMatchObject({ action: 'kms:CreateKey', resources: ['*'], key: undefined });
    // Alias operations name the alias and the key.
    await bob.createAlias({ AliasName: 'alias/two', TargetKeyId: key.KeyId });
    expect(seen.at(-1)).toMatchObject({ action: 'kms:CreateAlias', resources: [`arn:aws:kms:us-east-1:${ACCOUNT}:alias/two`, key.Arn] });
  });
});

describe('world state', () => {
  it('exports plain data (with CryptoKeys) and a restored world carries on: keys, aliases, material, clock, log', async () => {
    const { world, kms } = await setup();
    const key = (await kms.createKey({ Tags: [{ TagKey: 't', TagValue: 'v' }] })).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/kept', TargetKeyId: key.KeyId });
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: 'alias/kept', Plaintext: utf8('persisted') });
    await world.advanceClock({ days: 10 });
    const state = world.exportState();
    expect(state.keys[key.Arn].materials[0].cryptoKey).toBeInstanceOf(CryptoKey);
    const restored = await createWorld({ state });
    const again = restored.client();
    expect(restored.now()).toEqual(world.now());
    expect(text((await again.decrypt({ CiphertextBlob })).Plaintext)).toBe('persisted');
    expect((await again.listResourceTags({ KeyId: key.KeyId })).Tags).toEqual([{ TagKey: 't', TagValue: 'v' }]);
    expect(restored.auditLog().length).toBe(world.auditLog().length + 2);
    await restored.advanceClock({ days: 80 });
    expect((await again.listKeyRotations({ KeyId: key.KeyId })).Rotations).toHaveLength(1);
    // The original world is untouched by the restored one.
    expect(world.getKey(key.Arn)?.materials).toHaveLength(1);
  });

  it('seeded ids make runs reproducible', async () => {
    const run = async () => {
      const { kms } = await setup('same-seed');
      return (await kms.createKey({})).KeyMetadata;
    };
    const [a, b] = [await run(), await run()];
    expect(a.KeyId).toBe(b.KeyId);
    expect(a.CurrentKeyMaterialId).toBe(b.CurrentKeyMaterialId);
  });
});

describe('emulator traps (kms-behaviour.md §15)', () => {
  it('Decrypt does not ignore KeyId (moto #9907, floci #1893): another key is IncorrectKeyException', async () => {
    const { kms } = await setup();
    const a = (await kms.createKey({})).KeyMetadata;
    const b = (await kms.createKey({})).KeyMetadata;
    const { CiphertextBlob } = await kms.encrypt({ KeyId: a.KeyId, Plaintext: utf8('x') });
    await expectKmsError(kms.decrypt({ CiphertextBlob, KeyId: b.KeyId }), 'IncorrectKeyException');
  });

  it('the encryption context is bound as AAD (fakecloud #986) and checked on Decrypt (floci #817)', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionContext: { tenant: 't-42' } });
    await expectKmsError(kms.decrypt({ CiphertextBlob, EncryptionContext: { tenant: 't-99' } }), 'InvalidCiphertextException', '');
    await expectKmsError(kms.decrypt({ CiphertextBlob }), 'InvalidCiphertextException', '');
  });

  it('the context encoding has delimiters: {"ab":"c"} does not open {"a":"bc"} (local-kms, moto, LocalStack)', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionContext: { ab: 'c' } });
    await expectKmsError(kms.decrypt({ CiphertextBlob, EncryptionContext: { a: 'bc' } }), 'InvalidCiphertextException', '');
  });

  it('a disabled key does not encrypt (moto; LocalStack #5410; fakecloud PR #1059)', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.disableKey({ KeyId: key.Arn });
    await expectKmsError(kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') }), 'DisabledException', `${key.Arn} is disabled.`);
    await expectKmsError(kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' }), 'DisabledException');
  });

  it('RotateKeyOnDemand really changes the material (moto only does bookkeeping)', async () => {
    const { world, kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    const before = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') });
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    const after = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') });
    const materials = world.getKey(key.Arn)!.materials;
    expect(materials).toHaveLength(2);
    expect(materials[0].cryptoKey).not.toBe(materials[1].cryptoKey);
    expect((await kms.decrypt({ CiphertextBlob: before.CiphertextBlob })).KeyMaterialId).toBe(materials[0].keyMaterialId);
    expect((await kms.decrypt({ CiphertextBlob: after.CiphertextBlob })).KeyMaterialId).toBe(materials[1].keyMaterialId);
  });

  it('CancelKeyDeletion on a key that is not pending deletion fails (moto accepts it)', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await expectKmsError(kms.cancelKeyDeletion({ KeyId: key.KeyId }), 'KMSInvalidStateException', `${key.Arn} is not pending deletion.`);
  });

  it('Schedule/Cancel/RotateKeyOnDemand return the key ARN, not the bare id (moto divergence)', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    expect((await kms.rotateKeyOnDemand({ KeyId: key.KeyId })).KeyId).toBe(key.Arn);
    expect((await kms.scheduleKeyDeletion({ KeyId: key.KeyId })).KeyId).toBe(key.Arn);
    expect((await kms.cancelKeyDeletion({ KeyId: key.KeyId })).KeyId).toBe(key.Arn);
  });

  it('GetKeyRotationStatus has RotationPeriodInDays and NextRotationDate (LocalStack #12080)', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 180 });
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toMatchObject({ RotationPeriodInDays: 180, NextRotationDate: expect.any(Date) });
  });

  it('ListGrants exists and lists a key’s grants (floci #1050 broke Ansible by lacking it)', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    expect(await kms.listGrants({ KeyId: key.KeyId })).toEqual({ Grants: [], Truncated: false });
    const { GrantId } = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:root`, Operations: ['Decrypt'] });
    expect((await kms.listGrants({ KeyId: key.KeyId })).Grants.map((g) => g.GrantId)).toEqual([GrantId]);
    await expectKmsError(kms.call('NoSuchOperation' as never, {} as never), 'UnknownOperationException');
  });
});
