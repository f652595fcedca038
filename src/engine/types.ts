// The engine's request and response types. Enums, requests and the structures requests carry are the
// API model's (model/kms-types.generated.ts, from the pinned @aws-sdk/client-kms); responses are written
// here as the engine returns them — narrower than the model (members KMS always returns are required)
// and checked against it (model/refinements.ts). Names are AWS's; blobs are Uint8Array; timestamps Date.

import type {
  AlgorithmSpec,
  CancelKeyDeletionRequest,
  CreateAliasRequest,
  CreateGrantRequest,
  CreateKeyRequest,
  DataKeyPairSpec,
  DataKeySpec,
  DecryptRequest,
  DeleteAliasRequest,
  DeleteImportedKeyMaterialRequest,
  DeriveSharedSecretRequest,
  DescribeKeyRequest,
  DisableKeyRequest,
  DisableKeyRotationRequest,
  DryRunModifierType,
  EnableKeyRequest,
  EnableKeyRotationRequest,
  EncryptRequest,
  EncryptionAlgorithmSpec,
  ExpirationModelType,
  GenerateDataKeyPairRequest,
  GenerateDataKeyPairWithoutPlaintextRequest,
  GenerateDataKeyRequest,
  GenerateDataKeyWithoutPlaintextRequest,
  GenerateMacRequest,
  GenerateRandomRequest,
  GetKeyPolicyRequest,
  GetKeyRotationStatusRequest,
  GetParametersForImportRequest,
  GetPublicKeyRequest,
  GrantConstraints,
  GrantOperation,
  ImportKeyMaterialRequest,
  ImportType,
  IncludeKeyMaterial,
  KeyAgreementAlgorithmSpec,
  KeyManagerType,
  KeyMaterialState,
  KeySpec,
  KeyState,
  KeyUsageType,
  ListAliasesRequest,
  ListGrantsRequest,
  ListKeyPoliciesRequest,
  ListKeyRotationsRequest,
  ListKeysRequest,
  ListResourceTagsRequest,
  ListRetirableGrantsRequest,
  MacAlgorithmSpec,
  MessageType,
  MultiRegionKeyType,
  OriginType,
  PutKeyPolicyRequest,
  ReEncryptRequest,
  RecipientInfo,
  ReplicateKeyRequest,
  RetireGrantRequest,
  RevokeGrantRequest,
  RotateKeyOnDemandRequest,
  RotationType,
  ScheduleKeyDeletionRequest,
  SignRequest,
  SigningAlgorithmSpec,
  Tag,
  TagResourceRequest,
  UntagResourceRequest,
  UpdateAliasRequest,
  UpdateKeyDescriptionRequest,
  UpdatePrimaryRegionRequest,
  VerifyMacRequest,
  VerifyRequest,
  WrappingKeySpec,
} from './model/kms-types.generated';
import type { KmsApiOperations } from './model/kms-types.generated';

