// A KMS client bound to one caller and one Region: one async method per AWS operation, named
// after it in camelCase, taking and returning AWS-shaped objects. `call(operation, request)` is the
// same call returning the trace too; `lastTrace` is the trace of the latest call made with this client.
import type { CallTrace } from '../trace';
import type {
  OperationName,
  RequestOf,
  ResponseOf,
  CreateKeyRequest,
  CreateKeyResponse,
  DescribeKeyRequest,
  DescribeKeyResponse,
  ListKeysRequest,
  ListKeysResponse,
  UpdateKeyDescriptionRequest,
  UpdateKeyDescriptionResponse,
  EnableKeyRequest,
  EnableKeyResponse,
  DisableKeyRequest,
  DisableKeyResponse,
  ScheduleKeyDeletionRequest,
  ScheduleKeyDeletionResponse,
  CancelKeyDeletionRequest,
  CancelKeyDeletionResponse,
  EncryptRequest,
  EncryptResponse,
  DecryptRequest,
  DecryptResponse,
  ReEncryptRequest,
  ReEncryptResponse,
  GenerateDataKeyRequest,
  GenerateDataKeyResponse,
  GenerateDataKeyWithoutPlaintextRequest,
  GenerateDataKeyWithoutPlaintextResponse,
  GenerateRandomRequest,
  GenerateRandomResponse,
  CreateAliasRequest,
  CreateAliasResponse,
  UpdateAliasRequest,
  UpdateAliasResponse,
  DeleteAliasRequest,
  DeleteAliasResponse,
  ListAliasesRequest,
  ListAliasesResponse,
  TagResourceRequest,
  TagResourceResponse,
  UntagResourceRequest,
  UntagResourceResponse,
  ListResourceTagsRequest,
  ListResourceTagsResponse,
  GetKeyPolicyRequest,
  GetKeyPolicyResponse,
  PutKeyPolicyRequest,
  PutKeyPolicyResponse,
  ListKeyPoliciesRequest,
  ListKeyPoliciesResponse,
  EnableKeyRotationRequest,
  EnableKeyRotationResponse,
  DisableKeyRotationRequest,
  DisableKeyRotationResponse,
  GetKeyRotationStatusRequest,
  GetKeyRotationStatusResponse,
  RotateKeyOnDemandRequest,
  RotateKeyOnDemandResponse,
  ListKeyRotationsRequest,
  ListKeyRotationsResponse,
} from '../types';
import type { CallerIdentity } from '../world/arn';
import type { WorldContext } from '../world/context';
import { runOperation } from './pipeline';

export class KmsClient {
  /** The trace of the latest call made with this client (successful or not). */
  lastTrace: CallTrace | undefined;

  constructor(
    readonly world: WorldContext,
    readonly caller: CallerIdentity,
    readonly region: string,
    /** Condition keys the caller supplied (kms:ViaService, aws:SourceIp…). */
    readonly context: Record<string, string | string[]>,
  ) {}

  get principal(): string {
    return this.caller.arn;
  }

  /** Runs `operation` and returns its response with its trace. Throws KmsError (with `.trace`) on failure. */
  call<Op extends OperationName>(operation: Op, request: RequestOf<Op>): Promise<{ response: ResponseOf<Op>; trace: CallTrace }> {
    return runOperation(this, operation, request);
  }

