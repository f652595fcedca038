// Multi-Region keys: ReplicateKey and UpdatePrimaryRegion (kms-behaviour.md §4, §12).
//
// Keys never leave their Region — except a multi-Region key, which has related copies in other
// Regions with the same key id and the same key material, so a ciphertext made in one Region
// decrypts in another. Policy, description, tags, aliases, grants and key state stay per Region.
import { KmsError, validation } from '../../errors';
import { keyArn, REGION_PATTERN } from '../../world/arn';
import type { KeyRecord } from '../../world/state';
import { checkNewKeyPolicy } from '../key-policy-checks';
import { defaultKeyPolicy, keyMetadata } from '../metadata';
import { replicasOf } from '../material';
import type { OperationDefinition } from '../operation';
import { keyForAccess } from '../policy-authorizer';

import { checkPolicyDocument } from './policy';
import { checkTagSemantics } from './tags';

export const ReplicateKey: OperationDefinition<'ReplicateKey'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const { key: primary } = ctx.resolve('KeyId', r.KeyId, 'key-id-or-arn');
    ctx.stage = 'check-usage';
    // AWS-validated: only a multi-Region primary can be replicated.
    if (primary.multiRegionInfo?.keyType !== 'PRIMARY') throw new KmsError('UnsupportedOperationException', `${primary.arn} is not a multi-region primary key.`);
    ctx.checkState(primary, 'replicate');
    if (!REGION_PATTERN.test(r.ReplicaRegion)) throw validation(`${r.ReplicaRegion} is not a valid Region.`);
    if (r.ReplicaRegion === primary.region) throw validation(`The replica Region ${r.ReplicaRegion} must be different from the primary key's Region.`);
    const arn = keyArn(r.ReplicaRegion, primary.accountId, primary.keyId);
    if (ctx.world.getKey(arn)) throw new KmsError('AlreadyExistsException', `Replica key ${arn} already exists.`);
    checkTagSemantics(r.Tags ?? []);
    if (r.Policy !== undefined) checkPolicyDocument(r.Policy);
    // kms:ReplicateKey on the primary; AWS also requires kms:CreateKey in the replica Region (IAM).
    await ctx.authorize({ key: primary, keyIdAsSent: r.KeyId });
    await ctx.authorize({ action: 'kms:CreateKey', resources: ['*'] });

    ctx.stage = 'perform';
    const world = ctx.world;
    const replica: KeyRecord = {
      arn,
      keyId: primary.keyId,
      accountId: primary.accountId,
      region: r.ReplicaRegion,
      partition: primary.partition,
      seq: ++world.state.counters.keys,
      creationDate: ctx.now,
      description: r.Description ?? '',
      keyUsage: primary.keyUsage,
      keySpec: primary.keySpec,
      origin: primary.origin,
      keyManager: primary.keyManager,
      keyState: 'Creating',
      multiRegion: true,
      multiRegionInfo: { keyType: 'REPLICA', primaryArn: primary.arn },
      policy: r.Policy ?? defaultKeyPolicy(primary.accountId, primary.partition),
      tags: (r.Tags ?? []).map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })),
      // §12: the same material (imported-material replicas start with none: the same material is imported into each).
      materials: primary.origin === 'EXTERNAL' ? [] : primary.materials.map((m) => ({ ...m })),
      ...(primary.origin === 'EXTERNAL' ? {} : { currentKeyMaterialId: primary.currentKeyMaterialId }),
      rotation: { enabled: false, onDemandCount: 0 },
    };
    if (r.Policy !== undefined)
      checkNewKeyPolicy(world, ctx.caller.arn, ctx.client.context, keyForAccess(world.state, replica), r.Policy, r.BypassPolicyLockoutSafetyCheck);
    world.state.keys[arn] = replica;
    ctx.touch(replica);
    ctx.stateChange(replica, null, 'Creating');
    ctx.crypto({ step: 'replicate', fromKeyArn: primary.arn, toKeyArn: arn, replicaRegion: r.ReplicaRegion, keyMaterialIds: replica.materials.map((m) => m.keyMaterialId) });
    // AWS answers while the replica is still Creating (AWS-validated snapshot); here creation then completes at once.
    const metadata = keyMetadata(replica, world.state);
    const done = primary.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled';
    replica.keyState = done;
    ctx.stateChange(replica, 'Creating', done);
    return { ReplicaKeyMetadata: metadata, ReplicaPolicy: replica.policy, ReplicaTags: replica.tags.map((t) => ({ ...t })) };
  },
};

export const UpdatePrimaryRegion: OperationDefinition<'UpdatePrimaryRegion'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    const { key: primary } = ctx.resolve('KeyId', r.KeyId, 'key-id-or-arn');
    ctx.stage = 'check-usage';
    if (primary.multiRegionInfo?.keyType !== 'PRIMARY') throw new KmsError('UnsupportedOperationException', `${primary.arn} is not a multi-region primary key.`);
    ctx.checkState(primary, 'update-primary-region');
    const target = replicasOf(ctx.world, primary).find((k) => k.region === r.PrimaryRegion);
    if (!target) throw new KmsError('NotFoundException', `Key '${keyArn(r.PrimaryRegion, primary.accountId, primary.keyId)}' does not exist`);
    ctx.checkState(target, 'update-primary-region');
    // kms:UpdatePrimaryRegion on both keys (§1).
    await ctx.authorize({ key: primary, keyIdAsSent: r.KeyId });
    await ctx.authorize({ key: target });
    ctx.touch(target);
    ctx.stage = 'perform';
    // Both keys are Updating for a while in AWS; here the change completes at once (visible in the trace).
    for (const k of [primary, target]) ctx.stateChange(k, k.keyState, 'Updating');
    const family = [primary, ...replicasOf(ctx.world, primary)];
    for (const k of family) k.multiRegionInfo = { keyType: k === target ? 'PRIMARY' : 'REPLICA', primaryArn: target.arn };
    // The automatic-rotation setting belongs to the primary (§5, §12).
    target.rotation = { ...primary.rotation };
    primary.rotation = { enabled: false, onDemandCount: primary.rotation.onDemandCount };
    for (const k of [primary, target]) ctx.stateChange(k, 'Updating', k.keyState);
    return {};
  },
};
