import { describe, expect, it } from 'vitest';
import { availability, type KeyAction } from './availability';
import type { KeyMetadata } from '../../store';

const meta = (over: Partial<KeyMetadata>): KeyMetadata =>
  ({ KeyId: 'k', Arn: 'arn', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER', Enabled: true, ...over }) as KeyMetadata;

const allowed = (m: KeyMetadata, rot = false) =>
  (['EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'RotateKeyOnDemand', 'EnableKeyRotation', 'DisableKeyRotation'] as KeyAction[]).filter((a) => availability(m, a, rot).allowed);

describe('actions allowed by key state (kms-behaviour.md §4)', () => {
  it('Enabled', () => expect(allowed(meta({}))).toEqual(['DisableKey', 'ScheduleKeyDeletion', 'RotateKeyOnDemand', 'EnableKeyRotation']));
  it('Enabled with rotation on', () => expect(allowed(meta({}), true)).toContain('DisableKeyRotation'));
  it('Disabled', () => expect(allowed(meta({ KeyState: 'Disabled' }))).toEqual(['EnableKey', 'ScheduleKeyDeletion']));
  it('PendingDeletion', () => expect(allowed(meta({ KeyState: 'PendingDeletion' }))).toEqual(['CancelKeyDeletion']));
  it('PendingImport', () => expect(allowed(meta({ KeyState: 'PendingImport', Origin: 'EXTERNAL' }))).toEqual(['ScheduleKeyDeletion']));
  it('asymmetric keys do not rotate, with the reason', () => {
    const a = availability(meta({ KeySpec: 'RSA_2048' }), 'RotateKeyOnDemand');
    expect(a.allowed).toBe(false);
    expect(a.reason).toMatch(/UnsupportedOperationException/);
  });
  it('every unavailable action says why', () => {
    for (const state of ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'] as const)
      for (const a of ['EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'RotateKeyOnDemand', 'EnableKeyRotation', 'DisableKeyRotation'] as KeyAction[]) {
        const r = availability(meta({ KeyState: state }), a);
        if (!r.allowed) expect(r.reason, `${a} in ${state}`).toBeTruthy();
      }
  });
});
