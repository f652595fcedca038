// Key rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand,
// ListKeyRotations (kms-behaviour.md §5). Rotation changes only the key material: the key id, ARN,
// policy and aliases stay; old material keeps decrypting what it encrypted. Automatic rotation
// happens when the simulated clock passes NextRotationDate (world/time.ts).
import { KmsError, originNotValid } from '../../errors';
import { MS_PER_DAY } from '../../ports';
import { rotateKeyMaterial } from '../material';
import { paginate } from '../paging';
import type { OperationDefinition } from '../operation';

const DEFAULT_ROTATION_PERIOD_DAYS = 365;
const MAX_ON_DEMAND_ROTATIONS = 25;
/** RotateKeyOnDemand is refused while an automatic rotation is due this soon. */
const CONFLICT_WINDOW_MS = 20 * 60_000;

const rotationLimit = (arn: string) =>
  new KmsError(
    'LimitExceededException',
    `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${arn}`,
  );

/** Asymmetric and HMAC keys never rotate (§5). */
const specNotValid = (arn: string, spec: string) =>
  new KmsError('UnsupportedOperationException', `${arn} key spec is ${spec} which is not valid for this operation.`);

/** AWS managed keys rotate every year by themselves; customers cannot change that (§5, §13). */
const awsManaged = (arn: string) =>
  new KmsError('UnsupportedOperationException', `${arn} is an AWS managed key. Its rotation is managed by AWS (every year) and cannot be changed.`);

export const EnableKeyRotation: OperationDefinition<'EnableKeyRotation'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'rotation-settings' });
    ctx.stage = 'perform';
    if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw specNotValid(key.arn, key.keySpec);
    if (key.keyManager === 'AWS') throw awsManaged(key.arn);
    if (key.multiRegionInfo?.keyType === 'REPLICA')
      throw new KmsError('UnsupportedOperationException', `${key.arn} is a multi-Region replica key. Set automatic rotation on its primary key, ${key.multiRegionInfo.primaryArn}.`);
    const period = r.RotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS;
    const rotation = key.rotation;
    if (rotation.enabled && rotation.nextRotationDate !== undefined) {
      // A new period on an already-rotating key counts from the same starting point (the last
      // rotation or the enable date); if that is already past, the rotation is due now.
      const anchor = rotation.nextRotationDate - (rotation.periodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS) * MS_PER_DAY;
      rotation.nextRotationDate = Math.max(anchor + period * MS_PER_DAY, ctx.now);
    } else {
      // The first automatic rotation comes one period after the enable date.
      rotation.nextRotationDate = ctx.now + period * MS_PER_DAY;
    }
    rotation.enabled = true;
    rotation.periodInDays = period;
    return {};
  },
};

export const DisableKeyRotation: OperationDefinition<'DisableKeyRotation'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'rotation-settings' });
    ctx.stage = 'perform';
    if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw specNotValid(key.arn, key.keySpec);
    if (key.keyManager === 'AWS') throw awsManaged(key.arn);
    if (key.multiRegionInfo?.keyType === 'REPLICA')
      throw new KmsError('UnsupportedOperationException', `${key.arn} is a multi-Region replica key. Set automatic rotation on its primary key, ${key.multiRegionInfo.primaryArn}.`);
    key.rotation.enabled = false;
    delete key.rotation.nextRotationDate;
    return {};
  },
};

export const GetKeyRotationStatus: OperationDefinition<'GetKeyRotationStatus'> = {
  readOnly: true,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'rotation-status' });
    // A replica's rotation follows its primary's (§12: the automatic-rotation setting is shared).
    const primary = key.multiRegionInfo?.keyType === 'REPLICA' ? ctx.world.getKey(key.multiRegionInfo.primaryArn) : undefined;
    const rotation = (primary ?? key).rotation;
    // §5: a key pending deletion reports false; canceling the deletion restores the setting.
    const enabled = rotation.enabled && key.keyState !== 'PendingDeletion' && key.keyState !== 'PendingReplicaDeletion';
    return {
      KeyRotationEnabled: enabled,
      KeyId: key.arn,
      ...(enabled && rotation.periodInDays !== undefined ? { RotationPeriodInDays: rotation.periodInDays } : {}),
      ...(enabled && rotation.nextRotationDate !== undefined ? { NextRotationDate: new Date(rotation.nextRotationDate) } : {}),
      ...(rotation.onDemandRotationStartDate !== undefined ? { OnDemandRotationStartDate: new Date(rotation.onDemandRotationStartDate) } : {}),
    };
  },
};

