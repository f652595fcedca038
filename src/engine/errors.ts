// AWS KMS exceptions with AWS's own names and messages (shared/reference/kms-behaviour.md §4, §13,
// §14). Where AWS's text is known it is reproduced verbatim; each builder says where it comes from.
import type { CallTrace } from './trace';

/** The AWS exception names the engine produces. */
export type KmsErrorName =
  | 'NotFoundException'
  | 'CustomKeyStoreNotFoundException'
  | 'CloudHsmClusterNotFoundException'
  | 'XksProxyUriUnreachableException'
  | 'DisabledException'
  | 'KMSInvalidStateException'
  | 'InvalidCiphertextException'
  | 'IncorrectKeyException'
  | 'AccessDeniedException'
  | 'InvalidKeyUsageException'
  | 'UnsupportedOperationException'
  | 'ValidationException'
  | 'AlreadyExistsException'
  | 'InvalidAliasNameException'
  | 'NotAuthorizedException'
  | 'LimitExceededException'
  | 'MalformedPolicyDocumentException'
  | 'TagException'
  | 'InvalidMarkerException'
  | 'InvalidArnException'
  | 'InvalidGrantTokenException'
  | 'DryRunOperationException'
  | 'ConflictException'
  | 'KMSInternalException'
  | 'KMSInvalidSignatureException'
  | 'KMSInvalidMacException'
  | 'InvalidGrantIdException'
  | 'IncorrectKeyMaterialException'
  | 'ExpiredImportTokenException'
  | 'InvalidImportTokenException'
  /** Not a KMS exception: the AWS JSON protocol's answer to an operation name the service does not have. */
  | 'UnknownOperationException';

/**
 * An AWS KMS error: `name` is the exception name (`NotFoundException`…), `message` is AWS's message.
 * `trace` is the trace of the call that failed (set by the pipeline).
 */
export class KmsError extends Error {
  override readonly name: KmsErrorName;
  trace?: CallTrace;
  constructor(name: KmsErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }
}

// ---- key identification (§13, AWS-validated LocalStack snapshots) ----

/** A KeyId that is not shaped like a key id, key ARN, alias or alias ARN. */
export const invalidKeyId = (input: string) => new KmsError('NotFoundException', `Invalid keyId '${input}'`);
/** An alias (name or ARN) given to an operation that accepts only a key id or key ARN (moto, kms-behaviour §1 notes). */
export const aliasNotAccepted = (input: string) => new KmsError('NotFoundException', `Invalid keyId ${input}`);
export const keyDoesNotExist = (keyArn: string) => new KmsError('NotFoundException', `Key '${keyArn}' does not exist`);
/** A key ARN or alias ARN naming another Region than the caller's. */
export const invalidArnRegion = (region: string) => new KmsError('NotFoundException', `Invalid arn ${region}`);
export const aliasNotFound = (aliasArn: string) => new KmsError('NotFoundException', `Alias ${aliasArn} is not found.`);

// ---- key state (§4 footnotes) ----

export const keyDisabled = (keyArn: string) => new KmsError('DisabledException', `${keyArn} is disabled.`); // [1]
export const keyPendingDeletion = (keyArn: string) => new KmsError('KMSInvalidStateException', `${keyArn} is pending deletion.`); // [3]
export const keyPendingReplicaDeletion = (keyArn: string) =>
  new KmsError('KMSInvalidStateException', `${keyArn} is pending replica deletion.`); // [3]
export const keyNotPendingDeletion = (keyArn: string) =>
  new KmsError('KMSInvalidStateException', `${keyArn} is not pending deletion.`); // [4]
export const keyPendingImport = (keyArn: string) => new KmsError('KMSInvalidStateException', `${keyArn} is pending import.`); // [5]
export const originNotValid = (keyArn: string, origin: string) =>
  new KmsError('UnsupportedOperationException', `${keyArn} origin is ${origin} which is not valid for this operation.`); // [6] [9]
export const keyUnavailable = (keyArn: string) => new KmsError('KMSInvalidStateException', `${keyArn} is unavailable.`); // [11]
export const keyCreating = (keyArn: string) => new KmsError('KMSInvalidStateException', `${keyArn} is creating.`); // [14]
export const keyUpdating = (keyArn: string) => new KmsError('KMSInvalidStateException', `${keyArn} is updating.`); // [15]

// ---- cryptography (§2, §8, §14) ----

/** AWS deliberately says nothing: tampering, truncation and a wrong encryption context look alike. */
export const invalidCiphertext = () => new KmsError('InvalidCiphertextException', '');
export const incorrectKey = () =>
  new KmsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
/** A ciphertext naming a key that does not exist here (deleted, another Region, unknown). Peer-reported AWS wording. */
export const ciphertextKeyNotAccessible = () =>
  new KmsError(
    'AccessDeniedException',
    'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
  );
export const invalidKeyUsage = (keyArn: string, usage: string, operation: string) =>
  new KmsError('InvalidKeyUsageException', `${keyArn} key usage is ${usage} which is not valid for ${operation}.`);
export const algorithmIncompatible = (algorithm: string, keySpec: string) =>
  new KmsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`);

export const dryRun = () => new KmsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');

// ---- validation (AWS's Coral framework wording) ----

/** `1 validation error detected: …` / `2 validation errors detected: …; …` */
export function validationErrors(violations: string[]): KmsError {
  const n = violations.length;
  return new KmsError('ValidationException', `${n} validation error${n > 1 ? 's' : ''} detected: ${violations.join('; ')}`);
}
export const validation = (message: string) => new KmsError('ValidationException', message);
