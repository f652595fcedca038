// Key lifecycle, aliases, tags and key policies.
import { describe, expect, it } from 'vitest';
import { ACCOUNT, expectKmsError, setup, T0, utf8 } from '../test-kit';
import { MS_PER_DAY } from '../ports';
import { KmsError } from '../errors';
import { aliasNameError } from './operations/aliases';

const DEFAULT_POLICY = `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},"Action":"kms:*","Resource":"*"}]}`;

describe('CreateKey and DescribeKey', () => {
  it('creates an Enabled symmetric key with complete KeyMetadata', async () => {
    const { kms } = await setup();
    const { KeyMetadata } = await kms.createKey({ Description: 'demo' });
    expect(KeyMetadata).toEqual({
      AWSAccountId: ACCOUNT,
      KeyId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KeyMetadata.KeyId}`,
      CreationDate: T0,
      Enabled: true,
      Description: 'demo',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
      CurrentKeyMaterialId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await kms.describeKey({ KeyId: KeyMetadata.KeyId })).KeyMetadata).toEqual(KeyMetadata);
  });

  it('stores the default key policy verbatim, or the given policy text', async () => {
    const { kms } = await setup();
    const a = (await kms.createKey({})).KeyMetadata;
    expect(await kms.getKeyPolicy({ KeyId: a.KeyId, PolicyName: 'default' })).toEqual({ Policy: DEFAULT_POLICY, PolicyName: 'default' });
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"}]\n}';
    const b = (await kms.createKey({ Policy: text })).KeyMetadata;
    expect((await kms.getKeyPolicy({ KeyId: b.KeyId })).Policy).toBe(text);
  });

  it('Origin EXTERNAL makes a PendingImport key with no material', async () => {
    const { kms } = await setup();
    const { KeyMetadata } = await kms.createKey({ Origin: 'EXTERNAL' });
    expect(KeyMetadata).toMatchObject({ KeyState: 'PendingImport', Enabled: false, Origin: 'EXTERNAL' });
    expect(KeyMetadata).not.toHaveProperty('CurrentKeyMaterialId');
    await expectKmsError(kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: utf8('x') }), 'KMSInvalidStateException', `${KeyMetadata.Arn} is pending import.`);
  });

  it('validates the request as AWS does', async () => {
    const { kms } = await setup();
    await expectKmsError(
      kms.createKey({ Description: 'x'.repeat(8193) }),
      'ValidationException',
      `1 validation error detected: Value '${'x'.repeat(8193)}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192`,
    );
    await expectKmsError(
      kms.createKey({ KeyUsage: 'RANDOM' as never }),
      'ValidationException',
      "1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [SIGN_VERIFY, ENCRYPT_DECRYPT, GENERATE_VERIFY_MAC, KEY_AGREEMENT, ENCAPSULATE_DECAPSULATE]",
    );
    await expectKmsError(kms.createKey({ KeySpec: 'HMAC_256' }), 'ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    await expectKmsError(
      kms.createKey({ KeyUsage: 'SIGN_VERIFY' }),
      'ValidationException',
      'The operation failed because the KeyUsage value of the CMK is SIGN_VERIFY. To perform this operation, the KeyUsage value must be ENCRYPT_DECRYPT.',
    );
    await expectKmsError(
      kms.createKey({ KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }),
      'ValidationException',
      'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
    );
    expect((await kms.createKey({ CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' })).KeyMetadata.KeySpec).toBe('SYMMETRIC_DEFAULT');
  });

  it.each([
    [{ KeySpec: 'ML_DSA_44' as const, KeyUsage: 'SIGN_VERIFY' as const }, 'KeySpec ML_DSA_44'],
  ])('valid but not yet modelled %o → UnsupportedOperationException', async (request, what) => {
    const { world, kms } = await setup();
    const err = await expectKmsError(kms.createKey(request), 'UnsupportedOperationException');
    expect(err.message).toContain(what);
    expect(Object.keys(world.state.keys)).toHaveLength(0);
  });

  it('rejects a policy that is not JSON (MalformedPolicyDocumentException) or over 32 KB (LimitExceededException)', async () => {
    const { kms } = await setup();
    await expectKmsError(kms.createKey({ Policy: 'not a policy' }), 'MalformedPolicyDocumentException', '');
    await expectKmsError(kms.createKey({ Policy: JSON.stringify({ Statement: [], pad: 'x'.repeat(33_000) }) }), 'LimitExceededException');
  });
});

describe('ListKeys', () => {
  it('lists the caller’s keys in this Region with Limit/Marker pagination', async () => {
    const { kms } = await setup();
    const keys = [];
    for (let i = 0; i < 5; i++) keys.push((await kms.createKey({})).KeyMetadata);
    const first = await kms.listKeys({ Limit: 2 });
    expect(first.Keys).toEqual(keys.slice(0, 2).map((k) => ({ KeyId: k.KeyId, KeyArn: k.Arn })));
    expect(first.Truncated).toBe(true);
    const second = await kms.listKeys({ Limit: 2, Marker: first.NextMarker });
    const third = await kms.listKeys({ Limit: 2, Marker: second.NextMarker });
    expect([...second.Keys, ...third.Keys].map((k) => k.KeyId)).toEqual(keys.slice(2).map((k) => k.KeyId));
    expect(third).toMatchObject({ Truncated: false });
    expect(third).not.toHaveProperty('NextMarker');
    expect((await kms.listKeys()).Keys).toHaveLength(5);
  });

  it('rejects a foreign marker (InvalidMarkerException) and an out-of-range Limit', async () => {
    const { kms } = await setup();
    await expectKmsError(kms.listKeys({ Marker: 'bogus' }), 'InvalidMarkerException');
    await expectKmsError(
      kms.listKeys({ Limit: 1001 }),
      'ValidationException',
      "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
  });
});

describe('UpdateKeyDescription, EnableKey, DisableKey', () => {
  it('changes the description; Enable/Disable are idempotent between Enabled and Disabled', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({ Description: 'old' })).KeyMetadata;
    await kms.updateKeyDescription({ KeyId: key.KeyId, Description: 'new' });
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.Description).toBe('new');
    await kms.disableKey({ KeyId: key.KeyId });
    await kms.disableKey({ KeyId: key.KeyId });
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    await kms.enableKey({ KeyId: key.KeyId });
    await kms.enableKey({ KeyId: key.KeyId });
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true });
  });
});

