// How requests name keys (kms-behaviour.md §1 notes, §13): the four forms, the management-operation
// restriction, malformed ids, unknown keys and Region isolation — with AWS's messages.
import { describe, expect, it } from 'vitest';
import type { KmsClient } from './client';
import { ACCOUNT, expectKmsError, setup, utf8 } from '../test-kit';

async function keyWithAlias() {
  const { world, kms } = await setup();
  const { KeyMetadata } = await kms.createKey({});
  await kms.createAlias({ AliasName: 'alias/app', TargetKeyId: KeyMetadata.KeyId });
  const forms = {
    'key id': KeyMetadata.KeyId,
    'key ARN': KeyMetadata.Arn,
    'alias name': 'alias/app',
    'alias ARN': `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`,
  };
  return { world, kms, key: KeyMetadata, forms };
}

const NAMED_AS = { 'key id': 'key-id', 'key ARN': 'key-arn', 'alias name': 'alias-name', 'alias ARN': 'alias-arn' } as const;

/** Operations that use a key: all four forms work. */
const KEY_USING: [string, (kms: KmsClient, id: string) => Promise<{ KeyId?: string; KeyMetadata?: { Arn: string } }>][] = [
  ['DescribeKey', (kms, id) => kms.describeKey({ KeyId: id })],
  ['Encrypt', (kms, id) => kms.encrypt({ KeyId: id, Plaintext: utf8('x') })],
  ['GenerateDataKey', (kms, id) => kms.generateDataKey({ KeyId: id, NumberOfBytes: 32 })],
  ['GenerateDataKeyWithoutPlaintext', (kms, id) => kms.generateDataKeyWithoutPlaintext({ KeyId: id, KeySpec: 'AES_256' })],
];

/** Management operations: key id or key ARN only. */
const ROOT_ONLY_POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}';
const MANAGEMENT: [string, (kms: KmsClient, id: string) => Promise<unknown>][] = [
  ['UpdateKeyDescription', (kms, id) => kms.updateKeyDescription({ KeyId: id, Description: 'd' })],
  ['EnableKey', (kms, id) => kms.enableKey({ KeyId: id })],
  ['DisableKey', (kms, id) => kms.disableKey({ KeyId: id })],
  ['ScheduleKeyDeletion', (kms, id) => kms.scheduleKeyDeletion({ KeyId: id })],
  ['CancelKeyDeletion', (kms, id) => kms.cancelKeyDeletion({ KeyId: id })],
  ['EnableKeyRotation', (kms, id) => kms.enableKeyRotation({ KeyId: id })],
  ['DisableKeyRotation', (kms, id) => kms.disableKeyRotation({ KeyId: id })],
  ['GetKeyRotationStatus', (kms, id) => kms.getKeyRotationStatus({ KeyId: id })],
  ['RotateKeyOnDemand', (kms, id) => kms.rotateKeyOnDemand({ KeyId: id })],
  ['ListKeyRotations', (kms, id) => kms.listKeyRotations({ KeyId: id })],
  ['GetKeyPolicy', (kms, id) => kms.getKeyPolicy({ KeyId: id })],
  ['PutKeyPolicy', (kms, id) => kms.putKeyPolicy({ KeyId: id, Policy: ROOT_ONLY_POLICY })],
  ['ListKeyPolicies', (kms, id) => kms.listKeyPolicies({ KeyId: id })],
  ['TagResource', (kms, id) => kms.tagResource({ KeyId: id, Tags: [] })],
  ['UntagResource', (kms, id) => kms.untagResource({ KeyId: id, TagKeys: [] })],
  ['ListResourceTags', (kms, id) => kms.listResourceTags({ KeyId: id })],
  ['ListAliases (KeyId)', (kms, id) => kms.listAliases({ KeyId: id })],
  ['CreateAlias (TargetKeyId)', (kms, id) => kms.createAlias({ AliasName: 'alias/second', TargetKeyId: id })],
];

