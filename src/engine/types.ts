// Request and response shapes of the AWS KMS API (botocore kms/2014-11-01 service model), for the
// operations the engine implements. Names are AWS's; blobs are Uint8Array; timestamps are Date.

export type KeyState =
  | 'Creating'
  | 'Enabled'
  | 'Disabled'
  | 'PendingDeletion'
  | 'PendingImport'
  | 'PendingReplicaDeletion'
  | 'Unavailable'
  | 'Updating';
export type KeyUsageType = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT';
export type KeySpec =
  | 'RSA_2048'
  | 'RSA_3072'
  | 'RSA_4096'
  | 'ECC_NIST_P256'
  | 'ECC_NIST_P384'
  | 'ECC_NIST_P521'
  | 'ECC_SECG_P256K1'
  | 'SYMMETRIC_DEFAULT'
  | 'HMAC_224'
  | 'HMAC_256'
  | 'HMAC_384'
  | 'HMAC_512'
  | 'SM2'
  | 'ML_DSA_44'
  | 'ML_DSA_65'
  | 'ML_DSA_87'
  | 'ECC_NIST_EDWARDS25519';
export type OriginType = 'AWS_KMS' | 'EXTERNAL' | 'AWS_CLOUDHSM' | 'EXTERNAL_KEY_STORE';
export type KeyManagerType = 'AWS' | 'CUSTOMER';
export type EncryptionAlgorithmSpec = 'SYMMETRIC_DEFAULT' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'SM2PKE';
export type DataKeySpec = 'AES_256' | 'AES_128';
export type EncryptionContextType = Record<string, string>;
export type RotationType = 'AUTOMATIC' | 'ON_DEMAND';
export type KeyMaterialState = 'NON_CURRENT' | 'CURRENT' | 'PENDING_ROTATION';
export type IncludeKeyMaterial = 'ALL_KEY_MATERIAL' | 'ROTATIONS_ONLY';

export interface Tag {
  TagKey: string;
  TagValue: string;
}

export interface KeyMetadata {
  AWSAccountId: string;
  KeyId: string;
  Arn: string;
  CreationDate: Date;
  Enabled: boolean;
  Description: string;
  KeyUsage: KeyUsageType;
  KeyState: KeyState;
  DeletionDate?: Date;
  Origin: OriginType;
  KeyManager: KeyManagerType;
  /** Deprecated by AWS in favour of KeySpec; still returned with the same value. */
  CustomerMasterKeySpec: KeySpec;
  KeySpec: KeySpec;
  EncryptionAlgorithms?: EncryptionAlgorithmSpec[];
  MultiRegion: boolean;
  PendingDeletionWindowInDays?: number;
  CurrentKeyMaterialId?: string;
}

// ---- keys ----

export interface CreateKeyRequest {
  Policy?: string;
  Description?: string;
  KeyUsage?: KeyUsageType;
  /** Deprecated: use KeySpec. */
  CustomerMasterKeySpec?: KeySpec;
  KeySpec?: KeySpec;
  Origin?: OriginType;
  CustomKeyStoreId?: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
  Tags?: Tag[];
  MultiRegion?: boolean;
  XksKeyId?: string;
}
export interface CreateKeyResponse {
  KeyMetadata: KeyMetadata;
}
export interface DescribeKeyRequest {
  KeyId: string;
  GrantTokens?: string[];
}
export interface DescribeKeyResponse {
  KeyMetadata: KeyMetadata;
}
export interface ListKeysRequest {
  Limit?: number;
  Marker?: string;
}
export interface KeyListEntry {
  KeyId: string;
  KeyArn: string;
}
export interface ListKeysResponse {
  Keys: KeyListEntry[];
  NextMarker?: string;
  Truncated: boolean;
}
export interface UpdateKeyDescriptionRequest {
  KeyId: string;
  Description: string;
}
export type UpdateKeyDescriptionResponse = Record<string, never>;
export interface EnableKeyRequest {
  KeyId: string;
}
export type EnableKeyResponse = Record<string, never>;
export interface DisableKeyRequest {
  KeyId: string;
}
export type DisableKeyResponse = Record<string, never>;
export interface ScheduleKeyDeletionRequest {
  KeyId: string;
  PendingWindowInDays?: number;
}
export interface ScheduleKeyDeletionResponse {
  KeyId: string;
  DeletionDate: Date;
  KeyState: KeyState;
  PendingWindowInDays: number;
}
export interface CancelKeyDeletionRequest {
  KeyId: string;
}
export interface CancelKeyDeletionResponse {
  KeyId: string;
}

// ---- cryptography ----

