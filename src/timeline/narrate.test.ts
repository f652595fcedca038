import { describe, expect, it } from 'vitest';
import { createWorld, KmsError, type CallTrace } from '@kms-lab/engine';
import { narrate, shortArn } from './narrate';

async function traces() {
  const world = await createWorld({ now: new Date('2026-01-01T00:00:00Z') });
  const kms = world.client({ region: 'us-east-1' });
  const { KeyMetadata } = await kms.createKey({ Description: 'narrate' });
  const createTrace = kms.lastTrace!;
  const { CiphertextBlob } = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: new TextEncoder().encode('hi'), EncryptionContext: { a: 'b' } });
  const encryptTrace = kms.lastTrace!;
  let failed: CallTrace | undefined;
  try {
    await kms.decrypt({ CiphertextBlob, EncryptionContext: { a: 'c' } });
  } catch (e) {
    failed = (e as KmsError).trace;
  }
  return { createTrace, encryptTrace, failed: failed! };
}

describe('narrate', () => {
  it('gives every event of real traces one plain sentence', async () => {
    const { createTrace, encryptTrace, failed } = await traces();
    for (const t of [createTrace, encryptTrace, failed]) {
      const steps = narrate(t);
      expect(steps).toHaveLength(t.events.length);
      for (const s of steps) expect(s.text).toMatch(/^[A-Z].*[.)]$/);
    }
    expect(narrate(encryptTrace).map((s) => s.kind)).toContain('crypto');
    expect(narrate(encryptTrace).some((s) => s.failed)).toBe(false);
  });

  it('marks where a failed call stopped', async () => {
    const { failed } = await traces();
    const steps = narrate(failed);
    expect(steps.some((s) => s.failed)).toBe(true);
    expect(steps.find((s) => s.kind === 'error')?.text).toContain('InvalidCiphertextException');
  });

  it('shortens key ARNs for sentences', () => {
    expect(shortArn('arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')).toBe('key 1234abcd…');
    expect(shortArn('arn:aws:kms:us-east-1:111122223333:alias/payroll')).toBe('alias/payroll');
  });
});