export type {
  AlgorithmSpec,
  CancelKeyDeletionRequest,
  CreateAliasRequest,
  CreateGrantRequest,
  CreateKeyRequest,
  DataKeyPairSpec,
  DataKeySpec,
  DecryptRequest,
  DeleteAliasRequest,
  DeleteImportedKeyMaterialRequest,
  DeriveSharedSecretRequest,
  DescribeKeyRequest,
  DisableKeyRequest,
  DisableKeyRotationRequest,
  DryRunModifierType,
  EnableKeyRequest,
  EnableKeyRotationRequest,
  EncryptRequest,
  EncryptionAlgorithmSpec,
  ExpirationModelType,
  GenerateDataKeyPairRequest,
  GenerateDataKeyPairWithoutPlaintextRequest,
  GenerateDataKeyRequest,
  GenerateDataKeyWithoutPlaintextRequest,
  GenerateMacRequest,
  GenerateRandomRequest,
  GetKeyPolicyRequest,
  GetKeyRotationStatusRequest,
  GetParametersForImportRequest,
  GetPublicKeyRequest,
  GrantConstraints,
  GrantOperation,
  ImportKeyMaterialRequest,
  ImportType,
  IncludeKeyMaterial,
  KeyAgreementAlgorithmSpec,
  KeyManagerType,
  KeyMaterialState,
  KeySpec,
  KeyState,
  KeyUsageType,
  ListAliasesRequest,
  ListGrantsRequest,
  ListKeyPoliciesRequest,
  ListKeyRotationsRequest,
  ListKeysRequest,
  ListResourceTagsRequest,
  ListRetirableGrantsRequest,
  MacAlgorithmSpec,
  MessageType,
  MultiRegionKeyType,
  OriginType,
  PutKeyPolicyRequest,
  ReEncryptRequest,
  RecipientInfo,
  ReplicateKeyRequest,
  RetireGrantRequest,
  RevokeGrantRequest,
  RotateKeyOnDemandRequest,
  RotationType,
  ScheduleKeyDeletionRequest,
  SignRequest,
  SigningAlgorithmSpec,
  Tag,
  TagResourceRequest,
  UntagResourceRequest,
  UpdateAliasRequest,
  UpdateKeyDescriptionRequest,
  UpdatePrimaryRegionRequest,
  VerifyMacRequest,
  VerifyRequest,
  WrappingKeySpec,
};

export type EncryptionContextType = Record<string, string>;

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
  /**
   * Deprecated by AWS in favour of KeySpec; still returned with the same value, even for the key
   * specs its enum lacks (a real DescribeKey of an ML_DSA_65 key shows "CustomerMasterKeySpec": "ML_DSA_65").
   */
  CustomerMasterKeySpec: KeySpec;
  KeySpec: KeySpec;
  EncryptionAlgorithms?: EncryptionAlgorithmSpec[];
  SigningAlgorithms?: SigningAlgorithmSpec[];
  MacAlgorithms?: MacAlgorithmSpec[];
  KeyAgreementAlgorithms?: KeyAgreementAlgorithmSpec[];
  /** EXTERNAL-origin keys with material: when it expires (KEY_MATERIAL_EXPIRES). */
  ValidTo?: Date;
  ExpirationModel?: ExpirationModelType;
  MultiRegion: boolean;
  MultiRegionConfiguration?: MultiRegionConfiguration;
  PendingDeletionWindowInDays?: number;
  CurrentKeyMaterialId?: string;
}

export interface MultiRegionKey {
  Arn: string;
  Region: string;
}
export interface MultiRegionConfiguration {
  MultiRegionKeyType: MultiRegionKeyType;
  PrimaryKey: MultiRegionKey;
  ReplicaKeys: MultiRegionKey[];
}

// ---- keys ----