export interface EncryptRequest {
  KeyId: string;
  Plaintext: Uint8Array;
  EncryptionContext?: EncryptionContextType;
  GrantTokens?: string[];
  EncryptionAlgorithm?: EncryptionAlgorithmSpec;
  DryRun?: boolean;
}
export interface EncryptResponse {
  CiphertextBlob: Uint8Array;
  KeyId: string;
  EncryptionAlgorithm: EncryptionAlgorithmSpec;
}
export type DryRunModifierType = 'IGNORE_CIPHERTEXT';
export interface RecipientInfo {
  KeyEncryptionAlgorithm?: 'RSAES_OAEP_SHA_256';
  AttestationDocument?: Uint8Array;
}
export interface DecryptRequest {
  CiphertextBlob: Uint8Array;
  EncryptionContext?: EncryptionContextType;
  GrantTokens?: string[];
  KeyId?: string;
  EncryptionAlgorithm?: EncryptionAlgorithmSpec;
  Recipient?: RecipientInfo;
  DryRun?: boolean;
  DryRunModifiers?: DryRunModifierType[];
}
export interface DecryptResponse {
  KeyId: string;
  Plaintext: Uint8Array;
  EncryptionAlgorithm: EncryptionAlgorithmSpec;
  KeyMaterialId: string;
}
export interface ReEncryptRequest {
  CiphertextBlob: Uint8Array;
  SourceEncryptionContext?: EncryptionContextType;
  SourceKeyId?: string;
  DestinationKeyId: string;
  DestinationEncryptionContext?: EncryptionContextType;
  SourceEncryptionAlgorithm?: EncryptionAlgorithmSpec;
  DestinationEncryptionAlgorithm?: EncryptionAlgorithmSpec;
  GrantTokens?: string[];
  DryRun?: boolean;
  DryRunModifiers?: DryRunModifierType[];
}
export interface ReEncryptResponse {
  CiphertextBlob: Uint8Array;
  SourceKeyId: string;
  KeyId: string;
  SourceEncryptionAlgorithm: EncryptionAlgorithmSpec;
  DestinationEncryptionAlgorithm: EncryptionAlgorithmSpec;
  SourceKeyMaterialId: string;
  DestinationKeyMaterialId: string;
}
export interface GenerateDataKeyRequest {
  KeyId: string;
  EncryptionContext?: EncryptionContextType;
  NumberOfBytes?: number;
  KeySpec?: DataKeySpec;
  GrantTokens?: string[];
  Recipient?: RecipientInfo;
  DryRun?: boolean;
}
export interface GenerateDataKeyResponse {
  CiphertextBlob: Uint8Array;
  Plaintext: Uint8Array;
  KeyId: string;
  KeyMaterialId: string;
}
export interface GenerateDataKeyWithoutPlaintextRequest {
  KeyId: string;
  EncryptionContext?: EncryptionContextType;
  KeySpec?: DataKeySpec;
  NumberOfBytes?: number;
  GrantTokens?: string[];
  DryRun?: boolean;
}
export interface GenerateDataKeyWithoutPlaintextResponse {
  CiphertextBlob: Uint8Array;
  KeyId: string;
  KeyMaterialId: string;
}
export interface GenerateRandomRequest {
  NumberOfBytes?: number;
  CustomKeyStoreId?: string;
  Recipient?: RecipientInfo;
}
export interface GenerateRandomResponse {
  Plaintext: Uint8Array;
}

// ---- aliases ----

export interface CreateAliasRequest {
  AliasName: string;
  TargetKeyId: string;
}
export type CreateAliasResponse = Record<string, never>;
export interface UpdateAliasRequest {
  AliasName: string;
  TargetKeyId: string;
}
export type UpdateAliasResponse = Record<string, never>;
export interface DeleteAliasRequest {
  AliasName: string;
}
export type DeleteAliasResponse = Record<string, never>;
export interface ListAliasesRequest {
  KeyId?: string;
  Limit?: number;
  Marker?: string;
}
export interface AliasListEntry {
  AliasName: string;
  AliasArn: string;
  /** The key ID (not the ARN), as AWS returns it. */
  TargetKeyId?: string;
  CreationDate?: Date;
  LastUpdatedDate?: Date;
}
export interface ListAliasesResponse {
  Aliases: AliasListEntry[];
  NextMarker?: string;
  Truncated: boolean;
}

// ---- tags ----

export interface TagResourceRequest {
  KeyId: string;
  Tags: Tag[];
}
export type TagResourceResponse = Record<string, never>;
export interface UntagResourceRequest {
  KeyId: string;
  TagKeys: string[];
}
export type UntagResourceResponse = Record<string, never>;
export interface ListResourceTagsRequest {
  KeyId: string;
  Limit?: number;
  Marker?: string;
}
export interface ListResourceTagsResponse {
  Tags: Tag[];
  NextMarker?: string;
  Truncated: boolean;
}

// ---- key policy ----