describe('key identifiers', () => {
  for (const [op, call] of KEY_USING) {
    it(`${op} accepts a key id, key ARN, alias name and alias ARN, and answers with the key ARN`, async () => {
      const { kms, key, forms } = await keyWithAlias();
      for (const [form, id] of Object.entries(forms)) {
        const res = await call(kms, id);
        expect([form, res.KeyId ?? res.KeyMetadata?.Arn]).toEqual([form, key.Arn]);
        const resolved = kms.lastTrace?.events.find((e) => e.type === 'resolve-key');
        expect(resolved).toMatchObject({ input: id, keyArn: key.Arn, namedAs: NAMED_AS[form as keyof typeof NAMED_AS] });
      }
    });
  }

  for (const [op, call] of MANAGEMENT) {
    it(`${op} accepts a key id or key ARN but not an alias (NotFoundException: Invalid keyId alias/…)`, async () => {
      const { kms, key, forms } = await keyWithAlias();
      // The key id resolves (the call may still fail later, e.g. CancelKeyDeletion on an Enabled key).
      await call(kms, forms['key id']).catch(() => undefined);
      expect(kms.lastTrace?.events.find((e) => e.type === 'resolve-key')).toMatchObject({ namedAs: 'key-id', keyArn: key.Arn });
      await expectKmsError(call(kms, 'alias/app'), 'NotFoundException', 'Invalid keyId alias/app');
      await expectKmsError(call(kms, forms['alias ARN']), 'NotFoundException', `Invalid keyId ${forms['alias ARN']}`);
    });
  }

  it('management operations work by key ARN too', async () => {
    const { kms, key } = await keyWithAlias();
    await kms.createAlias({ AliasName: 'alias/by-arn', TargetKeyId: key.Arn });
    await kms.scheduleKeyDeletion({ KeyId: key.Arn });
    await kms.cancelKeyDeletion({ KeyId: key.Arn });
    await kms.enableKey({ KeyId: key.Arn });
    for (const [op, call] of MANAGEMENT.filter(([op]) => !/CreateAlias|ScheduleKeyDeletion|CancelKeyDeletion|DisableKey$/.test(op))) {
      await call(kms, key.Arn);
      expect([op, kms.lastTrace?.outcome]).toEqual([op, 'success']);
    }
    await kms.disableKey({ KeyId: key.Arn });
    expect(kms.lastTrace?.outcome).toBe('success');
  });

  it.each(['fake-key-id', '134f2428cec14b25a1ae9048164dba47', 'mrk-fake-key-id', 'arn:aws:kms:us-east-1:111122223333:key/'])(
    'a malformed id %s is NotFoundException: Invalid keyId (AWS-validated)',
    async (id) => {
      const { kms } = await setup();
      await expectKmsError(kms.describeKey({ KeyId: id }), 'NotFoundException', `Invalid keyId '${id}'`);
    },
  );

  it('a well-formed unknown key id or ARN is NotFoundException: Key … does not exist', async () => {
    const { kms } = await setup();
    const id = 'd25652e4-d2d2-49f7-929a-671ccda580c6';
    const arn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;
    await expectKmsError(kms.describeKey({ KeyId: id }), 'NotFoundException', `Key '${arn}' does not exist`);
    await expectKmsError(kms.describeKey({ KeyId: arn }), 'NotFoundException', `Key '${arn}' does not exist`);
    await expectKmsError(kms.generateDataKey({ KeyId: 'mrk-d3b95762d3b95762d3b95762d3b95762', KeySpec: 'AES_256' }), 'NotFoundException',
      `Key 'arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-d3b95762d3b95762d3b95762d3b95762' does not exist`);
  });

  it('an unknown alias is NotFoundException: Alias <arn> is not found.', async () => {
    const { kms } = await setup();
    await expectKmsError(kms.encrypt({ KeyId: 'alias/nope', Plaintext: utf8('x') }), 'NotFoundException', `Alias arn:aws:kms:us-east-1:${ACCOUNT}:alias/nope is not found.`);
    await expectKmsError(
      kms.encrypt({ KeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/nope`, Plaintext: utf8('x') }),
      'NotFoundException',
      `Alias arn:aws:kms:us-east-1:${ACCOUNT}:alias/nope is not found.`,
    );
  });
});

describe('Regions are isolated (AWS-validated messages)', () => {
  it('another Region’s key id is not found there; its ARN is “Invalid arn <its region>”', async () => {
    const { world, key } = await keyWithAlias();
    const eu = world.client({ region: 'eu-west-1' });
    await expectKmsError(eu.describeKey({ KeyId: key.KeyId }), 'NotFoundException', `Key 'arn:aws:kms:eu-west-1:${ACCOUNT}:key/${key.KeyId}' does not exist`);
    await expectKmsError(eu.describeKey({ KeyId: key.Arn }), 'NotFoundException', 'Invalid arn us-east-1');
    await expectKmsError(eu.encrypt({ KeyId: 'alias/app', Plaintext: utf8('x') }), 'NotFoundException', `Alias arn:aws:kms:eu-west-1:${ACCOUNT}:alias/app is not found.`);
    expect((await eu.listKeys()).Keys).toEqual([]);
    expect((await eu.listAliases()).Aliases).toEqual([]);
  });

  it('the same alias name can point at different keys in different Regions', async () => {
    const { world, kms, key } = await keyWithAlias();
    const eu = world.client({ region: 'eu-west-1' });
    const euKey = (await eu.createKey({})).KeyMetadata;
    await eu.createAlias({ AliasName: 'alias/app', TargetKeyId: euKey.KeyId });
    expect((await kms.describeKey({ KeyId: 'alias/app' })).KeyMetadata.Arn).toBe(key.Arn);
    expect((await eu.describeKey({ KeyId: 'alias/app' })).KeyMetadata.Arn).toBe(euKey.Arn);
    expect(euKey.Arn).toMatch(/^arn:aws:kms:eu-west-1:111122223333:key\//);
  });

  it('partitions follow the Region', async () => {
    const { world } = await setup();
    const cn = world.client({ region: 'cn-north-1', principal: 'arn:aws-cn:iam::111122223333:root' });
    const { KeyMetadata } = await cn.createKey({});
    expect(KeyMetadata.Arn).toMatch(/^arn:aws-cn:kms:cn-north-1:111122223333:key\//);
    expect(await cn.getKeyPolicy({ KeyId: KeyMetadata.KeyId })).toMatchObject({ Policy: expect.stringContaining('"arn:aws-cn:iam::111122223333:root"') });
  });
});

describe('accounts', () => {
  it('a bare key id or alias means the caller’s account; another account’s key needs its ARN', async () => {
    const { world, kms, key } = await keyWithAlias();
    // Cross-account use needs the key policy to trust the other account and bob's own IAM policy.
    world.putPrincipal({
      arn: 'arn:aws:iam::444455556666:user/bob',
      policies: [{ name: 'UsePartnerKey', document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:DescribeKey'], Resource: key.Arn }] }) }],
    });
    await kms.putKeyPolicy({
      KeyId: key.KeyId,
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'] }, Action: 'kms:*', Resource: '*' }] }),
    });
    const other = world.client({ principal: 'arn:aws:iam::444455556666:user/bob' });
    await expectKmsError(other.describeKey({ KeyId: key.KeyId }), 'NotFoundException', `Key 'arn:aws:kms:us-east-1:444455556666:key/${key.KeyId}' does not exist`);
    expect((await other.encrypt({ KeyId: key.Arn, Plaintext: utf8('x') })).KeyId).toBe(key.Arn);
    expect((await other.describeKey({ KeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app` })).KeyMetadata.Arn).toBe(key.Arn);
  });

  it('operations AWS does not offer across accounts are denied on another account’s key', async () => {
    const { world, key } = await keyWithAlias();
    const other = world.client({ principal: 'arn:aws:iam::444455556666:user/bob' });
    await expectKmsError(
      other.scheduleKeyDeletion({ KeyId: key.Arn }),
      'AccessDeniedException',
      `User: arn:aws:iam::444455556666:user/bob is not authorized to perform: kms:ScheduleKeyDeletion on resource: ${key.Arn} because no resource-based policy allows the kms:ScheduleKeyDeletion action`,
    );
    expect(world.getKey(key.Arn)?.keyState).toBe('Enabled');
  });
});
