// Key rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand,
// ListKeyRotations (kms-behaviour.md §5). Rotation changes only the key material: the key id, ARN,
// policy and aliases stay; old material keeps decrypting what it encrypted. Automatic rotation
// happens when the simulated clock passes NextRotationDate (world/time.ts).
import { KmsError, originNotValid } from '../../errors';
import { MS_PER_DAY } from '../../ports';
import { rotateKeyMaterial } from '../material';
import { paginate } from '../paging';
import type { OperationDefinition } from '../pipeline';
import { checkKeyId, checkPaging } from '../validate';

export const DEFAULT_ROTATION_PERIOD_DAYS = 365;
export const MAX_ON_DEMAND_ROTATIONS = 25;
/** RotateKeyOnDemand is refused while an automatic rotation is due this soon. */
const CONFLICT_WINDOW_MS = 20 * 60_000;

export const EnableKeyRotation: OperationDefinition<'EnableKeyRotation'> = {
  readOnly: false,
  auditResponse: 'response',
  validate(r, v) {
    checkKeyId(v, 'keyId', r.KeyId);
    v.range('rotationPeriodInDays', r.RotationPeriodInDays, 90, 2560);
  },
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'rotation-settings' });
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
  validate(r, v) {
    checkKeyId(v, 'keyId', r.KeyId);
  },
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'rotation-settings' });
    key.rotation.enabled = false;
    delete key.rotation.nextRotationDate;
    return {};
  },
};

export const GetKeyRotationStatus: OperationDefinition<'GetKeyRotationStatus'> = {
  readOnly: true,
  auditResponse: 'response',
  validate(r, v) {
    checkKeyId(v, 'keyId', r.KeyId);
  },
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'rotation-status' });
    const rotation = key.rotation;
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
  validate(r, v) {
    checkKeyId(v, 'keyId', r.KeyId);
  },
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'rotate-on-demand' });
    ctx.stage = 'perform';
    if (key.origin !== 'AWS_KMS') throw originNotValid(key.arn, key.origin);
    const next = key.rotation.nextRotationDate;
    if (key.rotation.enabled && next !== undefined && next - ctx.now <= CONFLICT_WINDOW_MS)
      throw new KmsError('ConflictException', `An automatic rotation of ${key.arn} is in progress or scheduled within the next 20 minutes. Try again later.`);
    if (key.rotation.onDemandCount >= MAX_ON_DEMAND_ROTATIONS)
      throw new KmsError(
        'LimitExceededException',
        `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
      );
    // On-demand rotations do not move the automatic schedule (§5). They complete at once here.
    ctx.crypto(await rotateKeyMaterial(ctx.world, key, ctx.now, 'ON_DEMAND'));
    key.rotation.onDemandCount += 1;
    return { KeyId: key.arn };
  },
};

export const ListKeyRotations: OperationDefinition<'ListKeyRotations'> = {
  readOnly: true,
  auditResponse: 'response',
  validate(r, v) {
    checkKeyId(v, 'keyId', r.KeyId);
    v.enumeration('includeKeyMaterial', r.IncludeKeyMaterial, ['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY']);
    checkPaging(v, r.Limit, r.Marker, 1000);
  },
  async run(ctx, r) {
    const key = await ctx.useKey(r.KeyId, { forms: 'key-id-or-arn', state: 'any-state' });
    // ROTATIONS_ONLY (the default) lists completed rotations; ALL_KEY_MATERIAL adds the original material.
    const all = r.IncludeKeyMaterial === 'ALL_KEY_MATERIAL';
    const entries = key.materials.map((m, i) => ({ m, i })).filter(({ m }) => all || m.rotationDate !== undefined);
    const page = paginate(`ListKeyRotations:${key.arn}`, entries, (e) => e.i, r.Limit ?? 100, r.Marker);
    return {
      Rotations: page.items.map(({ m }) => ({
        KeyId: key.arn,
        KeyMaterialId: m.keyMaterialId,
        KeyMaterialState: m.keyMaterialId === key.currentKeyMaterialId ? ('CURRENT' as const) : ('NON_CURRENT' as const),
        ...(m.rotationDate !== undefined ? { RotationDate: new Date(m.rotationDate), RotationType: m.rotationType } : {}),
      })),
      Truncated: page.Truncated,
      ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}),
    };
  },
};
