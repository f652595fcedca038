// The key state × operation table (kms-behaviour.md §4) as data: for each group of operations, what
// each key state allows and the exact exception AWS raises otherwise (footnotes [1]–[15]).
import {
  keyCreating,
  keyDisabled,
  keyNotPendingDeletion,
  keyPendingDeletion,
  keyPendingImport,
  keyPendingReplicaDeletion,
  keyUnavailable,
  keyUpdating,
  originNotValid,
  type KmsError,
} from '../errors';
import type { KeyState } from '../types';
import type { KeyRecord } from '../world/state';

/** The rows of the §4 table that the implemented operations fall into. */
export type StateRule =
  /** Encrypt, Decrypt, ReEncrypt, GenerateDataKey* (and CreateGrant later). */
  | 'cryptographic'
  /** DescribeKey, GetKeyPolicy, PutKeyPolicy, ListKeyPolicies, ListResourceTags, ListAliases, DeleteAlias, ListKeyRotations. */
  | 'any-state'
  /** CreateAlias, TagResource, UntagResource, UpdateKeyDescription: anything but pending deletion. */
  | 'not-pending-deletion'
  /** EnableKey, DisableKey. */
  | 'enable-disable'
  | 'schedule-deletion'
  | 'cancel-deletion'
  /** EnableKeyRotation, DisableKeyRotation. */
  | 'rotation-settings'
  | 'rotation-status'
  | 'rotate-on-demand'
  /** UpdateAlias's new target ([10]: a destination pending deletion fails; a source pending deletion is fine). */
  | 'alias-destination'
  | 'create-grant'
  /** GetParametersForImport (the key's origin is checked first, by the operation). */
  | 'get-import-parameters'
  | 'import-key-material'
  | 'delete-imported-key-material'
  | 'replicate'
  | 'update-primary-region';

type Outcome = null | ((arn: string) => KmsError);
const OK: Outcome = null;

const pendingDeletion = (key: KeyRecord) => (key.keyState === 'PendingReplicaDeletion' ? keyPendingReplicaDeletion : keyPendingDeletion);

