/**
 * One plain-words line under an AWS error: why KMS said no. The exception name and message stay
 * exactly as AWS returns them; this only adds the meaning a learner needs.
 */
import type { AwsError } from '../../store';

export function explainError(error: AwsError, operation?: string): string {
  const m = error.message;
  switch (error.name) {
    case 'InvalidCiphertextException':
      if (operation === 'Decrypt' || operation === 'ReEncrypt' || !operation)
        return 'The ciphertext or the encryption context does not match what was encrypted. The encryption context is bound to the ciphertext as additional authenticated data (AES-GCM AAD), so a changed byte or a different context fails the integrity check — and KMS deliberately says nothing more.';
      return 'KMS could not read this ciphertext.';
    case 'ValidationException':
      if (/plaintext/i.test(m) && /4096/.test(m))
        return 'Encrypt takes at most 4096 bytes of plaintext. KMS keys are meant to wrap small secrets such as data keys; encrypt larger data locally with a data key (envelope encryption).';
      if (/pendingWindowInDays|PendingWindowInDays/i.test(m))
        return 'The waiting period before a key is deleted must be between 7 and 30 days: long enough to notice a mistake and cancel.';
      return 'A request parameter broke one of the API’s constraints (a length, a range or an allowed value), so KMS rejected the call before touching any key.';
    case 'DisabledException':
      return 'The key exists but is disabled: KMS refuses every cryptographic operation with it until it is enabled again. Disabling is the reversible alternative to deletion.';
    case 'KMSInvalidStateException':
      if (/not pending deletion/i.test(m))
        return 'Only a key that is pending deletion can have its deletion cancelled.';
      if (/pending deletion/i.test(m))
        return 'A key that is pending deletion cannot be used, enabled or disabled; you can only cancel the deletion (which leaves it Disabled) or let the waiting period end.';
      if (/pending import/i.test(m))
        return 'This key has no key material yet: import material before using it.';
      return 'The key’s current state does not allow this operation.';
    case 'NotFoundException':
      if (/^Invalid arn/i.test(m))
        return 'That ARN names another Region. KMS keys are regional: a key exists only in the Region where it was created (multi-Region keys aside).';
      if (/does not exist/i.test(m))
        return 'No key with that ID exists in this account and Region. KMS keys are regional: a key ID from another Region is unknown here.';
      if (/Invalid keyId/i.test(m))
        return 'That is not the shape of a key ID, key ARN or alias, so KMS cannot look it up.';
      return 'KMS found no such key or alias in this account and Region.';
    case 'AlreadyExistsException':
      return 'An alias with that name already exists in this account and Region; alias names are unique per Region.';
    case 'InvalidAliasNameException':
      return 'Alias names start with alias/, use only letters, digits, / _ - and :, and may not start with alias/aws/ (reserved for AWS managed keys).';
    case 'NotAuthorizedException':
      return 'Aliases starting with alias/aws/ are reserved for AWS managed keys.';
    case 'TagException':
      return 'Tag keys must be unique, at most 50 per key, and may not start with aws: (reserved by AWS).';
    case 'AccessDeniedException':
      return 'No policy or grant allows this caller to perform the action on this key (or one explicitly denies it).';
    case 'IncorrectKeyException':
      return 'The key named in the request is not the key that encrypted this ciphertext.';
    case 'InvalidKeyUsageException':
      return 'The key’s usage does not allow this operation.';
    case 'MalformedPolicyDocumentException':
      if (/will not allow you to update the key policy in the future/.test(m))
        return 'The policy lockout safety check: KMS accepts a key policy only if the principal sending it could still call kms:PutKeyPolicy on the key under that policy. This one would lock you out of managing the key, so KMS refused it and kept the old policy (BypassPolicyLockoutSafetyCheck skips the check).';
      if (/invalid principals/i.test(m))
        return 'A Principal in the policy names an account, user or role that does not exist. KMS checks every principal when the policy is saved; create it first or correct the ARN.';
      return 'KMS could not accept this key policy: it is not valid JSON, or it breaks a rule of the key policy language (size, elements, values). The key keeps its old policy.';
    case 'LimitExceededException':
      return 'A KMS quota was reached.';
    default:
      return 'KMS rejected the call.';
  }
}