export const RotateKeyOnDemand: OperationDefinition<'RotateKeyOnDemand'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'rotate-on-demand' });
    ctx.stage = 'perform';
    // §12: a multi-Region family shares one material; only its primary rotates, and the new version
    // is every replica's at once (material.ts). Refusing a replica keeps the family in step.
    // The API reference says a replica cannot be rotated on demand; the message is not AWS-validated.
    if (key.multiRegionInfo?.keyType === 'REPLICA')
      throw new KmsError('UnsupportedOperationException', `${key.arn} is a multi-Region replica key. Rotate its primary key, ${key.multiRegionInfo.primaryArn}, on demand.`);
    if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw specNotValid(key.arn, key.keySpec);
    if (key.origin === 'EXTERNAL') {
      // §5, §11: an imported key rotates to the material imported with ImportType NEW_KEY_MATERIAL.
      const pending = key.materials.find((m) => m.pendingRotation);
      if (!pending)
        throw new KmsError('KMSInvalidStateException', `${key.arn} has no key material pending rotation. Import new key material with ImportType NEW_KEY_MATERIAL first.`);
      if (key.rotation.onDemandCount >= MAX_ON_DEMAND_ROTATIONS) throw rotationLimit(key.arn);
      const from = key.currentKeyMaterialId;
      delete pending.pendingRotation;
      pending.rotationDate = ctx.now;
      pending.rotationType = 'ON_DEMAND';
      key.currentKeyMaterialId = pending.keyMaterialId;
      key.rotation.onDemandCount += 1;
      ctx.crypto({ step: 'rotate', keyArn: key.arn, fromKeyMaterialId: from, toKeyMaterialId: pending.keyMaterialId, rotationType: 'ON_DEMAND' });
      return { KeyId: key.arn };
    }
    if (key.origin !== 'AWS_KMS') throw originNotValid(key.arn, key.origin);
    const next = key.rotation.nextRotationDate;
    if (key.rotation.enabled && next !== undefined && next - ctx.now <= CONFLICT_WINDOW_MS)
      throw new KmsError('ConflictException', `An automatic rotation of ${key.arn} is in progress or scheduled within the next 20 minutes. Try again later.`);
    if (key.rotation.onDemandCount >= MAX_ON_DEMAND_ROTATIONS) throw rotationLimit(key.arn);
    // On-demand rotations do not move the automatic schedule (§5). They complete at once here.
    ctx.crypto(await rotateKeyMaterial(ctx.world, key, ctx.now, 'ON_DEMAND'));
    key.rotation.onDemandCount += 1;
    return { KeyId: key.arn };
  },
};

export const ListKeyRotations: OperationDefinition<'ListKeyRotations'> = {
  readOnly: true,
  auditResponse: 'response',
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'any-state' });
    // ROTATIONS_ONLY (the default) lists completed rotations; ALL_KEY_MATERIAL adds the original material.
    const all = r.IncludeKeyMaterial === 'ALL_KEY_MATERIAL';
    // Imported material waiting for RotateKeyOnDemand appears only with ALL_KEY_MATERIAL.
    const entries = key.materials.map((m, i) => ({ m, i })).filter(({ m }) => all || m.rotationDate !== undefined);
    const page = paginate(`ListKeyRotations:${key.arn}`, entries, (e) => e.i, r.Limit ?? 100, r.Marker);
    return {
      Rotations: page.items.map(({ m }) => ({
        KeyId: key.arn,
        KeyMaterialId: m.keyMaterialId,
        ...(m.imported?.description !== undefined ? { KeyMaterialDescription: m.imported.description } : {}),
        ...(m.imported ? { ImportState: m.imported.importState } : {}),
        KeyMaterialState: m.pendingRotation
          ? ('PENDING_ROTATION' as const)
          : m.keyMaterialId === key.currentKeyMaterialId
            ? ('CURRENT' as const)
            : ('NON_CURRENT' as const),
        ...(m.imported?.expirationModel ? { ExpirationModel: m.imported.expirationModel } : {}),
        ...(m.imported?.validTo !== undefined ? { ValidTo: new Date(m.imported.validTo) } : {}),
        ...(m.rotationDate !== undefined ? { RotationDate: new Date(m.rotationDate), RotationType: m.rotationType } : {}),
      })),
      Truncated: page.Truncated,
      ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}),
    };
  },
};
