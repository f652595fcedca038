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
export type SigningAlgorithmSpec =
  | 'RSASSA_PSS_SHA_256'
  | 'RSASSA_PSS_SHA_384'
  | 'RSASSA_PSS_SHA_512'
  | 'RSASSA_PKCS1_V1_5_SHA_256'
  | 'RSASSA_PKCS1_V1_5_SHA_384'
  | 'RSASSA_PKCS1_V1_5_SHA_512'
  | 'ECDSA_SHA_256'
  | 'ECDSA_SHA_384'
  | 'ECDSA_SHA_512'
  | 'SM2DSA'
  | 'ML_DSA_SHAKE_256'
  | 'ED25519_SHA_512'
  | 'ED25519_PH_SHA_512';
export type MacAlgorithmSpec = 'HMAC_SHA_224' | 'HMAC_SHA_256' | 'HMAC_SHA_384' | 'HMAC_SHA_512';
export type KeyAgreementAlgorithmSpec = 'ECDH';
export type MessageType = 'RAW' | 'DIGEST' | 'EXTERNAL_MU';
export type DataKeyPairSpec =
  | 'RSA_2048'
  | 'RSA_3072'
  | 'RSA_4096'
  | 'ECC_NIST_P256'
  | 'ECC_NIST_P384'
  | 'ECC_NIST_P521'
  | 'ECC_SECG_P256K1'
  | 'SM2'
  | 'ECC_NIST_EDWARDS25519';
export type AlgorithmSpec = 'RSAES_PKCS1_V1_5' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_1' | 'RSA_AES_KEY_WRAP_SHA_256' | 'SM2PKE';
export type WrappingKeySpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'SM2';
export type ExpirationModelType = 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';
export type ImportType = 'NEW_KEY_MATERIAL' | 'EXISTING_KEY_MATERIAL';
export type GrantOperation =
  | 'Decrypt'
  | 'Encrypt'
  | 'GenerateDataKey'
  | 'GenerateDataKeyWithoutPlaintext'
  | 'ReEncryptFrom'
  | 'ReEncryptTo'
  | 'Sign'
  | 'Verify'
  | 'GetPublicKey'
  | 'CreateGrant'
  | 'RetireGrant'
  | 'DescribeKey'
  | 'GenerateDataKeyPair'
  | 'GenerateDataKeyPairWithoutPlaintext'
  | 'GenerateMac'
  | 'VerifyMac'
  | 'DeriveSharedSecret';
export type MultiRegionKeyType = 'PRIMARY' | 'REPLICA';
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
  /** Absent for a multi-Region primary that waits for its replicas (PendingReplicaDeletion). */
  DeletionDate?: Date;
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

// ---- asymmetric keys, HMAC, key agreement ----

