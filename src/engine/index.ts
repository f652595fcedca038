// KMS Lab's engine: a faithful AWS KMS on WebCrypto (ARCHITECTURE.md "The engine").
//
//   import { createWorld, KmsError } from './src/engine';
//   const world = await createWorld({ now: new Date('2026-01-01T00:00:00Z') });
//   const kms = world.client({ region: 'us-east-1' });
//   const { KeyMetadata } = await kms.createKey({ Description: 'demo' });
//   const { CiphertextBlob } = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: new TextEncoder().encode('hi') });
//   const { response, trace } = await kms.call('Decrypt', { CiphertextBlob });
//   await world.advanceClock({ days: 31 });
export { createWorld, World, DEFAULT_ACCOUNT_ID, DEFAULT_PRINCIPAL, DEFAULT_REGION } from './create-world';
export type { CreateWorldOptions, ClientOptions } from './create-world';
export type { WorldContext } from './world/context';
export { KmsClient } from './kms/client';
export { OPERATION_NAMES } from './kms/operations';
export { KmsError } from './errors';
export type { KmsErrorName } from './errors';
export { allowAllAuthorizer, accessDeniedMessage } from './kms/authorize';
export type { Authorizer, AuthorizationRequest, AuthorizationResult } from './world/context';
export type { CallTrace, KmsEvent, KmsEventType, CryptoStep, KeyNamedAs, Stage, DataKeyRef } from './trace';
export type { WorldState, KeyRecord, AliasRecord, KeyMaterialRecord, RotationSettings, GrantRecord, SecretMaterial, ImportedMaterialInfo, MultiRegionInfo } from './world/state';
export type { SymmetricCryptoPort } from './ports';
export type { KeyPairMaterial } from './kms/asymmetric-crypto';
export { kwpWrap, kwpUnwrap } from './kms/asymmetric-crypto';
export { AWS_MANAGED_SERVICES, awsManagedKeyPolicy } from './kms/aws-managed';
export { grantOperationsFor, signingAlgorithmsFor, encryptionAlgorithmsFor, macAlgorithmsFor, keyAgreementAlgorithmsFor, usagesFor } from './kms/specs';
export type { AuditEvent, AuditResource } from './world/audit';
export { SimulatedClock, randomIds, seededIds, webCryptoPort, durationToMs } from './ports';
export type { Clock, CryptoPort, Duration, IdSource } from './ports';
export { canonicalEncryptionContext } from './kms/encryption-context';
export { parseCiphertext, CIPHERTEXT_FORMAT_VERSION } from './kms/ciphertext';
export { keyArn, aliasArn, parseKmsArn, callerIdentity, partitionOf } from './world/arn';

// ---- Key metadata and authorization, for the layers above the engine (store, UI, timeline, lessons) ----

/** The KeyMetadata that DescribeKey / CreateKey return for a key record (pass the state for MultiRegionConfiguration). */
export { keyMetadata } from './kms/metadata';
/**
 * `aliasNameError(name)`: the error CreateAlias gives for an AliasName before it looks at a key, or
 * null; `aliasAlreadyExists(aliasArn)`: its error for a name already taken.
 */
export { aliasNameError, aliasAlreadyExists } from './kms/operations/aliases';
/**
 * `evaluateKmsRequest(world, request, resource)`: the full policy evaluation (key policy, IAM, grants,
 * SCPs/RCPs, boundaries, session policies) of one request, as the authorize stage runs it.
 * `keyForAccess(state, key)`: a key as the evaluator sees it (properties, aliases, policy, grants).
 */
export { evaluateKmsRequest, keyForAccess } from './kms/policy-authorizer';
/**
 * `buildAccessInput(request)`: every policy AWS would consult for one request, ready for
 * `evaluateAccess` (engine/policy). Throws `PolicyUnparseable` (with the policy, line and column)
 * when a policy does not parse — never a silent deny.
 */
export { buildAccessInput, PolicyUnparseable } from './identity/access-input';
export type { AccessRequest, KeyForAccess } from './identity/access-input';
/**
 * The identity directory of a world: `principalInfo(arn)` describes a principal ARN (throws on
 * anything else); `principalName(arn)` is its friendly name; `resolvePrincipal(identities, arn)`
 * finds what the directory knows about it; `emptyIdentityState()` is a directory with no one in it.
 */
export { principalInfo, principalName, resolvePrincipal, emptyIdentityState } from './identity/principals';
export type { IdentityState, PrincipalRecord, StoredPolicy, ResolvedPrincipal } from './identity/principals';

// Scenarios (load, simulate, schema) have their own entry, engine/scenario, because they pull zod:
// the app lazy-loads them.

export type * from './types';

// ---- For the KMS wire endpoint (src/node/kms-server): the API model and key-spec facts ----

/** The one model of the KMS API (operations, members, enums, errors, constraints) and its checks. */
export { KMS_API_MODEL, knownMembers, requestViolations } from './model/model';
export type { ApiMember, ApiModel, ApiStructure, MemberType } from './model/model';
/** The AWS API reference text of each operation and member (hover help, the drift test). */
export { OPERATION_DOCS, MEMBER_DOCS } from './model/kms-docs.generated';
export { REGION_PATTERN } from './world/arn';
export { hmacKeyBytes, isNistEc, isRsa } from './kms/specs';