describe('ScheduleKeyDeletion and CancelKeyDeletion', () => {
  it('schedules 30 days by default, returns the ARN, and shows DeletionDate while pending', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    const res = await kms.scheduleKeyDeletion({ KeyId: key.KeyId });
    expect(res).toEqual({ KeyId: key.Arn, DeletionDate: new Date(T0.getTime() + 30 * MS_PER_DAY), KeyState: 'PendingDeletion', PendingWindowInDays: 30 });
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata).toMatchObject({
      KeyState: 'PendingDeletion',
      Enabled: false,
      DeletionDate: res.DeletionDate,
      PendingDeletionWindowInDays: 30,
    });
  });

  it.each([7, 30])('accepts a %i-day window', async (days) => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    expect((await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: days })).PendingWindowInDays).toBe(days);
  });

  it.each([1, 6, 31, 365])('refuses a %i-day window (the service allows 7–30)', async (days) => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await expectKmsError(kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: days }), 'ValidationException', 'PendingWindowInDays must be between 7 and 30');
  });

  it('refuses a window outside the model’s 1–365 range with the validation wording', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await expectKmsError(
      kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 0 }),
      'ValidationException',
      "1 validation error detected: Value '0' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('cancel leaves the key Disabled (not Enabled) and removes the DeletionDate', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId });
    expect(await kms.cancelKeyDeletion({ KeyId: key.KeyId })).toEqual({ KeyId: key.Arn });
    const meta = (await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata;
    expect(meta).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(meta).not.toHaveProperty('DeletionDate');
    expect(meta).not.toHaveProperty('PendingDeletionWindowInDays');
  });

  it('a key pending deletion can still be described and have its policy read and written, and its aliases deleted', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/doomed', TargetKeyId: key.KeyId });
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId });
    await kms.describeKey({ KeyId: 'alias/doomed' });
    await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: DEFAULT_POLICY });
    await kms.deleteAlias({ AliasName: 'alias/doomed' });
    await expectKmsError(kms.tagResource({ KeyId: key.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }), 'KMSInvalidStateException', `${key.Arn} is pending deletion.`);
  });
});

