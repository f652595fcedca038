// Key lifecycle: CreateKey, DescribeKey, ListKeys, UpdateKeyDescription, EnableKey, DisableKey,
// ScheduleKeyDeletion, CancelKeyDeletion (kms-behaviour.md §1, §4, §6).
import { KmsError, validation } from '../../errors';
import { MS_PER_DAY } from '../../ports';
import type { ScheduleKeyDeletionResponse } from '../../types';
import { SUPPORTED_KEY_SPECS, usagesFor } from '../specs';
import { keyArn } from '../../world/arn';
import type { KeyRecord } from '../../world/state';
import { serviceEvent } from '../scheduled';
import { addKeyMaterial, replicasOf, rotateKeyMaterial } from '../material';
import { defaultKeyPolicy, keyMetadata } from '../metadata';
import { paginate } from '../paging';
import type { OperationDefinition } from '../operation';

import { checkPolicyDocument } from './policy';
import { checkTagSemantics } from './tags';
import { checkNewKeyPolicy } from '../key-policy-checks';
import { customKeyStoreNotFound } from './custom-key-stores';
import { keyForAccess } from '../policy-authorizer';

/** A valid request for something this engine does not model yet (asymmetric keys, HMAC, custom key stores…). */
export const notYetSupported = (what: string) =>
  new KmsError('UnsupportedOperationException', `${what} is not supported by KMS Lab yet.`);

export const CreateKey: OperationDefinition<'CreateKey'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    if (r.KeySpec !== undefined && r.CustomerMasterKeySpec !== undefined)
      throw validation('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
    const keySpec = r.KeySpec ?? r.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
    // AWS-validated: KeyUsage may be omitted only for symmetric encryption keys.
    if (keySpec !== 'SYMMETRIC_DEFAULT' && r.KeyUsage === undefined)
      throw validation('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    const keyUsage = r.KeyUsage ?? 'ENCRYPT_DECRYPT';
    const allowed = usagesFor(keySpec);
    if (!allowed.includes(keyUsage))
      throw validation(
        `The operation failed because the KeyUsage value of the CMK is ${keyUsage}. To perform this operation, the KeyUsage value must be ${allowed.join(' or ')}.`,
      );
    // SM2 exists only in the China Regions; ML-DSA is not modelled by KMS Lab.
    if (keySpec === 'SM2' && !ctx.region.startsWith('cn-'))
      throw new KmsError('UnsupportedOperationException', `KeySpec SM2 is supported only in the AWS China Regions, not in ${ctx.region}.`);
    if (!SUPPORTED_KEY_SPECS.includes(keySpec)) throw notYetSupported(`KeySpec ${keySpec}`);
    const origin = r.Origin ?? 'AWS_KMS';
    // The account has no custom key store (custom-key-stores.ts): any CustomKeyStoreId is unknown.
    if (r.CustomKeyStoreId !== undefined) throw customKeyStoreNotFound(r.CustomKeyStoreId);
    if (origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE' || r.XksKeyId !== undefined)
      throw validation(`Origin ${origin} requires a CustomKeyStoreId.`); // not AWS-validated
    checkTagSemantics(r.Tags ?? []);
    if (r.Policy !== undefined) checkPolicyDocument(r.Policy);

    await ctx.authorize({});

    const { caller, region, world } = ctx;
    // §12: a multi-Region key's id is `mrk-` and 32 hex digits; it is the same in every Region.
    const keyId = r.MultiRegion ? `mrk-${world.ids.hex64().slice(0, 32)}` : world.ids.uuid();
    const arn = keyArn(region, caller.accountId, keyId);
    const key: KeyRecord = {
      arn,
      keyId,
      accountId: caller.accountId,
      region,
      partition: caller.partition,
      seq: ++world.state.counters.keys,
      creationDate: ctx.now,
      description: r.Description ?? '',
      keyUsage,
      keySpec,
      origin,
      keyManager: 'CUSTOMER',
      keyState: origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
      multiRegion: Boolean(r.MultiRegion),
      ...(r.MultiRegion ? { multiRegionInfo: { keyType: 'PRIMARY' as const, primaryArn: arn } } : {}),
      policy: r.Policy ?? defaultKeyPolicy(caller.accountId, caller.partition),
      tags: (r.Tags ?? []).map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })),
      materials: [],
      rotation: { enabled: false, onDemandCount: 0 },
    };
    // A given policy must be readable, name principals that exist, and pass the lockout safety check.
    if (r.Policy !== undefined)
      checkNewKeyPolicy(world, caller.arn, ctx.client.context, keyForAccess(world.state, key), r.Policy, r.BypassPolicyLockoutSafetyCheck);
    if (origin === 'AWS_KMS') {
      const material = await addKeyMaterial(world, key, ctx.now);
      ctx.crypto({ step: 'generate-key-material', keyArn: key.arn, keyMaterialId: material.keyMaterialId, ...(keySpec !== 'SYMMETRIC_DEFAULT' ? { keySpec } : {}) });
    }
    world.state.keys[key.arn] = key;
    ctx.touch(key);
    ctx.stateChange(key, null, key.keyState);
    return { KeyMetadata: keyMetadata(key, world.state) };
  },
};

