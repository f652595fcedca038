// Rotation (automatic by the clock, and on demand) and deletion by the clock (kms-behaviour.md §5, §6).
import { describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '../ports';
import { expectKmsError, setup, T0, text, utf8 } from '../test-kit';

const day = (n: number) => new Date(T0.getTime() + n * MS_PER_DAY);

describe('automatic rotation', () => {
  it('EnableKeyRotation defaults to 365 days; NextRotationDate = enable date + period', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toEqual({ KeyRotationEnabled: false, KeyId: key.Arn });
    await kms.enableKeyRotation({ KeyId: key.KeyId });
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toEqual({
      KeyRotationEnabled: true,
      KeyId: key.Arn,
      RotationPeriodInDays: 365,
      NextRotationDate: day(365),
    });
    await kms.disableKeyRotation({ KeyId: key.KeyId });
    expect((await kms.getKeyRotationStatus({ KeyId: key.KeyId })).KeyRotationEnabled).toBe(false);
  });

  it('RotationPeriodInDays is 90–2560 (validation wording)', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await expectKmsError(
      kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 89 }),
      'ValidationException',
      "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
    );
    await expectKmsError(
      kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 2561 }),
      'ValidationException',
      "1 validation error detected: Value '2561' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560",
    );
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    expect((await kms.getKeyRotationStatus({ KeyId: key.KeyId })).NextRotationDate).toEqual(day(90));
  });

  it('rotates as the clock passes each due date; old ciphertexts still decrypt; only the material changes', async () => {
    const { world, kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/rotating', TargetKeyId: key.KeyId });
    const before = await kms.encrypt({ KeyId: 'alias/rotating', Plaintext: utf8('year zero') });
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 100 });
    await world.advanceClock({ days: 99 });
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.CurrentKeyMaterialId).toBe(key.CurrentKeyMaterialId);
    await world.advanceClock({ days: 250 }); // day 349: rotations at day 100, 200, 300
    const after = (await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata;
    expect(after.CurrentKeyMaterialId).not.toBe(key.CurrentKeyMaterialId);
    expect(after).toMatchObject({ KeyId: key.KeyId, Arn: key.Arn });
    const rotations = await kms.listKeyRotations({ KeyId: key.KeyId });
    expect(rotations.Rotations.map((r) => [r.RotationDate, r.RotationType])).toEqual([
      [day(100), 'AUTOMATIC'],
      [day(200), 'AUTOMATIC'],
      [day(300), 'AUTOMATIC'],
    ]);
    expect(rotations.Rotations.map((r) => r.KeyMaterialState)).toEqual(['NON_CURRENT', 'NON_CURRENT', 'CURRENT']);
    expect((await kms.getKeyRotationStatus({ KeyId: key.KeyId })).NextRotationDate).toEqual(day(400));
    // Old ciphertext decrypts with its own (old) material; new ciphertext uses the current one.
    const old = await kms.decrypt({ CiphertextBlob: before.CiphertextBlob });
    expect(text(old.Plaintext)).toBe('year zero');
    expect(old.KeyMaterialId).toBe(key.CurrentKeyMaterialId);
    const fresh = await kms.generateDataKey({ KeyId: 'alias/rotating', KeySpec: 'AES_256' });
    expect(fresh.KeyMaterialId).toBe(after.CurrentKeyMaterialId);
    expect(world.auditLog().filter((e) => e.eventName === 'RotateKey').map((e) => [e.eventTime, e.eventType])).toEqual([
      ['2026-04-11T00:00:00Z', 'AwsServiceEvent'],
      ['2026-07-20T00:00:00Z', 'AwsServiceEvent'],
      ['2026-10-28T00:00:00Z', 'AwsServiceEvent'],
    ]);
  });

  it('ListKeyRotations: ROTATIONS_ONLY is empty for a fresh key; ALL_KEY_MATERIAL includes the original', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    expect(await kms.listKeyRotations({ KeyId: key.KeyId })).toEqual({ Rotations: [], Truncated: false });
    expect((await kms.listKeyRotations({ KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations).toEqual([
      { KeyId: key.Arn, KeyMaterialId: key.CurrentKeyMaterialId, KeyMaterialState: 'CURRENT' },
    ]);
  });

  it('a disabled key does not rotate; re-enabled, an overdue rotation happens at once', async () => {
    const { world, kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    await kms.disableKey({ KeyId: key.KeyId });
    await expectKmsError(kms.disableKeyRotation({ KeyId: key.KeyId }), 'DisabledException', `${key.Arn} is disabled.`);
    await world.advanceClock({ days: 200 });
    expect(world.getKey(key.Arn)?.materials).toHaveLength(1);
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toMatchObject({ KeyRotationEnabled: true, NextRotationDate: day(90) });
    const { trace } = await kms.call('EnableKey', { KeyId: key.KeyId });
    expect(trace.events.find((e) => e.type === 'crypto' && e.step === 'rotate')).toMatchObject({ rotationType: 'AUTOMATIC' });
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations.map((r) => r.RotationDate)).toEqual([day(200)]);
    expect((await kms.getKeyRotationStatus({ KeyId: key.KeyId })).NextRotationDate).toEqual(day(290));
  });

  it('a key pending deletion reports rotation off; canceling restores it', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.enableKeyRotation({ KeyId: key.KeyId });
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId });
    expect((await kms.getKeyRotationStatus({ KeyId: key.KeyId })).KeyRotationEnabled).toBe(false);
    await kms.cancelKeyDeletion({ KeyId: key.KeyId });
    expect((await kms.getKeyRotationStatus({ KeyId: key.KeyId })).KeyRotationEnabled).toBe(true);
  });

  it('keys with imported material (EXTERNAL) cannot rotate automatically', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({ Origin: 'EXTERNAL' })).KeyMetadata;
    const msg = `${key.Arn} origin is EXTERNAL which is not valid for this operation.`;
    await expectKmsError(kms.enableKeyRotation({ KeyId: key.KeyId }), 'UnsupportedOperationException', msg);
    await expectKmsError(kms.getKeyRotationStatus({ KeyId: key.KeyId }), 'UnsupportedOperationException', msg);
    await expectKmsError(kms.rotateKeyOnDemand({ KeyId: key.KeyId }), 'KMSInvalidStateException', `${key.Arn} is pending import.`);
  });
});

