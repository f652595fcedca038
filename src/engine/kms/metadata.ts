// KeyMetadata as DescribeKey, CreateKey and friends return it (kms-behaviour.md §2, §4; the
// LocalStack snapshots recorded against AWS). `Enabled` is true only in state Enabled;
// DeletionDate and PendingDeletionWindowInDays appear only while the key is pending deletion;
// EncryptionAlgorithms only for ENCRYPT_DECRYPT keys; single-Region keys show MultiRegion false and
// no MultiRegionConfiguration.
import type { KeyMetadata } from '../types';
import { accountRootArn } from '../world/arn';
import type { KeyRecord } from '../world/state';

export function keyMetadata(key: KeyRecord): KeyMetadata {
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
    ...(key.keyUsage === 'ENCRYPT_DECRYPT' ? { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT' as const] } : {}),
    MultiRegion: key.multiRegion,
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