describe('aliases', () => {
  it('creates, lists (with key id, dates) and filters by key', async () => {
    const { world, kms } = await setup();
    const a = (await kms.createKey({})).KeyMetadata;
    const b = (await kms.createKey({})).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/b-key', TargetKeyId: b.Arn });
    await kms.createAlias({ AliasName: 'alias/a-key', TargetKeyId: a.KeyId });
    await kms.createAlias({ AliasName: 'alias/A-key', TargetKeyId: a.KeyId }); // case-sensitive: a different alias
    const all = await kms.listAliases();
    expect(all.Aliases.map((x) => x.AliasName)).toEqual(['alias/A-key', 'alias/a-key', 'alias/b-key']);
    expect(all.Aliases[1]).toEqual({
      AliasName: 'alias/a-key',
      AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/a-key`,
      TargetKeyId: a.KeyId,
      CreationDate: T0,
      LastUpdatedDate: T0,
    });
    expect((await kms.listAliases({ KeyId: b.Arn })).Aliases.map((x) => x.AliasName)).toEqual(['alias/b-key']);
    const page = await kms.listAliases({ Limit: 2 });
    expect(page.Truncated).toBe(true);
    expect((await kms.listAliases({ Limit: 2, Marker: page.NextMarker })).Aliases.map((x) => x.AliasName)).toEqual(['alias/b-key']);
    expect(world.aliasesOf(a.Arn).map((x) => x.aliasName)).toEqual(['alias/A-key', 'alias/a-key']);
  });

  it('names: prefix, pattern, reserved alias/aws/, duplicates (AWS messages)', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await expectKmsError(
      kms.createAlias({ AliasName: 'wrongprefix/x', TargetKeyId: key.KeyId }),
      'ValidationException',
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
    await expectKmsError(
      kms.createAlias({ AliasName: 'alias/my-alias!', TargetKeyId: key.KeyId }),
      'ValidationException',
      "1 validation error detected: Value 'alias/my-alias!' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    );
    await expectKmsError(kms.createAlias({ AliasName: 'alias/my:alias', TargetKeyId: key.KeyId }), 'ValidationException', 'alias/my:alias contains invalid characters for an alias');
    for (const op of [
      kms.createAlias({ AliasName: 'alias/aws/s3', TargetKeyId: key.KeyId }),
      kms.updateAlias({ AliasName: 'alias/aws/s3', TargetKeyId: key.KeyId }),
      kms.deleteAlias({ AliasName: 'alias/aws/s3' }),
    ])
      await expectKmsError(op, 'NotAuthorizedException', '');
    await kms.createAlias({ AliasName: 'alias/dup', TargetKeyId: key.KeyId });
    await expectKmsError(
      kms.createAlias({ AliasName: 'alias/dup', TargetKeyId: key.KeyId }),
      'AlreadyExistsException',
      `An alias with the name arn:aws:kms:us-east-1:${ACCOUNT}:alias/dup already exists`,
    );
    await expectKmsError(kms.deleteAlias({ AliasName: 'alias/unknown' }), 'NotFoundException', `Alias arn:aws:kms:us-east-1:${ACCOUNT}:alias/unknown is not found.`);
    await expectKmsError(kms.updateAlias({ AliasName: 'alias/unknown', TargetKeyId: key.KeyId }), 'NotFoundException', `Alias arn:aws:kms:us-east-1:${ACCOUNT}:alias/unknown is not found.`);
  });

  it('aliasNameError answers as CreateAlias does before any key is looked at, so a name can be checked before CreateKey', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    for (const name of ['wrongprefix/x', 'alias/my-alias!', 'alias/my:alias', 'alias/aws/s3', '', 'alias/' + 'x'.repeat(251), 'alias/__proto__ x']) {
      const checked = aliasNameError(name);
      expect(checked, name).not.toBeNull();
      const real = await kms.createAlias({ AliasName: name, TargetKeyId: key.KeyId }).then(() => null, (e: unknown) => e);
      expect(real, name).toBeInstanceOf(KmsError);
      expect({ name: checked!.name, message: checked!.message }, name).toEqual({ name: (real as KmsError).name, message: (real as KmsError).message });
    }
    for (const name of ['alias/ok', 'alias/a/b_c-D9', 'alias/__proto__']) expect(aliasNameError(name), name).toBeNull();
  });

  it('an alias cannot target another alias; UpdateAlias repoints, DeleteAlias removes', async () => {
    const { kms } = await setup();
    const a = (await kms.createKey({})).KeyMetadata;
    const b = (await kms.createKey({})).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/x', TargetKeyId: a.KeyId });
    await expectKmsError(kms.createAlias({ AliasName: 'alias/y', TargetKeyId: 'alias/x' }), 'NotFoundException', 'Invalid keyId alias/x');
    await kms.updateAlias({ AliasName: 'alias/x', TargetKeyId: b.KeyId });
    expect((await kms.encrypt({ KeyId: 'alias/x', Plaintext: utf8('1') })).KeyId).toBe(b.Arn);
    const { trace } = await kms.call('UpdateAlias', { AliasName: 'alias/x', TargetKeyId: a.KeyId });
    expect(trace.events.find((e) => e.type === 'authorize')).toMatchObject({
      action: 'kms:UpdateAlias',
      resources: [`arn:aws:kms:us-east-1:${ACCOUNT}:alias/x`, b.Arn, a.Arn],
    });
    await kms.deleteAlias({ AliasName: 'alias/x' });
    await expectKmsError(kms.describeKey({ KeyId: 'alias/x' }), 'NotFoundException');
  });

  it('a key can have at most 50 aliases (LimitExceededException)', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    for (let i = 0; i < 50; i++) await kms.createAlias({ AliasName: `alias/a${i}`, TargetKeyId: key.KeyId });
    await expectKmsError(kms.createAlias({ AliasName: 'alias/a50', TargetKeyId: key.KeyId }), 'LimitExceededException');
  });
});

describe('tags', () => {
  it('tags, overwrites, untags and lists', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({ Tags: [{ TagKey: 'env', TagValue: 'dev' }] })).KeyMetadata;
    await kms.tagResource({ KeyId: key.KeyId, Tags: [{ TagKey: 'team', TagValue: 'pay' }, { TagKey: 'env', TagValue: 'prod' }] });
    expect((await kms.listResourceTags({ KeyId: key.KeyId })).Tags).toEqual([
      { TagKey: 'env', TagValue: 'prod' },
      { TagKey: 'team', TagValue: 'pay' },
    ]);
    await kms.untagResource({ KeyId: key.KeyId, TagKeys: ['env', 'absent'] });
    expect(await kms.listResourceTags({ KeyId: key.KeyId })).toEqual({ Tags: [{ TagKey: 'team', TagValue: 'pay' }], Truncated: false });
  });

  it('enforces the tag rules with AWS’s messages', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    await expectKmsError(kms.tagResource({ KeyId: key.KeyId, Tags: [{ TagKey: 'AWS:x', TagValue: '' }] }), 'TagException', 'Tags beginning with aws: are reserved');
    await expectKmsError(kms.createKey({ Tags: [{ TagKey: 'aws:x', TagValue: '' }] }), 'TagException', 'Tags beginning with aws: are reserved');
    await expectKmsError(
      kms.tagResource({ KeyId: key.KeyId, Tags: [{ TagKey: 'k', TagValue: '1' }, { TagKey: 'k', TagValue: '2' }] }),
      'TagException',
      'Duplicate tag keys',
    );
    const fifty = Array.from({ length: 50 }, (_, i) => ({ TagKey: `t${i}`, TagValue: '' }));
    await kms.tagResource({ KeyId: key.KeyId, Tags: fifty });
    await expectKmsError(kms.tagResource({ KeyId: key.KeyId, Tags: [{ TagKey: 'one-more', TagValue: '' }] }), 'TagException', 'Too many tags');
    await expectKmsError(
      kms.tagResource({ KeyId: key.KeyId, Tags: [{ TagKey: 'k'.repeat(129), TagValue: '' }] }),
      'ValidationException',
      `1 validation error detected: Value '${'k'.repeat(129)}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
    const page = await kms.listResourceTags({ KeyId: key.KeyId, Limit: 30 });
    const rest = await kms.listResourceTags({ KeyId: key.KeyId, Limit: 30, Marker: page.NextMarker });
    expect(page.Tags.length + rest.Tags.length).toBe(50);
  });
});

describe('key policies', () => {
  it('PutKeyPolicy stores the text; only the policy name "default" exists', async () => {
    const { kms } = await setup();
    const key = (await kms.createKey({})).KeyMetadata;
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*"}]}';
    await kms.putKeyPolicy({ KeyId: key.KeyId, PolicyName: 'default', Policy: policy });
    expect((await kms.getKeyPolicy({ KeyId: key.KeyId })).Policy).toBe(policy);
    expect(await kms.listKeyPolicies({ KeyId: key.KeyId })).toEqual({ PolicyNames: ['default'], Truncated: false });
    await expectKmsError(kms.getKeyPolicy({ KeyId: key.KeyId, PolicyName: 'other' }), 'NotFoundException');
    await expectKmsError(kms.putKeyPolicy({ KeyId: key.KeyId, Policy: '{ nope' }), 'MalformedPolicyDocumentException', '');
    await expectKmsError(kms.putKeyPolicy({ KeyId: key.KeyId, Policy: JSON.stringify({ p: 'x'.repeat(32_800) }) }), 'LimitExceededException');
    expect((await kms.getKeyPolicy({ KeyId: key.KeyId })).Policy).toBe(policy);
  });
});