describe('on-demand rotation', () => {
  it('rotates now, does not move the automatic schedule, and keeps old ciphertexts decryptable', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.enableKeyRotation({ KeyId: key.KeyId });
    const before = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('before') });
    expect(await kms.rotateKeyOnDemand({ KeyId: key.KeyId })).toEqual({ KeyId: key.Arn });
    const meta = (await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata;
    expect(meta.CurrentKeyMaterialId).not.toBe(key.CurrentKeyMaterialId);
    expect((await kms.getKeyRotationStatus({ KeyId: key.KeyId })).NextRotationDate).toEqual(day(365));
    expect(text((await kms.decrypt({ CiphertextBlob: before.CiphertextBlob })).Plaintext)).toBe('before');
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations).toEqual([
      { KeyId: key.Arn, KeyMaterialId: meta.CurrentKeyMaterialId, KeyMaterialState: 'CURRENT', RotationDate: T0, RotationType: 'ON_DEMAND' },
    ]);
  });

  it('is limited to 25 per key (LimitExceededException)', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    for (let i = 0; i < 25; i++) await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    await expectKmsError(
      kms.rotateKeyOnDemand({ KeyId: key.KeyId }),
      'LimitExceededException',
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.Arn}`,
    );
    const page = await kms.listKeyRotations({ KeyId: key.KeyId, Limit: 20 });
    const rest = await kms.listKeyRotations({ KeyId: key.KeyId, Limit: 20, Marker: page.NextMarker });
    expect(page.Rotations.length + rest.Rotations.length).toBe(25);
  });

  it('is refused while an automatic rotation is due within 20 minutes (ConflictException)', async () => {
    const { world, kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    await world.advanceClock({ days: 89, hours: 23, minutes: 50 });
    await expectKmsError(kms.rotateKeyOnDemand({ KeyId: key.KeyId }), 'ConflictException');
  });
});

describe('deletion by the clock', () => {
  it('the key and its aliases are deleted when the clock passes DeletionDate; NotFound afterwards', async () => {
    const { world, kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/gone', TargetKeyId: key.KeyId });
    const ct = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('lost forever') });
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    await world.advanceClock({ days: 6, hours: 23 });
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState).toBe('PendingDeletion');
    await world.advanceClock({ hours: 1 });
    await expectKmsError(kms.describeKey({ KeyId: key.KeyId }), 'NotFoundException', `Key '${key.Arn}' does not exist`);
    await expectKmsError(kms.describeKey({ KeyId: 'alias/gone' }), 'NotFoundException', `Alias arn:aws:kms:us-east-1:111122223333:alias/gone is not found.`);
    expect((await kms.listAliases()).Aliases).toEqual([]);
    expect((await kms.listKeys()).Keys).toEqual([]);
    // The ciphertext is now unrecoverable.
    await expectKmsError(kms.decrypt({ CiphertextBlob: ct.CiphertextBlob }), 'AccessDeniedException');
    const deleteEvent = world.auditLog().find((e) => e.eventName === 'DeleteKey');
    expect(deleteEvent).toMatchObject({ eventType: 'AwsServiceEvent', eventTime: '2026-01-08T00:00:00Z', resources: [{ ARN: key.Arn }] });
  });

  it('effects happen in time order: a rotation due before the deletion happens first', async () => {
    const { world, kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    await world.advanceClock({ days: 80 });
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 30 });
    await world.advanceClock({ days: 40 });
    // Pending deletion stops rotation: no RotateKey at day 90.
    expect(world.auditLog().filter((e) => e.eventType === 'AwsServiceEvent').map((e) => e.eventName)).toEqual(['DeleteKey']);
  });

  it('a call made right after an un-awaited advanceClock sees its effects', async () => {
    const { world, kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    void world.advanceClock({ days: 8 });
    expect(world.now()).toEqual(day(8)); // the clock moves at once; its effects are queued
    await expectKmsError(kms.describeKey({ KeyId: key.KeyId }), 'NotFoundException');
    expect(world.auditLog().map((e) => e.eventName)).toEqual(['CreateKey', 'ScheduleKeyDeletion', 'DeleteKey', 'DescribeKey']);
  });

  it('the clock only moves forward', async () => {
    const { world } = await setup();
    expect(() => world.advanceClock({ days: -1 })).toThrow(RangeError);
    expect(() => world.setClock(new Date(T0.getTime() - 1))).toThrow(RangeError);
    await world.setClock(day(2));
    expect(world.now()).toEqual(day(2));
  });
});