  createKey(request: CreateKeyRequest = {}): Promise<CreateKeyResponse> {
    return this.call('CreateKey', request).then((r) => r.response);
  }
  describeKey(request: DescribeKeyRequest): Promise<DescribeKeyResponse> {
    return this.call('DescribeKey', request).then((r) => r.response);
  }
  listKeys(request: ListKeysRequest = {}): Promise<ListKeysResponse> {
    return this.call('ListKeys', request).then((r) => r.response);
  }
  updateKeyDescription(request: UpdateKeyDescriptionRequest): Promise<UpdateKeyDescriptionResponse> {
    return this.call('UpdateKeyDescription', request).then((r) => r.response);
  }
  enableKey(request: EnableKeyRequest): Promise<EnableKeyResponse> {
    return this.call('EnableKey', request).then((r) => r.response);
  }
  disableKey(request: DisableKeyRequest): Promise<DisableKeyResponse> {
    return this.call('DisableKey', request).then((r) => r.response);
  }
  scheduleKeyDeletion(request: ScheduleKeyDeletionRequest): Promise<ScheduleKeyDeletionResponse> {
    return this.call('ScheduleKeyDeletion', request).then((r) => r.response);
  }
  cancelKeyDeletion(request: CancelKeyDeletionRequest): Promise<CancelKeyDeletionResponse> {
    return this.call('CancelKeyDeletion', request).then((r) => r.response);
  }
  encrypt(request: EncryptRequest): Promise<EncryptResponse> {
    return this.call('Encrypt', request).then((r) => r.response);
  }
  decrypt(request: DecryptRequest): Promise<DecryptResponse> {
    return this.call('Decrypt', request).then((r) => r.response);
  }
  reEncrypt(request: ReEncryptRequest): Promise<ReEncryptResponse> {
    return this.call('ReEncrypt', request).then((r) => r.response);
  }
  generateDataKey(request: GenerateDataKeyRequest): Promise<GenerateDataKeyResponse> {
    return this.call('GenerateDataKey', request).then((r) => r.response);
  }
  generateDataKeyWithoutPlaintext(request: GenerateDataKeyWithoutPlaintextRequest): Promise<GenerateDataKeyWithoutPlaintextResponse> {
    return this.call('GenerateDataKeyWithoutPlaintext', request).then((r) => r.response);
  }
  generateRandom(request: GenerateRandomRequest = {}): Promise<GenerateRandomResponse> {
    return this.call('GenerateRandom', request).then((r) => r.response);
  }
  createAlias(request: CreateAliasRequest): Promise<CreateAliasResponse> {
    return this.call('CreateAlias', request).then((r) => r.response);
  }
  updateAlias(request: UpdateAliasRequest): Promise<UpdateAliasResponse> {
    return this.call('UpdateAlias', request).then((r) => r.response);
  }
  deleteAlias(request: DeleteAliasRequest): Promise<DeleteAliasResponse> {
    return this.call('DeleteAlias', request).then((r) => r.response);
  }
  listAliases(request: ListAliasesRequest = {}): Promise<ListAliasesResponse> {
    return this.call('ListAliases', request).then((r) => r.response);
  }
  tagResource(request: TagResourceRequest): Promise<TagResourceResponse> {
    return this.call('TagResource', request).then((r) => r.response);
  }
  untagResource(request: UntagResourceRequest): Promise<UntagResourceResponse> {
    return this.call('UntagResource', request).then((r) => r.response);
  }
  listResourceTags(request: ListResourceTagsRequest): Promise<ListResourceTagsResponse> {
    return this.call('ListResourceTags', request).then((r) => r.response);
  }
  getKeyPolicy(request: GetKeyPolicyRequest): Promise<GetKeyPolicyResponse> {
    return this.call('GetKeyPolicy', request).then((r) => r.response);
  }
  putKeyPolicy(request: PutKeyPolicyRequest): Promise<PutKeyPolicyResponse> {
    return this.call('PutKeyPolicy', request).then((r) => r.response);
  }
  listKeyPolicies(request: ListKeyPoliciesRequest): Promise<ListKeyPoliciesResponse> {
    return this.call('ListKeyPolicies', request).then((r) => r.response);
  }
  enableKeyRotation(request: EnableKeyRotationRequest): Promise<EnableKeyRotationResponse> {
    return this.call('EnableKeyRotation', request).then((r) => r.response);
  }
  disableKeyRotation(request: DisableKeyRotationRequest): Promise<DisableKeyRotationResponse> {
    return this.call('DisableKeyRotation', request).then((r) => r.response);
  }
  getKeyRotationStatus(request: GetKeyRotationStatusRequest): Promise<GetKeyRotationStatusResponse> {
    return this.call('GetKeyRotationStatus', request).then((r) => r.response);
  }
  rotateKeyOnDemand(request: RotateKeyOnDemandRequest): Promise<RotateKeyOnDemandResponse> {
    return this.call('RotateKeyOnDemand', request).then((r) => r.response);
  }
  listKeyRotations(request: ListKeyRotationsRequest): Promise<ListKeyRotationsResponse> {
    return this.call('ListKeyRotations', request).then((r) => r.response);
  }
  connectCustomKeyStore(request: RequestOf<'ConnectCustomKeyStore'>): Promise<ResponseOf<'ConnectCustomKeyStore'>> {
    return this.call('ConnectCustomKeyStore', request).then((r) => r.response);
  }
  createCustomKeyStore(request: RequestOf<'CreateCustomKeyStore'>): Promise<ResponseOf<'CreateCustomKeyStore'>> {
    return this.call('CreateCustomKeyStore', request).then((r) => r.response);
  }
  deleteCustomKeyStore(request: RequestOf<'DeleteCustomKeyStore'>): Promise<ResponseOf<'DeleteCustomKeyStore'>> {
    return this.call('DeleteCustomKeyStore', request).then((r) => r.response);
  }
  describeCustomKeyStores(request: RequestOf<'DescribeCustomKeyStores'>): Promise<ResponseOf<'DescribeCustomKeyStores'>> {
    return this.call('DescribeCustomKeyStores', request).then((r) => r.response);
  }
  disconnectCustomKeyStore(request: RequestOf<'DisconnectCustomKeyStore'>): Promise<ResponseOf<'DisconnectCustomKeyStore'>> {
    return this.call('DisconnectCustomKeyStore', request).then((r) => r.response);
  }
  updateCustomKeyStore(request: RequestOf<'UpdateCustomKeyStore'>): Promise<ResponseOf<'UpdateCustomKeyStore'>> {
    return this.call('UpdateCustomKeyStore', request).then((r) => r.response);
  }
  sign(request: RequestOf<'Sign'>): Promise<ResponseOf<'Sign'>> {
    return this.call('Sign', request).then((r) => r.response);
  }
  verify(request: RequestOf<'Verify'>): Promise<ResponseOf<'Verify'>> {
    return this.call('Verify', request).then((r) => r.response);
  }
  generateMac(request: RequestOf<'GenerateMac'>): Promise<ResponseOf<'GenerateMac'>> {
    return this.call('GenerateMac', request).then((r) => r.response);
  }
  verifyMac(request: RequestOf<'VerifyMac'>): Promise<ResponseOf<'VerifyMac'>> {
    return this.call('VerifyMac', request).then((r) => r.response);
  }
  getPublicKey(request: RequestOf<'GetPublicKey'>): Promise<ResponseOf<'GetPublicKey'>> {
    return this.call('GetPublicKey', request).then((r) => r.response);
  }
  deriveSharedSecret(request: RequestOf<'DeriveSharedSecret'>): Promise<ResponseOf<'DeriveSharedSecret'>> {
    return this.call('DeriveSharedSecret', request).then((r) => r.response);
  }
  generateDataKeyPair(request: RequestOf<'GenerateDataKeyPair'>): Promise<ResponseOf<'GenerateDataKeyPair'>> {
    return this.call('GenerateDataKeyPair', request).then((r) => r.response);
  }
  generateDataKeyPairWithoutPlaintext(request: RequestOf<'GenerateDataKeyPairWithoutPlaintext'>): Promise<ResponseOf<'GenerateDataKeyPairWithoutPlaintext'>> {
    return this.call('GenerateDataKeyPairWithoutPlaintext', request).then((r) => r.response);
  }
  getParametersForImport(request: RequestOf<'GetParametersForImport'>): Promise<ResponseOf<'GetParametersForImport'>> {
    return this.call('GetParametersForImport', request).then((r) => r.response);
  }
  importKeyMaterial(request: RequestOf<'ImportKeyMaterial'>): Promise<ResponseOf<'ImportKeyMaterial'>> {
    return this.call('ImportKeyMaterial', request).then((r) => r.response);
  }
  deleteImportedKeyMaterial(request: RequestOf<'DeleteImportedKeyMaterial'>): Promise<ResponseOf<'DeleteImportedKeyMaterial'>> {
    return this.call('DeleteImportedKeyMaterial', request).then((r) => r.response);
  }
  createGrant(request: RequestOf<'CreateGrant'>): Promise<ResponseOf<'CreateGrant'>> {
    return this.call('CreateGrant', request).then((r) => r.response);
  }
  listGrants(request: RequestOf<'ListGrants'>): Promise<ResponseOf<'ListGrants'>> {
    return this.call('ListGrants', request).then((r) => r.response);
  }
  listRetirableGrants(request: RequestOf<'ListRetirableGrants'>): Promise<ResponseOf<'ListRetirableGrants'>> {
    return this.call('ListRetirableGrants', request).then((r) => r.response);
  }
  retireGrant(request: RequestOf<'RetireGrant'>): Promise<ResponseOf<'RetireGrant'>> {
    return this.call('RetireGrant', request).then((r) => r.response);
  }
  revokeGrant(request: RequestOf<'RevokeGrant'>): Promise<ResponseOf<'RevokeGrant'>> {
    return this.call('RevokeGrant', request).then((r) => r.response);
  }
  replicateKey(request: RequestOf<'ReplicateKey'>): Promise<ResponseOf<'ReplicateKey'>> {
    return this.call('ReplicateKey', request).then((r) => r.response);
  }
  updatePrimaryRegion(request: RequestOf<'UpdatePrimaryRegion'>): Promise<ResponseOf<'UpdatePrimaryRegion'>> {
    return this.call('UpdatePrimaryRegion', request).then((r) => r.response);
  }
}