/**
 * What an error thrown by the browser (WebCrypto, the file and storage APIs) or by the app means for
 * the learner, at the KMS level. Such an error is never KMS's answer: KMS was not reached, or took no
 * part in the step that failed.
 */
export function explainBrowserError(error: AwsError, operation?: string): string {
  const what = operation ? `${operation} did not complete` : 'The step did not complete';
  switch (error.name) {
    case 'InvalidAccessError':
    case 'InvalidAccessException': // Node's name for it
      return /extractable/i.test(error.message)
        ? 'The key cannot be exported: KMS never exports a KMS key’s key material — the backing key is held non-extractable inside KMS.'
        : `${what}: the browser would not use this key for that operation. KMS was not involved.`;
    case 'OperationError':
      return `${what}: local AES-GCM authentication failed — a wrong key or changed bytes. This happened in your browser, not in KMS.`;
    case 'DataError':
      return `${what}: the bytes are not a valid key or not in the expected format. This happened in your browser, not in KMS.`;
    case 'NotReadableError':
    case 'NotFoundError':
      return `${what}: the browser could not read the file. Choose it again.`;
    case 'QuotaExceededError':
      return `${what}: the browser ran out of storage for this workspace.`;
    case 'AbortError':
      return `${what}: it was cancelled.`;
    default:
      return `${what}: the browser or the app stopped it before KMS answered, so there is no KMS outcome to show.`;
  }
}

/**
 * Why the console refused an alias name before sending anything (Create key with an alias checks
 * it first, so a bad alias creates no key): what it checked, locally, and that CreateAlias would
 * answer with the exact error shown. Nothing here is KMS's answer — no call was made.
 */
export function explainAliasPrecheck(error: AwsError, region: string): string {
  const sent = 'Nothing was sent to KMS: no key was created and no call is in the audit log. Sent as it is, CreateAlias would fail with exactly this error.';
  if (error.name === 'AlreadyExistsException')
    return `The console looked the name up among this account’s aliases in ${region}, as CreateAlias does: alias names are unique per account and Region, and this one is taken. ${sent}`;
  const rule =
    error.name === 'NotAuthorizedException'
      ? 'names starting with alias/aws/ are reserved for AWS managed keys'
      : 'an alias name starts with alias/, is at most 256 characters, uses only letters, digits and / _ -, and may not start with alias/aws/';
  return `The console checked the name here in your browser, with the rule CreateAlias applies (${rule}), and this name breaks it. ${sent}`;
}

/** A failure of a step that runs in the browser (local AES-GCM, the envelope's own checks), in plain words. */
export interface LocalFailure {
  /** What failed and where, in a few words — always "in your browser", never a KMS exception name. */
  title: string;
  /** What it means, plainly. */
  text: string;
  /** The browser's own words (a DOMException's name and message), only as a detail. */
  browserWords?: string;
}

const NOT_KMS = 'KMS took no part in this step: it only handles the data key, and never sees your data.';

/**
 * What a local envelope step's failure means. An envelope check (EnvelopeError, by its code) says
 * what it found; an error of the browser's own API (WebCrypto, reading a file) is explained, with its
 * raw text only as a detail — never "OperationError" as if it were an answer.
 */
export function describeLocalFailure(error: { name: string; message: string; code?: string; origin?: 'browser' | 'app' }, step: 'encrypt' | 'decrypt'): LocalFailure {
  switch (error.code) {
    case 'chunk-authentication-failed':
      return { title: 'AES-GCM authentication failed — in your browser, not in KMS', text: `${error.message} ${NOT_KMS}` };
    case 'truncated':
    case 'trailing-bytes':
      return { title: 'The envelope’s length is wrong — checked in your browser, before any decryption', text: `${error.message} ${NOT_KMS}` };
    case 'not-an-envelope':
    case 'unsupported-version':
    case 'malformed-header':
      return { title: 'Not a readable envelope — checked in your browser', text: error.message };
  }
  const operation = step === 'encrypt' ? 'Local AES-GCM encryption' : 'Local AES-GCM decryption';
  if (error.origin === 'browser')
    return { title: `${operation} failed — in your browser, not in KMS`, text: explainBrowserError(error, operation), browserWords: `${error.name}${error.message ? `: ${error.message}` : ''}` };
  return { title: `${operation} failed — in your browser, not in KMS`, text: error.message || 'The app stopped before the step completed.' };
}
