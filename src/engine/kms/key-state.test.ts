// The whole key state × operation table of kms-behaviour.md §4, with its footnote messages, for
// every implemented operation and all eight key states. States no API reaches yet (Creating,
// Updating, Unavailable, PendingReplicaDeletion) are set through an exported world state.
import { beforeAll, describe, expect, it } from 'vitest';
import type { KmsClient } from './client';
import type { KeyState } from '../types';
import { MS_PER_DAY } from '../ports';
import { expectKmsError, setup, T0, utf8, withKeyEdited } from '../test-kit';
import type { World } from '../create-world';

const STATES: KeyState[] = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingReplicaDeletion', 'PendingImport', 'Unavailable', 'Creating', 'Updating'];

type Expect = 'OK' | [name: string, message: (arn: string) => string];
const disabled: Expect = ['DisabledException', (a) => `${a} is disabled.`]; // [1]
const pendingDeletion: Expect = ['KMSInvalidStateException', (a) => `${a} is pending deletion.`]; // [3]
const pendingReplicaDeletion: Expect = ['KMSInvalidStateException', (a) => `${a} is pending replica deletion.`]; // [3]
const notPendingDeletion: Expect = ['KMSInvalidStateException', (a) => `${a} is not pending deletion.`]; // [4]
const pendingImport: Expect = ['KMSInvalidStateException', (a) => `${a} is pending import.`]; // [5]
const externalOrigin: Expect = ['UnsupportedOperationException', (a) => `${a} origin is EXTERNAL which is not valid for this operation.`]; // [6]
const unavailable: Expect = ['KMSInvalidStateException', (a) => `${a} is unavailable.`]; // [11]
const creating: Expect = ['KMSInvalidStateException', (a) => `${a} is creating.`]; // [14]
const updating: Expect = ['KMSInvalidStateException', (a) => `${a} is updating.`]; // [15]

/** One row per §4 row: expected outcome per state, in STATES order. */
const ROWS: Record<string, Expect[]> = {
  cryptographic: ['OK', disabled, pendingDeletion, pendingReplicaDeletion, pendingImport, unavailable, creating, 'OK'],
  anyState: ['OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK'],
  notPendingDeletion: ['OK', 'OK', pendingDeletion, pendingReplicaDeletion, 'OK', 'OK', 'OK', 'OK'],
  enableDisable: ['OK', 'OK', pendingDeletion, pendingReplicaDeletion, pendingImport, 'OK', creating, updating],
  schedule: ['OK', 'OK', pendingDeletion, pendingReplicaDeletion, 'OK', 'OK', 'OK', updating],
  cancel: [notPendingDeletion, notPendingDeletion, 'OK', 'OK', notPendingDeletion, notPendingDeletion, notPendingDeletion, notPendingDeletion],
  rotationSettings: ['OK', disabled, pendingDeletion, pendingReplicaDeletion, externalOrigin, unavailable, creating, 'OK'],
  rotationStatus: ['OK', 'OK', 'OK', 'OK', externalOrigin, unavailable, 'OK', 'OK'],
  rotateOnDemand: ['OK', disabled, pendingDeletion, pendingReplicaDeletion, pendingImport, unavailable, creating, 'OK'],
};

interface Fixture {
  /** The key under test. */
  arn: string;
  /** Another, Enabled key. */
  other: string;
  /** A ciphertext under the key under test, and one under the other key. */
  ct: Uint8Array;
  ctOther: Uint8Array;
}

