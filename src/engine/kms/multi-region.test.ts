// Multi-Region keys (kms-behaviour.md §12) and AWS managed keys (§13).
import { describe, expect, it } from 'vitest';
import { ACCOUNT, expectKmsError, setup, text, utf8 } from '../test-kit';

describe('multi-Region keys', () => {
  it('mrk- ids; ReplicateKey answers while Creating, completes at once, and shares the material across Regions', async () => {
    const { world, kms } = await setup();
    const primary = (await kms.createKey({ MultiRegion: true, Description: 'global' })).KeyMetadata;
    expect(primary.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(primary).toMatchObject({ MultiRegion: true, MultiRegionConfiguration: { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: primary.Arn, Region: 'us-east-1' }, ReplicaKeys: [] } });
    const { response, trace } = await kms.call('ReplicateKey', { KeyId: primary.KeyId, ReplicaRegion: 'eu-west-1' });
    const replicaArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${primary.KeyId}`;
    // AWS-validated shape: the replica comes back Creating, with the family in MultiRegionConfiguration.
    expect(response.ReplicaKeyMetadata).toMatchObject({
      Arn: replicaArn,
      KeyId: primary.KeyId,
      KeyState: 'Creating',
      Enabled: false,
      Description: '',
      MultiRegionConfiguration: { MultiRegionKeyType: 'REPLICA', PrimaryKey: { Arn: primary.Arn, Region: 'us-east-1' }, ReplicaKeys: [{ Arn: replicaArn, Region: 'eu-west-1' }] },
    });
    expect(JSON.parse(response.ReplicaPolicy)).toMatchObject({ Id: 'key-default-1' });
    expect(trace.events.filter((e) => e.type === 'state-change').map((e) => [(e as { from: string | null }).from, (e as { to: string }).to])).toEqual([
      [null, 'Creating'],
      ['Creating', 'Enabled'],
    ]);
    expect(trace.events.find((e) => e.type === 'crypto' && e.step === 'replicate')).toMatchObject({ fromKeyArn: primary.Arn, toKeyArn: replicaArn });
    const eu = world.client({ region: 'eu-west-1' });
    expect((await eu.describeKey({ KeyId: primary.KeyId })).KeyMetadata).toMatchObject({ KeyState: 'Enabled', CurrentKeyMaterialId: primary.CurrentKeyMaterialId });
    expect((await kms.describeKey({ KeyId: primary.KeyId })).KeyMetadata.MultiRegionConfiguration?.ReplicaKeys).toEqual([{ Arn: replicaArn, Region: 'eu-west-1' }]);
    // A ciphertext made in us-east-1 decrypts in eu-west-1, and the other way round.
    const { CiphertextBlob } = await kms.encrypt({ KeyId: primary.KeyId, Plaintext: utf8('crosses regions'), EncryptionContext: { a: 'b' } });
    const dec = await eu.decrypt({ CiphertextBlob, EncryptionContext: { a: 'b' } });
    expect({ KeyId: dec.KeyId, text: text(dec.Plaintext) }).toEqual({ KeyId: replicaArn, text: 'crosses regions' });
    const back = await eu.encrypt({ KeyId: primary.KeyId, Plaintext: utf8('and back') });
    expect(text((await kms.decrypt({ CiphertextBlob: back.CiphertextBlob })).Plaintext)).toBe('and back');
    // Rotating the primary gives the replica the same new material.
    await kms.rotateKeyOnDemand({ KeyId: primary.KeyId });
    const rotated = (await kms.describeKey({ KeyId: primary.KeyId })).KeyMetadata.CurrentKeyMaterialId;
    expect((await eu.describeKey({ KeyId: primary.KeyId })).KeyMetadata.CurrentKeyMaterialId).toBe(rotated);
    // A single-Region key's ciphertext does not leave its Region.
    const single = (await kms.createKey({})).KeyMetadata;
    const local = await kms.encrypt({ KeyId: single.KeyId, Plaintext: utf8('x') });
    await expectKmsError(eu.decrypt({ CiphertextBlob: local.CiphertextBlob }), 'AccessDeniedException');
  });

  it('only a primary replicates; one replica per Region (AWS-validated message)', async () => {
    const { world, kms } = await setup();
    const primary = (await kms.createKey({ MultiRegion: true })).KeyMetadata;
    await kms.replicateKey({ KeyId: primary.KeyId, ReplicaRegion: 'eu-west-1' });
    await expectKmsError(kms.replicateKey({ KeyId: primary.KeyId, ReplicaRegion: 'eu-west-1' }), 'AlreadyExistsException');
    const eu = world.client({ region: 'eu-west-1' });
    const replicaArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${primary.KeyId}`;
    await expectKmsError(eu.replicateKey({ KeyId: primary.KeyId, ReplicaRegion: 'ap-southeast-1' }), 'UnsupportedOperationException', `${replicaArn} is not a multi-region primary key.`);
    const single = (await kms.createKey({})).KeyMetadata;
    await expectKmsError(kms.replicateKey({ KeyId: single.KeyId, ReplicaRegion: 'eu-west-1' }), 'UnsupportedOperationException', `${single.Arn} is not a multi-region primary key.`);
    await kms.disableKey({ KeyId: primary.KeyId });
    await expectKmsError(kms.replicateKey({ KeyId: primary.KeyId, ReplicaRegion: 'eu-central-1' }), 'DisabledException', `${primary.Arn} is disabled.`);
    await expectKmsError(eu.enableKeyRotation({ KeyId: primary.KeyId }), 'UnsupportedOperationException', /replica/);
  });

  it('UpdatePrimaryRegion swaps primary and replica; PendingReplicaDeletion waits for the last replica', async () => {
    const { world, kms } = await setup();
    const primary = (await kms.createKey({ MultiRegion: true })).KeyMetadata;
    await kms.replicateKey({ KeyId: primary.KeyId, ReplicaRegion: 'eu-west-1' });
    await kms.updatePrimaryRegion({ KeyId: primary.KeyId, PrimaryRegion: 'eu-west-1' });
    const eu = world.client({ region: 'eu-west-1' });
    const euArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${primary.KeyId}`;
    expect((await kms.describeKey({ KeyId: primary.KeyId })).KeyMetadata.MultiRegionConfiguration).toEqual({
      MultiRegionKeyType: 'REPLICA',
      PrimaryKey: { Arn: euArn, Region: 'eu-west-1' },
      ReplicaKeys: [{ Arn: primary.Arn, Region: 'us-east-1' }],
    });
    await expectKmsError(kms.updatePrimaryRegion({ KeyId: primary.KeyId, PrimaryRegion: 'eu-west-1' }), 'UnsupportedOperationException', `${primary.Arn} is not a multi-region primary key.`);
    // Delete the (new) primary: it waits for its replica.
    const sched = await eu.scheduleKeyDeletion({ KeyId: primary.KeyId, PendingWindowInDays: 7 });
    expect(sched).toMatchObject({ KeyState: 'PendingReplicaDeletion', PendingWindowInDays: 7 });
    await expectKmsError(eu.encrypt({ KeyId: primary.KeyId, Plaintext: utf8('x') }), 'KMSInvalidStateException', `${euArn} is pending replica deletion.`);
    await world.advanceClock({ days: 30 });
    expect((await eu.describeKey({ KeyId: primary.KeyId })).KeyMetadata.KeyState).toBe('PendingReplicaDeletion');
    await kms.scheduleKeyDeletion({ KeyId: primary.KeyId, PendingWindowInDays: 7 });
    await world.advanceClock({ days: 7 });
    expect((await eu.describeKey({ KeyId: primary.KeyId })).KeyMetadata).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: expect.any(Date) });
    await world.advanceClock({ days: 7 });
    await expectKmsError(eu.describeKey({ KeyId: primary.KeyId }), 'NotFoundException');
  });
});

describe('AWS managed keys', () => {
  it('world.awsManagedKey creates alias/aws/ebs once, with KeyManager AWS and AWS’s ViaService policy', async () => {
    const { world, kms } = await setup();
    const key = await world.awsManagedKey(ACCOUNT, 'us-east-1', 'ebs');
    expect(await world.awsManagedKey(ACCOUNT, 'us-east-1', 'ebs')).toBe(key);
    const md = (await kms.describeKey({ KeyId: 'alias/aws/ebs' })).KeyMetadata;
    expect(md).toMatchObject({ KeyId: key.keyId, KeyManager: 'AWS', KeySpec: 'SYMMETRIC_DEFAULT', Description: 'Default key that protects my EBS volumes when no other key is defined' });
    const policy = JSON.parse((await kms.getKeyPolicy({ KeyId: key.keyId })).Policy) as { Statement: { Condition?: unknown }[] };
    expect(policy.Statement[0].Condition).toEqual({ StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } });
    expect(await kms.getKeyRotationStatus({ KeyId: key.keyId })).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    expect((await kms.listAliases({ KeyId: key.keyId })).Aliases.map((a) => a.AliasName)).toEqual(['alias/aws/ebs']);
  });

  it('is created on first use by name (DescribeKey alias/aws/s3), and rotates every year', async () => {
    const { world, kms } = await setup();
    expect(world.keysIn(ACCOUNT, 'us-east-1')).toHaveLength(0);
    const md = (await kms.describeKey({ KeyId: 'alias/aws/s3' })).KeyMetadata;
    expect(md.KeyManager).toBe('AWS');
    await world.advanceClock({ days: 366 });
    expect((await kms.listKeyRotations({ KeyId: md.KeyId })).Rotations).toMatchObject([{ RotationType: 'AUTOMATIC' }]);
  });

  it('direct use without kms:ViaService is denied by its policy; use through the service is allowed', async () => {
    const { world, kms } = await setup();
    const bob = `arn:aws:iam::${ACCOUNT}:user/bob`;
    world.putPrincipal({ arn: bob });
    await world.awsManagedKey(ACCOUNT, 'us-east-1', 'ebs');
    await expectKmsError(kms.encrypt({ KeyId: 'alias/aws/ebs', Plaintext: utf8('x') }), 'AccessDeniedException', /kms:Encrypt/);
    const viaEc2 = world.client({ principal: bob, context: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } });
    const { CiphertextBlob } = await viaEc2.encrypt({ KeyId: 'alias/aws/ebs', Plaintext: utf8('volume key') });
    expect(text((await viaEc2.decrypt({ CiphertextBlob })).Plaintext)).toBe('volume key');
    const viaS3 = world.client({ principal: bob, context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
    await expectKmsError(viaS3.decrypt({ CiphertextBlob }), 'AccessDeniedException');
  });

  it('every management operation is refused', async () => {
    const { world, kms } = await setup();
    const key = await world.awsManagedKey(ACCOUNT, 'us-east-1', 's3');
    const KeyId = key.keyId;
    const denied = (action: string) => new RegExp(`not authorized to perform: kms:${action} on resource: ${key.arn}`);
    await expectKmsError(kms.disableKey({ KeyId }), 'AccessDeniedException', denied('DisableKey'));
    await expectKmsError(kms.scheduleKeyDeletion({ KeyId }), 'AccessDeniedException', denied('ScheduleKeyDeletion'));
    await expectKmsError(kms.putKeyPolicy({ KeyId, Policy: '{"Version":"2012-10-17","Statement":[]}' }), 'AccessDeniedException', denied('PutKeyPolicy'));
    await expectKmsError(kms.tagResource({ KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }), 'AccessDeniedException', denied('TagResource'));
    await expectKmsError(kms.enableKeyRotation({ KeyId }), 'AccessDeniedException', denied('EnableKeyRotation'));
    await expectKmsError(kms.rotateKeyOnDemand({ KeyId }), 'AccessDeniedException', denied('RotateKeyOnDemand'));
    await expectKmsError(kms.updateKeyDescription({ KeyId, Description: 'mine' }), 'AccessDeniedException', denied('UpdateKeyDescription'));
    await expectKmsError(kms.createAlias({ AliasName: 'alias/aws/mine', TargetKeyId: KeyId }), 'NotAuthorizedException', '');
    await expectKmsError(kms.deleteAlias({ AliasName: 'alias/aws/s3' }), 'NotAuthorizedException', '');
    // Reading is allowed.
    expect((await kms.listKeyPolicies({ KeyId })).PolicyNames).toEqual(['default']);
  });
});

describe('multi-Region rotation is a property of the family', () => {
  it('RotateKeyOnDemand, EnableKeyRotation and DisableKeyRotation are refused on a replica; the primary rotates every replica; ListKeyRotations agrees', async () => {
    const { world, kms } = await setup();
    const primary = (await kms.createKey({ MultiRegion: true })).KeyMetadata;
    await kms.replicateKey({ KeyId: primary.KeyId, ReplicaRegion: 'eu-west-1' });
    const eu = world.client({ region: 'eu-west-1' });
    const replicaArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${primary.KeyId}`;
    const before = (await eu.describeKey({ KeyId: primary.KeyId })).KeyMetadata.CurrentKeyMaterialId;
    await expectKmsError(
      eu.rotateKeyOnDemand({ KeyId: primary.KeyId }),
      'UnsupportedOperationException',
      `${replicaArn} is a multi-Region replica key. Rotate its primary key, ${primary.Arn}, on demand.`,
    );
    await expectKmsError(eu.enableKeyRotation({ KeyId: primary.KeyId }), 'UnsupportedOperationException', /is a multi-Region replica key/);
    await expectKmsError(eu.disableKeyRotation({ KeyId: primary.KeyId }), 'UnsupportedOperationException', /is a multi-Region replica key/);
    // The refused call forked nothing.
    expect((await eu.describeKey({ KeyId: primary.KeyId })).KeyMetadata.CurrentKeyMaterialId).toBe(before);
    await kms.rotateKeyOnDemand({ KeyId: primary.KeyId });
    const after = (await kms.describeKey({ KeyId: primary.KeyId })).KeyMetadata.CurrentKeyMaterialId;
    expect(after).not.toBe(before);
    expect((await eu.describeKey({ KeyId: primary.KeyId })).KeyMetadata.CurrentKeyMaterialId).toBe(after);
    // Ciphertext made after the rotation decrypts in the other Region, both ways.
    const made = await kms.encrypt({ KeyId: primary.KeyId, Plaintext: utf8('after rotation') });
    expect(text((await eu.decrypt({ CiphertextBlob: made.CiphertextBlob })).Plaintext)).toBe('after rotation');
    const back = await eu.encrypt({ KeyId: primary.KeyId, Plaintext: utf8('and back') });
    expect(text((await kms.decrypt({ CiphertextBlob: back.CiphertextBlob })).Plaintext)).toBe('and back');
    // The replica lists the primary's rotations (same material ids, same dates).
    const strip = (rs: { KeyMaterialId?: string; RotationDate?: Date; RotationType?: string }[]) => rs.map((x) => [x.KeyMaterialId, x.RotationDate?.getTime(), x.RotationType]);
    const p = (await kms.listKeyRotations({ KeyId: primary.KeyId })).Rotations;
    const r = (await eu.listKeyRotations({ KeyId: primary.KeyId })).Rotations;
    expect(p).toHaveLength(1);
    expect(strip(r)).toEqual(strip(p));
  });
});