export interface GetKeyPolicyRequest {
  KeyId: string;
  /** Optional since 2024; the only valid name is `default`. */
  PolicyName?: string;
}
export interface GetKeyPolicyResponse {
  Policy: string;
  PolicyName: string;
}
export interface PutKeyPolicyRequest {
  KeyId: string;
  PolicyName?: string;
  Policy: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
}
export type PutKeyPolicyResponse = Record<string, never>;
export interface ListKeyPoliciesRequest {
  KeyId: string;
  Limit?: number;
  Marker?: string;
}
export interface ListKeyPoliciesResponse {
  PolicyNames: string[];
  NextMarker?: string;
  Truncated: boolean;
}

// ---- rotation ----

export interface EnableKeyRotationRequest {
  KeyId: string;
  RotationPeriodInDays?: number;
}
export type EnableKeyRotationResponse = Record<string, never>;
export interface DisableKeyRotationRequest {
  KeyId: string;
}
export type DisableKeyRotationResponse = Record<string, never>;
export interface GetKeyRotationStatusRequest {
  KeyId: string;
}
export interface GetKeyRotationStatusResponse {
  KeyRotationEnabled: boolean;
  KeyId: string;
  RotationPeriodInDays?: number;
  NextRotationDate?: Date;
  OnDemandRotationStartDate?: Date;
}
export interface RotateKeyOnDemandRequest {
  KeyId: string;
}
export interface RotateKeyOnDemandResponse {
  KeyId: string;
}
export interface ListKeyRotationsRequest {
  KeyId: string;
  IncludeKeyMaterial?: IncludeKeyMaterial;
  Limit?: number;
  Marker?: string;
}
export interface RotationsListEntry {
  KeyId: string;
  KeyMaterialId?: string;
  KeyMaterialDescription?: string;
  ImportState?: 'IMPORTED' | 'PENDING_IMPORT';
  KeyMaterialState?: KeyMaterialState;
  ExpirationModel?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  ValidTo?: Date;
  RotationDate?: Date;
  RotationType?: RotationType;
}
export interface ListKeyRotationsResponse {
  Rotations: RotationsListEntry[];
  NextMarker?: string;
  Truncated: boolean;
}

/** Every implemented operation: its request and response types, by AWS operation name. */
export interface KmsOperations {
  CreateKey: [CreateKeyRequest, CreateKeyResponse];
  DescribeKey: [DescribeKeyRequest, DescribeKeyResponse];
  ListKeys: [ListKeysRequest, ListKeysResponse];
  UpdateKeyDescription: [UpdateKeyDescriptionRequest, UpdateKeyDescriptionResponse];
  EnableKey: [EnableKeyRequest, EnableKeyResponse];
  DisableKey: [DisableKeyRequest, DisableKeyResponse];
  ScheduleKeyDeletion: [ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse];
  CancelKeyDeletion: [CancelKeyDeletionRequest, CancelKeyDeletionResponse];
  Encrypt: [EncryptRequest, EncryptResponse];
  Decrypt: [DecryptRequest, DecryptResponse];
  ReEncrypt: [ReEncryptRequest, ReEncryptResponse];
  GenerateDataKey: [GenerateDataKeyRequest, GenerateDataKeyResponse];
  GenerateDataKeyWithoutPlaintext: [GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse];
  GenerateRandom: [GenerateRandomRequest, GenerateRandomResponse];
  CreateAlias: [CreateAliasRequest, CreateAliasResponse];
  UpdateAlias: [UpdateAliasRequest, UpdateAliasResponse];
  DeleteAlias: [DeleteAliasRequest, DeleteAliasResponse];
  ListAliases: [ListAliasesRequest, ListAliasesResponse];
  TagResource: [TagResourceRequest, TagResourceResponse];
  UntagResource: [UntagResourceRequest, UntagResourceResponse];
  ListResourceTags: [ListResourceTagsRequest, ListResourceTagsResponse];
  GetKeyPolicy: [GetKeyPolicyRequest, GetKeyPolicyResponse];
  PutKeyPolicy: [PutKeyPolicyRequest, PutKeyPolicyResponse];
  ListKeyPolicies: [ListKeyPoliciesRequest, ListKeyPoliciesResponse];
  EnableKeyRotation: [EnableKeyRotationRequest, EnableKeyRotationResponse];
  DisableKeyRotation: [DisableKeyRotationRequest, DisableKeyRotationResponse];
  GetKeyRotationStatus: [GetKeyRotationStatusRequest, GetKeyRotationStatusResponse];
  RotateKeyOnDemand: [RotateKeyOnDemandRequest, RotateKeyOnDemandResponse];
  ListKeyRotations: [ListKeyRotationsRequest, ListKeyRotationsResponse];
}
export type OperationName = keyof KmsOperations;
export type RequestOf<Op extends OperationName> = KmsOperations[Op][0];
export type ResponseOf<Op extends OperationName> = KmsOperations[Op][1];