export interface CreateKeyResponse {
  KeyMetadata: KeyMetadata;
}
export interface DescribeKeyResponse {
  KeyMetadata: KeyMetadata;
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
export type UpdateKeyDescriptionResponse = Record<string, never>;
export type EnableKeyResponse = Record<string, never>;
export type DisableKeyResponse = Record<string, never>;
export interface ScheduleKeyDeletionResponse {
  KeyId: string;
  /** Absent for a multi-Region primary that waits for its replicas (PendingReplicaDeletion). */
  DeletionDate?: Date;
  KeyState: KeyState;
  PendingWindowInDays: number;
}
export interface CancelKeyDeletionResponse {
  KeyId: string;
}

// ---- cryptography ----

export interface EncryptResponse {
  CiphertextBlob: Uint8Array;
  KeyId: string;
  EncryptionAlgorithm: EncryptionAlgorithmSpec;
}
export interface DecryptResponse {
  KeyId: string;
  Plaintext: Uint8Array;
  EncryptionAlgorithm: EncryptionAlgorithmSpec;
  KeyMaterialId: string;
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
export interface GenerateDataKeyResponse {
  CiphertextBlob: Uint8Array;
  Plaintext: Uint8Array;
  KeyId: string;
  KeyMaterialId: string;
}
export interface GenerateDataKeyWithoutPlaintextResponse {
  CiphertextBlob: Uint8Array;
  KeyId: string;
  KeyMaterialId: string;
}
export interface GenerateRandomResponse {
  Plaintext: Uint8Array;
}

// ---- aliases ----

export type CreateAliasResponse = Record<string, never>;
export type UpdateAliasResponse = Record<string, never>;
export type DeleteAliasResponse = Record<string, never>;
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

export type TagResourceResponse = Record<string, never>;
export type UntagResourceResponse = Record<string, never>;
export interface ListResourceTagsResponse {
  Tags: Tag[];
  NextMarker?: string;
  Truncated: boolean;
}

// ---- key policy ----

export interface GetKeyPolicyResponse {
  Policy: string;
  PolicyName: string;
}
export type PutKeyPolicyResponse = Record<string, never>;
export interface ListKeyPoliciesResponse {
  PolicyNames: string[];
  NextMarker?: string;
  Truncated: boolean;
}

// ---- rotation ----

export type EnableKeyRotationResponse = Record<string, never>;
export type DisableKeyRotationResponse = Record<string, never>;
export interface GetKeyRotationStatusResponse {
  KeyRotationEnabled: boolean;
  KeyId: string;
  RotationPeriodInDays?: number;
  NextRotationDate?: Date;
  OnDemandRotationStartDate?: Date;
}
export interface RotateKeyOnDemandResponse {
  KeyId: string;
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

// ---- asymmetric keys, HMAC, key agreement ----

export interface SignResponse {
  KeyId: string;
  Signature: Uint8Array;
  SigningAlgorithm: SigningAlgorithmSpec;
}
export interface VerifyResponse {
  KeyId: string;
  /** Always true: a signature that does not verify is KMSInvalidSignatureException. */
  SignatureValid: boolean;
  SigningAlgorithm: SigningAlgorithmSpec;
}
export interface GenerateMacResponse {
  Mac: Uint8Array;
  MacAlgorithm: MacAlgorithmSpec;
  KeyId: string;
}
export interface VerifyMacResponse {
  KeyId: string;
  /** Always true: a MAC that does not verify is KMSInvalidMacException. */
  MacValid: boolean;
  MacAlgorithm: MacAlgorithmSpec;
}
export interface GetPublicKeyResponse {
  KeyId: string;
  /** DER-encoded X.509 SubjectPublicKeyInfo (RFC 5280). */
  PublicKey: Uint8Array;
  CustomerMasterKeySpec: KeySpec;
  KeySpec: KeySpec;
  KeyUsage: KeyUsageType;
  EncryptionAlgorithms?: EncryptionAlgorithmSpec[];
  SigningAlgorithms?: SigningAlgorithmSpec[];
  KeyAgreementAlgorithms?: KeyAgreementAlgorithmSpec[];
}
export interface DeriveSharedSecretResponse {
  KeyId: string;
  SharedSecret: Uint8Array;
  KeyAgreementAlgorithm: KeyAgreementAlgorithmSpec;
  KeyOrigin: OriginType;
}
export interface GenerateDataKeyPairResponse {
  PrivateKeyCiphertextBlob: Uint8Array;
  /** PKCS#8 DER. */
  PrivateKeyPlaintext: Uint8Array;
  /** SubjectPublicKeyInfo DER. */
  PublicKey: Uint8Array;
  KeyId: string;
  KeyPairSpec: DataKeyPairSpec;
  KeyMaterialId: string;
}
export interface GenerateDataKeyPairWithoutPlaintextResponse {
  PrivateKeyCiphertextBlob: Uint8Array;
  PublicKey: Uint8Array;
  KeyId: string;
  KeyPairSpec: DataKeyPairSpec;
  KeyMaterialId: string;
}

// ---- importing key material ----

export interface GetParametersForImportResponse {
  KeyId: string;
  ImportToken: Uint8Array;
  PublicKey: Uint8Array;
  ParametersValidTo: Date;
}
export interface ImportKeyMaterialResponse {
  KeyId: string;
  KeyMaterialId: string;
}
export interface DeleteImportedKeyMaterialResponse {
  KeyId: string;
  KeyMaterialId: string;
}

// ---- grants ----

export interface CreateGrantResponse {
  GrantToken: string;
  GrantId: string;
}
export interface GrantListEntry {
  KeyId: string;
  GrantId: string;
  Name?: string;
  CreationDate: Date;
  GranteePrincipal?: string;
  GranteeServicePrincipal?: string;
  RetiringPrincipal?: string;
  RetiringServicePrincipal?: string;
  IssuingAccount: string;
  Operations: GrantOperation[];
  Constraints?: GrantConstraints;
}
export interface ListGrantsResponse {
  Grants: GrantListEntry[];
  NextMarker?: string;
  Truncated: boolean;
}
export type RetireGrantResponse = Record<string, never>;
export type RevokeGrantResponse = Record<string, never>;

// ---- multi-Region keys ----

export interface ReplicateKeyResponse {
  ReplicaKeyMetadata: KeyMetadata;
  ReplicaPolicy: string;
  ReplicaTags: Tag[];
}
export type UpdatePrimaryRegionResponse = Record<string, never>;

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
  Sign: [SignRequest, SignResponse];
  Verify: [VerifyRequest, VerifyResponse];
  GenerateMac: [GenerateMacRequest, GenerateMacResponse];
  VerifyMac: [VerifyMacRequest, VerifyMacResponse];
  GetPublicKey: [GetPublicKeyRequest, GetPublicKeyResponse];
  DeriveSharedSecret: [DeriveSharedSecretRequest, DeriveSharedSecretResponse];
  GenerateDataKeyPair: [GenerateDataKeyPairRequest, GenerateDataKeyPairResponse];
  GenerateDataKeyPairWithoutPlaintext: [GenerateDataKeyPairWithoutPlaintextRequest, GenerateDataKeyPairWithoutPlaintextResponse];
  GetParametersForImport: [GetParametersForImportRequest, GetParametersForImportResponse];
  ImportKeyMaterial: [ImportKeyMaterialRequest, ImportKeyMaterialResponse];
  DeleteImportedKeyMaterial: [DeleteImportedKeyMaterialRequest, DeleteImportedKeyMaterialResponse];
  CreateGrant: [CreateGrantRequest, CreateGrantResponse];
  ListGrants: [ListGrantsRequest, ListGrantsResponse];
  ListRetirableGrants: [ListRetirableGrantsRequest, ListGrantsResponse];
  RetireGrant: [RetireGrantRequest, RetireGrantResponse];
  RevokeGrant: [RevokeGrantRequest, RevokeGrantResponse];
  ReplicateKey: [ReplicateKeyRequest, ReplicateKeyResponse];
  UpdatePrimaryRegion: [UpdatePrimaryRegionRequest, UpdatePrimaryRegionResponse];
  ConnectCustomKeyStore: KmsApiOperations['ConnectCustomKeyStore'];
  CreateCustomKeyStore: KmsApiOperations['CreateCustomKeyStore'];
  DeleteCustomKeyStore: KmsApiOperations['DeleteCustomKeyStore'];
  DescribeCustomKeyStores: KmsApiOperations['DescribeCustomKeyStores'];
  DisconnectCustomKeyStore: KmsApiOperations['DisconnectCustomKeyStore'];
  UpdateCustomKeyStore: KmsApiOperations['UpdateCustomKeyStore'];
}
export type OperationName = keyof KmsOperations;
export type RequestOf<Op extends OperationName> = KmsOperations[Op][0];
export type ResponseOf<Op extends OperationName> = KmsOperations[Op][1];