export interface SignRequest {
  KeyId: string;
  Message: Uint8Array;
  MessageType?: MessageType;
  GrantTokens?: string[];
  SigningAlgorithm: SigningAlgorithmSpec;
  DryRun?: boolean;
}
export interface SignResponse {
  KeyId: string;
  Signature: Uint8Array;
  SigningAlgorithm: SigningAlgorithmSpec;
}
export interface VerifyRequest {
  KeyId: string;
  Message: Uint8Array;
  MessageType?: MessageType;
  Signature: Uint8Array;
  SigningAlgorithm: SigningAlgorithmSpec;
  GrantTokens?: string[];
  DryRun?: boolean;
}
export interface VerifyResponse {
  KeyId: string;
  /** Always true: a signature that does not verify is KMSInvalidSignatureException. */
  SignatureValid: boolean;
  SigningAlgorithm: SigningAlgorithmSpec;
}
export interface GenerateMacRequest {
  Message: Uint8Array;
  KeyId: string;
  MacAlgorithm: MacAlgorithmSpec;
  GrantTokens?: string[];
  DryRun?: boolean;
}
export interface GenerateMacResponse {
  Mac: Uint8Array;
  MacAlgorithm: MacAlgorithmSpec;
  KeyId: string;
}
export interface VerifyMacRequest {
  Message: Uint8Array;
  KeyId: string;
  MacAlgorithm: MacAlgorithmSpec;
  Mac: Uint8Array;
  GrantTokens?: string[];
  DryRun?: boolean;
}
export interface VerifyMacResponse {
  KeyId: string;
  /** Always true: a MAC that does not verify is KMSInvalidMacException. */
  MacValid: boolean;
  MacAlgorithm: MacAlgorithmSpec;
}
export interface GetPublicKeyRequest {
  KeyId: string;
  GrantTokens?: string[];
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
export interface DeriveSharedSecretRequest {
  KeyId: string;
  KeyAgreementAlgorithm: KeyAgreementAlgorithmSpec;
  /** The other party's public key, DER-encoded SubjectPublicKeyInfo. */
  PublicKey: Uint8Array;
  GrantTokens?: string[];
  DryRun?: boolean;
  Recipient?: RecipientInfo;
}
export interface DeriveSharedSecretResponse {
  KeyId: string;
  SharedSecret: Uint8Array;
  KeyAgreementAlgorithm: KeyAgreementAlgorithmSpec;
  KeyOrigin: OriginType;
}
export interface GenerateDataKeyPairRequest {
  EncryptionContext?: EncryptionContextType;
  KeyId: string;
  KeyPairSpec: DataKeyPairSpec;
  GrantTokens?: string[];
  Recipient?: RecipientInfo;
  DryRun?: boolean;
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
export interface GenerateDataKeyPairWithoutPlaintextRequest {
  EncryptionContext?: EncryptionContextType;
  KeyId: string;
  KeyPairSpec: DataKeyPairSpec;
  GrantTokens?: string[];
  DryRun?: boolean;
}
export interface GenerateDataKeyPairWithoutPlaintextResponse {
  PrivateKeyCiphertextBlob: Uint8Array;
  PublicKey: Uint8Array;
  KeyId: string;
  KeyPairSpec: DataKeyPairSpec;
  KeyMaterialId: string;
}

// ---- importing key material ----

export interface GetParametersForImportRequest {
  KeyId: string;
  WrappingAlgorithm: AlgorithmSpec;
  WrappingKeySpec: WrappingKeySpec;
}
export interface GetParametersForImportResponse {
  KeyId: string;
  ImportToken: Uint8Array;
  PublicKey: Uint8Array;
  ParametersValidTo: Date;
}
export interface ImportKeyMaterialRequest {
  KeyId: string;
  ImportToken: Uint8Array;
  EncryptedKeyMaterial: Uint8Array;
  ValidTo?: Date;
  ExpirationModel?: ExpirationModelType;
  ImportType?: ImportType;
  KeyMaterialDescription?: string;
  KeyMaterialId?: string;
}
export interface ImportKeyMaterialResponse {
  KeyId: string;
  KeyMaterialId: string;
}
export interface DeleteImportedKeyMaterialRequest {
  KeyId: string;
  KeyMaterialId?: string;
}
export interface DeleteImportedKeyMaterialResponse {
  KeyId: string;
  KeyMaterialId: string;
}

// ---- grants ----

export interface GrantConstraints {
  EncryptionContextSubset?: EncryptionContextType;
  EncryptionContextEquals?: EncryptionContextType;
  SourceArn?: string;
}
export interface CreateGrantRequest {
  KeyId: string;
  GranteePrincipal?: string;
  GranteeServicePrincipal?: string;
  RetiringPrincipal?: string;
  RetiringServicePrincipal?: string;
  Operations: GrantOperation[];
  Constraints?: GrantConstraints;
  GrantTokens?: string[];
  Name?: string;
  DryRun?: boolean;
}
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
export interface ListGrantsRequest {
  Limit?: number;
  Marker?: string;
  KeyId: string;
  GrantId?: string;
  GranteePrincipal?: string;
  GranteeServicePrincipal?: string;
}
export interface ListGrantsResponse {
  Grants: GrantListEntry[];
  NextMarker?: string;
  Truncated: boolean;
}
export interface ListRetirableGrantsRequest {
  Limit?: number;
  Marker?: string;
  RetiringPrincipal?: string;
  RetiringServicePrincipal?: string;
}
export interface RetireGrantRequest {
  GrantToken?: string;
  KeyId?: string;
  GrantId?: string;
  DryRun?: boolean;
}
export type RetireGrantResponse = Record<string, never>;
export interface RevokeGrantRequest {
  KeyId: string;
  GrantId: string;
  DryRun?: boolean;
}
export type RevokeGrantResponse = Record<string, never>;

// ---- multi-Region keys ----

export interface ReplicateKeyRequest {
  KeyId: string;
  ReplicaRegion: string;
  Policy?: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
  Description?: string;
  Tags?: Tag[];
}
export interface ReplicateKeyResponse {
  ReplicaKeyMetadata: KeyMetadata;
  ReplicaPolicy: string;
  ReplicaTags: Tag[];
}
export interface UpdatePrimaryRegionRequest {
  KeyId: string;
  PrimaryRegion: string;
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
}
export type OperationName = keyof KmsOperations;
export type RequestOf<Op extends OperationName> = KmsOperations[Op][0];
export type ResponseOf<Op extends OperationName> = KmsOperations[Op][1];
