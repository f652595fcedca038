// KMS Lab's engine: a faithful AWS KMS on WebCrypto (ARCHITECTURE.md "The engine").
//
//   import { createWorld, KmsError } from './src/engine';
//   const world = await createWorld({ now: new Date('2026-01-01T00:00:00Z') });
//   const kms = world.client({ region: 'us-east-1' });
//   const { KeyMetadata } = await kms.createKey({ Description: 'demo' });
//   const { CiphertextBlob } = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: new TextEncoder().encode('hi') });
//   const { response, trace } = await kms.call('Decrypt', { CiphertextBlob });
//   await world.advanceClock({ days: 31 });
export { createWorld, World, DEFAULT_ACCOUNT_ID, DEFAULT_PRINCIPAL, DEFAULT_REGION } from './world/world';
export type { CreateWorldOptions, ClientOptions } from './world/world';
export { KmsClient } from './kms/client';
export { KmsError } from './errors';
export type { KmsErrorName } from './errors';
export { allowAllAuthorizer, accessDeniedMessage } from './kms/authorize';
export type { Authorizer, AuthorizationRequest, AuthorizationResult } from './kms/authorize';
export type { CallTrace, KmsEvent, KmsEventType, CryptoStep, KeyNamedAs, Stage, DataKeyRef } from './trace';
export type { WorldState, KeyRecord, AliasRecord, KeyMaterialRecord, RotationSettings } from './world/state';
export type { AuditEvent, AuditResource } from './world/audit';
export { SimulatedClock, randomIds, seededIds, webCryptoPort, durationToMs } from './ports';
export type { Clock, CryptoPort, Duration, IdSource } from './ports';
export { canonicalEncryptionContext } from './kms/encryption-context';
export { parseCiphertext, CIPHERTEXT_FORMAT_VERSION } from './kms/ciphertext';
export { keyArn, aliasArn, parseKmsArn, callerIdentity, partitionOf } from './world/arn';
export type * from './types';
