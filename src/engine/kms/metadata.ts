// KeyMetadata as DescribeKey, CreateKey and friends return it (kms-behaviour.md §2, §4; the
// LocalStack snapshots recorded against AWS). `Enabled` is true only in state Enabled;
// DeletionDate and PendingDeletionWindowInDays appear only while the key is pending deletion;
// EncryptionAlgorithms only for ENCRYPT_DECRYPT keys; single-Region keys show MultiRegion false and
// no MultiRegionConfiguration.
import type { KeyMetadata, MultiRegionConfiguration } from '../types';
import { accountRootArn, parseKmsArn } from '../world/arn';
import type { KeyRecord, WorldState } from '../world/state';
import { encryptionAlgorithmsFor, keyAgreementAlgorithmsFor, macAlgorithmsFor, signingAlgorithmsFor } from './specs';

/**
 * A multi-Region key's family as DescribeKey shows it (AWS-validated LocalStack snapshot): the
 * primary and every replica, from whichever member is described. Replicas pending deletion are
 * still listed; deleted ones are not.
 */
function multiRegionConfiguration(state: WorldState, key: KeyRecord): MultiRegionConfiguration | undefined {
  const info = key.multiRegionInfo;
  if (!key.multiRegion || !info) return undefined;
  const region = (arn: string) => parseKmsArn(arn)?.region ?? '';
  const replicas = Object.values(state.keys)
    .filter((k) => k.multiRegionInfo?.keyType === 'REPLICA' && k.keyId === key.keyId && k.accountId === key.accountId && k.multiRegionInfo.primaryArn === info.primaryArn)
    .sort((a, b) => a.seq - b.seq)
    .map((k) => ({ Arn: k.arn, Region: k.region }));
  return { MultiRegionKeyType: info.keyType, PrimaryKey: { Arn: info.primaryArn, Region: region(info.primaryArn) }, ReplicaKeys: replicas };
}

/** ValidTo / ExpirationModel of an EXTERNAL key's current imported material. */
function importFields(key: KeyRecord): Pick<KeyMetadata, 'ValidTo' | 'ExpirationModel'> {
  if (key.origin !== 'EXTERNAL') return {};
  const current = key.materials.find((m) => m.keyMaterialId === key.currentKeyMaterialId)?.imported;
  if (!current || current.importState !== 'IMPORTED') return {};
  return {
    ExpirationModel: current.expirationModel,
    ...(current.validTo !== undefined ? { ValidTo: new Date(current.validTo) } : {}),
  };
}

export function keyMetadata(key: KeyRecord, state?: WorldState): KeyMetadata {
  const pendingDeletion = key.keyState === 'PendingDeletion' || key.keyState === 'PendingReplicaDeletion';
  return {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.creationDate),
    Enabled: key.keyState === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.keyState,
    ...(pendingDeletion && key.deletionDate !== undefined ? { DeletionDate: new Date(key.deletionDate) } : {}),
    Origin: key.origin,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    ...(key.keyUsage === 'ENCRYPT_DECRYPT' ? { EncryptionAlgorithms: encryptionAlgorithmsFor(key.keySpec) } : {}),
    ...(key.keyUsage === 'SIGN_VERIFY' ? { SigningAlgorithms: signingAlgorithmsFor(key.keySpec) } : {}),
    ...(key.keyUsage === 'GENERATE_VERIFY_MAC' ? { MacAlgorithms: macAlgorithmsFor(key.keySpec) } : {}),
    ...(key.keyUsage === 'KEY_AGREEMENT' ? { KeyAgreementAlgorithms: keyAgreementAlgorithmsFor(key.keySpec) } : {}),
    ...importFields(key),
    MultiRegion: key.multiRegion,
    ...(state && key.multiRegion ? { MultiRegionConfiguration: multiRegionConfiguration(state, key) } : {}),
    ...(pendingDeletion && key.pendingDeletionWindowInDays !== undefined ? { PendingDeletionWindowInDays: key.pendingDeletionWindowInDays } : {}),
    ...(key.currentKeyMaterialId ? { CurrentKeyMaterialId: key.currentKeyMaterialId } : {}),
  };
}

/**
 * The default key policy of a key created through the API without a Policy, verbatim from AWS
 * (botocore examples-1.json, kms-behaviour.md §10): it lets the account's IAM policies govern the key.
 */
export function defaultKeyPolicy(accountId: string, partition = 'aws'): string {
  return `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"${accountRootArn(accountId, partition)}"},"Action":"kms:*","Resource":"*"}]}`;
}