export const DescribeKey: OperationDefinition<'DescribeKey'> = {
  readOnly: true,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'any', state: 'any-state' });
    return { KeyMetadata: keyMetadata(key, ctx.world.state) };
  },
};

export const ListKeys: OperationDefinition<'ListKeys'> = {
  readOnly: true,
  auditResponse: 'response',
  async run(ctx, r) {
    await ctx.authorize({});
    const keys = ctx.world.keysIn(ctx.caller.accountId, ctx.region);
    const page = paginate('ListKeys', keys, (k) => k.seq, r.Limit ?? 100, r.Marker);
    return {
      Keys: page.items.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })),
      Truncated: page.Truncated,
      ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}),
    };
  },
};

export const UpdateKeyDescription: OperationDefinition<'UpdateKeyDescription'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'not-pending-deletion' });
    key.description = r.Description;
    return {};
  },
};

export const EnableKey: OperationDefinition<'EnableKey'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'enable-disable' });
    if (key.keyState === 'Disabled') {
      key.keyState = 'Enabled';
      ctx.stateChange(key, 'Disabled', 'Enabled');
      // §5: a disabled key does not rotate; once re-enabled, an overdue rotation happens at once.
      const next = key.rotation.nextRotationDate;
      if (key.rotation.enabled && next !== undefined && next <= ctx.now) {
        ctx.crypto(await rotateKeyMaterial(ctx.world, key, ctx.now, 'AUTOMATIC'));
        key.rotation.nextRotationDate = ctx.now + (key.rotation.periodInDays ?? 365) * MS_PER_DAY;
        ctx.afterAudit(serviceEvent(ctx.world, 'RotateKey', key, ctx.now, { rotationType: 'AUTOMATIC', keyMaterialId: key.currentKeyMaterialId }));
      }
    }
    return {};
  },
};

export const DisableKey: OperationDefinition<'DisableKey'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'enable-disable' });
    if (key.keyState === 'Enabled') {
      key.keyState = 'Disabled';
      ctx.stateChange(key, 'Enabled', 'Disabled');
    }
    return {};
  },
};

export const ScheduleKeyDeletion: OperationDefinition<'ScheduleKeyDeletion'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const days = r.PendingWindowInDays ?? 30;
    // The service enforces 7–30 days although the model allows 1–365 (AWS's wording, seen in SDK logs).
    if (!Number.isInteger(days) || days < 7 || days > 30) throw validation('PendingWindowInDays must be between 7 and 30');
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'schedule-deletion' });
    const from = key.keyState;
    key.pendingDeletionWindowInDays = days;
    // §4: a multi-Region primary with replicas waits in PendingReplicaDeletion until its last replica is deleted.
    if (replicasOf(ctx.world, key).length > 0) {
      key.keyState = 'PendingReplicaDeletion';
      delete key.deletionDate;
      ctx.stateChange(key, from, 'PendingReplicaDeletion');
      return { KeyId: key.arn, KeyState: key.keyState, PendingWindowInDays: days } as ScheduleKeyDeletionResponse;
    }
    key.keyState = 'PendingDeletion';
    key.deletionDate = ctx.now + days * MS_PER_DAY;
    ctx.stateChange(key, from, 'PendingDeletion');
    return { KeyId: key.arn, DeletionDate: new Date(key.deletionDate), KeyState: key.keyState, PendingWindowInDays: days };
  },
};

export const CancelKeyDeletion: OperationDefinition<'CancelKeyDeletion'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'cancel-deletion' });
    // A canceled deletion leaves the key Disabled, not Enabled (§4); a key that never had material
    // goes back to waiting for its import.
    const to = key.origin === 'EXTERNAL' && !key.materials.some((m) => m.imported?.importState === 'IMPORTED') ? 'PendingImport' : 'Disabled';
    ctx.stateChange(key, key.keyState, to);
    key.keyState = to;
    delete key.deletionDate;
    delete key.pendingDeletionWindowInDays;
    return { KeyId: key.arn };
  },
};
