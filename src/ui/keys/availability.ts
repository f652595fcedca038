/**
 * Which key actions a key's state allows, and why the others are unavailable — the key state ×
 * operation table of kms-behaviour.md §4 (and §5 for rotation), in plain words with the exception
 * KMS would answer. Pure: the keys console reads it; the engine remains the judge when you try anyway.
 */
import type { KeyMetadata } from '../../store';

export type KeyAction =
  | 'EnableKey'
  | 'DisableKey'
  | 'ScheduleKeyDeletion'
  | 'CancelKeyDeletion'
  | 'RotateKeyOnDemand'
  | 'EnableKeyRotation'
  | 'DisableKeyRotation';

export interface Availability {
  allowed: boolean;
  /** Why not (or a note when allowed). */
  reason?: string;
}

const pending = (m: KeyMetadata) => m.KeyState === 'PendingDeletion' || m.KeyState === 'PendingReplicaDeletion';

function rotationBlock(m: KeyMetadata): string | undefined {
  if (m.KeyManager === 'AWS') return 'AWS managed keys rotate every year on their own; you cannot change that (UnsupportedOperationException).';
  if (m.KeySpec !== 'SYMMETRIC_DEFAULT') return 'Only symmetric encryption keys rotate; asymmetric and HMAC keys cannot (UnsupportedOperationException).';
  if (m.Origin !== 'AWS_KMS') return `Keys with ${m.Origin} origin do not rotate automatically (UnsupportedOperationException).`;
  if (m.KeyState === 'Disabled') return 'A disabled key does not rotate and its rotation settings cannot change (DisabledException).';
  if (pending(m)) return 'A key pending deletion cannot rotate or change its rotation settings (KMSInvalidStateException).';
  if (m.KeyState === 'PendingImport') return 'The key has no key material yet (KMSInvalidStateException).';
  return undefined;
}

export function availability(m: KeyMetadata, action: KeyAction, rotationEnabled?: boolean): Availability {
  const s = m.KeyState;
  switch (action) {
    case 'EnableKey':
      if (s === 'Disabled') return { allowed: true };
      if (s === 'Enabled') return { allowed: false, reason: 'Already enabled (KMS accepts the call and changes nothing).' };
      if (pending(m)) return { allowed: false, reason: 'A key pending deletion cannot be enabled: cancel the deletion first (KMSInvalidStateException).' };
      if (s === 'PendingImport') return { allowed: false, reason: 'Import key material first (KMSInvalidStateException).' };
      return { allowed: false, reason: `Not in state ${s} (KMSInvalidStateException).` };
    case 'DisableKey':
      if (s === 'Enabled') return { allowed: true };
      if (s === 'Disabled') return { allowed: false, reason: 'Already disabled (KMS accepts the call and changes nothing).' };
      if (pending(m)) return { allowed: false, reason: 'A key pending deletion cannot be disabled; it is already unusable (KMSInvalidStateException).' };
      if (s === 'PendingImport') return { allowed: false, reason: 'The key has no key material yet (KMSInvalidStateException).' };
      return { allowed: false, reason: `Not in state ${s} (KMSInvalidStateException).` };
    case 'ScheduleKeyDeletion':
      if (pending(m)) return { allowed: false, reason: 'Deletion is already scheduled (KMSInvalidStateException).' };
      if (m.KeyManager === 'AWS') return { allowed: false, reason: 'AWS managed keys cannot be deleted.' };
      return { allowed: true, reason: 'Irreversible once the waiting period (7–30 days) ends.' };
    case 'CancelKeyDeletion':
      if (pending(m)) return { allowed: true, reason: 'The key comes back Disabled, not Enabled.' };
      return { allowed: false, reason: 'Only a key pending deletion can have its deletion cancelled (KMSInvalidStateException).' };
    case 'RotateKeyOnDemand': {
      const block = rotationBlock(m);
      return block ? { allowed: false, reason: block } : { allowed: true, reason: 'Adds new key material now; old material keeps decrypting (25 per key).' };
    }
    case 'EnableKeyRotation': {
      const block = rotationBlock(m);
      if (block) return { allowed: false, reason: block };
      return { allowed: true, reason: rotationEnabled ? 'Already on: calling again changes the period.' : undefined };
    }
    case 'DisableKeyRotation': {
      const block = rotationBlock(m);
      if (block) return { allowed: false, reason: block };
      if (!rotationEnabled) return { allowed: false, reason: 'Automatic rotation is already off.' };
      return { allowed: true, reason: 'Existing key material is kept.' };
    }
  }
}
