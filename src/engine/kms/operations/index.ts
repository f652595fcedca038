// Every implemented operation by AWS name. The pipeline (../pipeline.ts) runs them.
import type { OperationName } from '../../types';
import type { OperationDefinition } from '../operation';
import { CreateAlias, DeleteAlias, ListAliases, UpdateAlias } from './aliases';
import { Decrypt, Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom, ReEncrypt } from './crypto';
import { CancelKeyDeletion, CreateKey, DescribeKey, DisableKey, EnableKey, ListKeys, ScheduleKeyDeletion, UpdateKeyDescription } from './keys';
import { GetKeyPolicy, ListKeyPolicies, PutKeyPolicy } from './policy';
import { DisableKeyRotation, EnableKeyRotation, GetKeyRotationStatus, ListKeyRotations, RotateKeyOnDemand } from './rotation';
import { ListResourceTags, TagResource, UntagResource } from './tags';
import { DeriveSharedSecret, GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext, GenerateMac, GetPublicKey, Sign, Verify, VerifyMac } from './asymmetric';
import { CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant } from './grants';
import { DeleteImportedKeyMaterial, GetParametersForImport, ImportKeyMaterial } from './import';
import { ReplicateKey, UpdatePrimaryRegion } from './multi-region';
import { ConnectCustomKeyStore, CreateCustomKeyStore, DeleteCustomKeyStore, DescribeCustomKeyStores, DisconnectCustomKeyStore, UpdateCustomKeyStore } from './custom-key-stores';

export const OPERATIONS: { [Op in OperationName]: OperationDefinition<Op> } = {
  CreateKey,
  DescribeKey,
  ListKeys,
  UpdateKeyDescription,
  EnableKey,
  DisableKey,
  ScheduleKeyDeletion,
  CancelKeyDeletion,
  Encrypt,
  Decrypt,
  ReEncrypt,
  GenerateDataKey,
  GenerateDataKeyWithoutPlaintext,
  GenerateRandom,
  CreateAlias,
  UpdateAlias,
  DeleteAlias,
  ListAliases,
  TagResource,
  UntagResource,
  ListResourceTags,
  GetKeyPolicy,
  PutKeyPolicy,
  ListKeyPolicies,
  EnableKeyRotation,
  DisableKeyRotation,
  GetKeyRotationStatus,
  RotateKeyOnDemand,
  ListKeyRotations,
  Sign,
  Verify,
  GenerateMac,
  VerifyMac,
  GetPublicKey,
  DeriveSharedSecret,
  GenerateDataKeyPair,
  GenerateDataKeyPairWithoutPlaintext,
  GetParametersForImport,
  ImportKeyMaterial,
  DeleteImportedKeyMaterial,
  CreateGrant,
  ListGrants,
  ListRetirableGrants,
  RetireGrant,
  RevokeGrant,
  ReplicateKey,
  UpdatePrimaryRegion,
  ConnectCustomKeyStore,
  CreateCustomKeyStore,
  DeleteCustomKeyStore,
  DescribeCustomKeyStores,
  DisconnectCustomKeyStore,
  UpdateCustomKeyStore,
};

/** Every operation the engine implements, by name (for UIs that offer "any operation"). */
export const OPERATION_NAMES = (Object.keys(OPERATIONS) as OperationName[]).sort();