const TABLE: Record<Exclude<StateRule, 'rotation-settings' | 'rotation-status'>, Record<KeyState, Outcome | 'pending-deletion'>> = {
  cryptographic: {
    Enabled: OK,
    Disabled: keyDisabled, // [1]
    PendingDeletion: 'pending-deletion', // [3] — AWS returns KMSInvalidStateException, not [2]'s DisabledException
    PendingReplicaDeletion: 'pending-deletion',
    PendingImport: keyPendingImport, // [5]
    Unavailable: keyUnavailable, // [11]
    Creating: keyCreating, // [14]
    Updating: OK,
  },
  'any-state': {
    Enabled: OK, Disabled: OK, PendingDeletion: OK, PendingReplicaDeletion: OK, PendingImport: OK, Unavailable: OK, Creating: OK, Updating: OK,
  },
  'not-pending-deletion': {
    Enabled: OK, Disabled: OK, PendingDeletion: 'pending-deletion', PendingReplicaDeletion: 'pending-deletion',
    PendingImport: OK, Unavailable: OK, Creating: OK, Updating: OK,
  },
  'enable-disable': {
    Enabled: OK,
    Disabled: OK,
    PendingDeletion: 'pending-deletion', // [3]
    PendingReplicaDeletion: 'pending-deletion',
    PendingImport: keyPendingImport, // [5]
    Unavailable: OK, // [12] succeeds; the state changes when the key becomes available
    Creating: keyCreating, // [14]
    Updating: keyUpdating, // [15]
  },
  'schedule-deletion': {
    Enabled: OK, Disabled: OK, PendingDeletion: 'pending-deletion', PendingReplicaDeletion: 'pending-deletion',
    PendingImport: OK, Unavailable: OK, Creating: OK, Updating: keyUpdating, // [15]
  },
  'cancel-deletion': {
    Enabled: keyNotPendingDeletion, // [4]
    Disabled: keyNotPendingDeletion,
    PendingDeletion: OK,
    PendingReplicaDeletion: OK,
    PendingImport: keyNotPendingDeletion,
    Unavailable: keyNotPendingDeletion, // [4][13]
    Creating: keyNotPendingDeletion,
    Updating: keyNotPendingDeletion,
  },
  'rotate-on-demand': {
    Enabled: OK,
    Disabled: keyDisabled, // "<arn> is disabled." (AWS-validated)
    PendingDeletion: 'pending-deletion',
    PendingReplicaDeletion: 'pending-deletion',
    PendingImport: keyPendingImport, // "<arn> is pending import." (AWS-validated)
    Unavailable: keyUnavailable,
    Creating: keyCreating,
    Updating: OK,
  },
  'alias-destination': {
    Enabled: OK, Disabled: OK, PendingDeletion: 'pending-deletion', PendingReplicaDeletion: 'pending-deletion',
    PendingImport: OK, Unavailable: OK, Creating: OK, Updating: OK,
  },
  'create-grant': {
    Enabled: OK, Disabled: keyDisabled, PendingDeletion: 'pending-deletion', PendingReplicaDeletion: 'pending-deletion',
    PendingImport: keyPendingImport, Unavailable: OK, Creating: keyCreating, Updating: OK,
  },
  'get-import-parameters': {
    Enabled: OK, Disabled: OK, PendingDeletion: 'pending-deletion', PendingReplicaDeletion: 'pending-deletion', // [8]
    PendingImport: OK, Unavailable: keyUnavailable, Creating: keyCreating, Updating: keyUpdating,
  },
  'import-key-material': {
    Enabled: OK, Disabled: OK, PendingDeletion: 'pending-deletion', PendingReplicaDeletion: 'pending-deletion', // [8]
    PendingImport: OK, Unavailable: keyUnavailable, Creating: keyCreating, Updating: OK,
  },
  'delete-imported-key-material': {
    Enabled: OK, Disabled: OK, PendingDeletion: OK, PendingReplicaDeletion: OK,
    PendingImport: OK, Unavailable: keyUnavailable, Creating: keyCreating, Updating: keyUpdating,
  },
  replicate: {
    Enabled: OK, Disabled: keyDisabled, PendingDeletion: 'pending-deletion', PendingReplicaDeletion: 'pending-deletion',
    PendingImport: keyPendingImport, Unavailable: keyUnavailable, Creating: keyCreating, Updating: keyUpdating,
  },
  'update-primary-region': {
    Enabled: OK, Disabled: keyDisabled, PendingDeletion: 'pending-deletion', PendingReplicaDeletion: 'pending-deletion',
    PendingImport: keyPendingImport, Unavailable: keyUnavailable, Creating: keyCreating, Updating: OK,
  },
};

/**
 * The error AWS raises for this key in its current state under `rule`, or undefined when the
 * operation may proceed.
 */
export function keyStateError(rule: StateRule, key: KeyRecord): KmsError | undefined {
  const arn = key.arn;
  if (rule === 'rotation-settings' || rule === 'rotation-status') {
    // [6]/[7]: keys with imported material (origin EXTERNAL) cannot rotate automatically.
    if (key.origin !== 'AWS_KMS') return originNotValid(arn, key.origin);
    if (rule === 'rotation-status') return key.keyState === 'Unavailable' ? keyUnavailable(arn) : undefined;
    switch (key.keyState) {
      case 'Disabled':
        return keyDisabled(arn); // [1]
      case 'PendingDeletion':
      case 'PendingReplicaDeletion':
        return pendingDeletion(key)(arn); // [3]
      case 'Unavailable':
        return keyUnavailable(arn);
      case 'Creating':
        return keyCreating(arn); // [14]
      default:
        return undefined;
    }
  }
  const outcome = TABLE[rule][key.keyState];
  if (outcome === null) return undefined;
  if (outcome === 'pending-deletion') return pendingDeletion(key)(arn);
  return outcome(arn);
}