const OPERATIONS: [name: string, row: keyof typeof ROWS, call: (kms: KmsClient, f: Fixture) => Promise<unknown>][] = [
  ['Encrypt', 'cryptographic', (kms, f) => kms.encrypt({ KeyId: f.arn, Plaintext: utf8('x') })],
  ['Decrypt', 'cryptographic', (kms, f) => kms.decrypt({ CiphertextBlob: f.ct })],
  ['ReEncrypt (as source)', 'cryptographic', (kms, f) => kms.reEncrypt({ CiphertextBlob: f.ct, DestinationKeyId: f.other })],
  ['ReEncrypt (as destination)', 'cryptographic', (kms, f) => kms.reEncrypt({ CiphertextBlob: f.ctOther, DestinationKeyId: f.arn })],
  ['GenerateDataKey', 'cryptographic', (kms, f) => kms.generateDataKey({ KeyId: f.arn, KeySpec: 'AES_256' })],
  ['GenerateDataKeyWithoutPlaintext', 'cryptographic', (kms, f) => kms.generateDataKeyWithoutPlaintext({ KeyId: f.arn, NumberOfBytes: 16 })],
  ['DescribeKey', 'anyState', (kms, f) => kms.describeKey({ KeyId: f.arn })],
  ['GetKeyPolicy', 'anyState', (kms, f) => kms.getKeyPolicy({ KeyId: f.arn, PolicyName: 'default' })],
  ['PutKeyPolicy', 'anyState', (kms, f) => kms.putKeyPolicy({ KeyId: f.arn, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }] }) })],
  ['ListKeyPolicies', 'anyState', (kms, f) => kms.listKeyPolicies({ KeyId: f.arn })],
  ['ListResourceTags', 'anyState', (kms, f) => kms.listResourceTags({ KeyId: f.arn })],
  ['ListAliases', 'anyState', (kms, f) => kms.listAliases({ KeyId: f.arn })],
  ['ListKeyRotations', 'anyState', (kms, f) => kms.listKeyRotations({ KeyId: f.arn })],
  ['DeleteAlias', 'anyState', (kms) => kms.deleteAlias({ AliasName: 'alias/under-test' })],
  ['UpdateAlias (away from the key)', 'anyState', (kms, f) => kms.updateAlias({ AliasName: 'alias/under-test', TargetKeyId: f.other })],
  ['UpdateAlias (onto the key)', 'notPendingDeletion', (kms, f) => kms.updateAlias({ AliasName: 'alias/other', TargetKeyId: f.arn })],
  ['CreateAlias', 'notPendingDeletion', (kms, f) => kms.createAlias({ AliasName: 'alias/new', TargetKeyId: f.arn })],
  ['TagResource', 'notPendingDeletion', (kms, f) => kms.tagResource({ KeyId: f.arn, Tags: [{ TagKey: 'a', TagValue: 'b' }] })],
  ['UntagResource', 'notPendingDeletion', (kms, f) => kms.untagResource({ KeyId: f.arn, TagKeys: ['a'] })],
  ['UpdateKeyDescription', 'notPendingDeletion', (kms, f) => kms.updateKeyDescription({ KeyId: f.arn, Description: 'new' })],
  ['EnableKey', 'enableDisable', (kms, f) => kms.enableKey({ KeyId: f.arn })],
  ['DisableKey', 'enableDisable', (kms, f) => kms.disableKey({ KeyId: f.arn })],
  ['ScheduleKeyDeletion', 'schedule', (kms, f) => kms.scheduleKeyDeletion({ KeyId: f.arn, PendingWindowInDays: 7 })],
  ['CancelKeyDeletion', 'cancel', (kms, f) => kms.cancelKeyDeletion({ KeyId: f.arn })],
  ['EnableKeyRotation', 'rotationSettings', (kms, f) => kms.enableKeyRotation({ KeyId: f.arn })],
  ['DisableKeyRotation', 'rotationSettings', (kms, f) => kms.disableKeyRotation({ KeyId: f.arn })],
  ['GetKeyRotationStatus', 'rotationStatus', (kms, f) => kms.getKeyRotationStatus({ KeyId: f.arn })],
  ['RotateKeyOnDemand', 'rotateOnDemand', (kms, f) => kms.rotateKeyOnDemand({ KeyId: f.arn })],
];

describe('key state × operation (kms-behaviour.md §4)', () => {
  let base: World;
  let fixture: Fixture;

  beforeAll(async () => {
    const { world, kms } = await setup('state-table');
    const k = (await kms.createKey({ Description: 'under test' })).KeyMetadata;
    const o = (await kms.createKey({ Description: 'other' })).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/under-test', TargetKeyId: k.KeyId });
    await kms.createAlias({ AliasName: 'alias/other', TargetKeyId: o.KeyId });
    await kms.tagResource({ KeyId: k.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] });
    const ct = (await kms.encrypt({ KeyId: k.KeyId, Plaintext: utf8('secret') })).CiphertextBlob;
    const ctOther = (await kms.encrypt({ KeyId: o.KeyId, Plaintext: utf8('secret') })).CiphertextBlob;
    base = world;
    fixture = { arn: k.Arn, other: o.Arn, ct, ctOther };
  });

  const inState = (state: KeyState) =>
    withKeyEdited(base, fixture.arn, (key) => {
      key.keyState = state;
      if (state === 'PendingDeletion' || state === 'PendingReplicaDeletion') {
        key.deletionDate = T0.getTime() + 30 * MS_PER_DAY;
        key.pendingDeletionWindowInDays = 30;
      }
      // A key waiting for imported material is an EXTERNAL-origin key.
      if (state === 'PendingImport') key.origin = 'EXTERNAL';
    });

  for (const [operation, row, call] of OPERATIONS) {
    describe(operation, () => {
      STATES.forEach((state, i) => {
        const expected = ROWS[row][i];
        it(`${state} → ${expected === 'OK' ? 'succeeds' : expected[0]}`, async () => {
          const world = await inState(state);
          const kms = world.client({ region: 'us-east-1' });
          if (expected === 'OK') {
            await expect(call(kms, fixture)).resolves.toBeDefined();
          } else {
            await expectKmsError(call(kms, fixture), expected[0] as never, expected[1](fixture.arn));
          }
        });
      });
    });
  }

  it('Enabled is true only in state Enabled', async () => {
    for (const state of STATES) {
      const world = await inState(state);
      const { KeyMetadata } = await world.client().describeKey({ KeyId: fixture.arn });
      expect([state, KeyMetadata.Enabled]).toEqual([state, state === 'Enabled']);
      expect(KeyMetadata.KeyState).toBe(state);
    }
  });

  it('EnableKey on an Unavailable key succeeds without changing its state ([12])', async () => {
    const world = await inState('Unavailable');
    await world.client().enableKey({ KeyId: fixture.arn });
    expect(world.getKey(fixture.arn)?.keyState).toBe('Unavailable');
  });
});
