// A local step (in the browser, not a KMS call) that fails is told at the KMS level; the browser's
// own error (a DOMException's name and message) is kept only as a detail, never as KMS's answer.
import { describe, expect, it } from 'vitest';
import { createWorld } from '@kms-lab/engine';
import { performAction, meets } from './actions';

describe('local outcomes', () => {
  it('exporting a backing key: refused because KMS never exports key material; the browser text is a detail', async () => {
    const world = await createWorld({});
    const kms = world.client({ region: 'us-east-1' });
    const key = (await kms.createKey({})).KeyMetadata;
    const o = await performAction(world, { local: 'export-backing-key', keyArn: key.Arn }, new Map(), { region: 'us-east-1', principal: 'arn:aws:iam::111122223333:root' });
    expect(o.kind).toBe('local');
    expect(o.ok).toBe(false);
    expect(o.summary).toMatch(/^Refused: KMS never exports a KMS key’s key material/);
    expect(o.summary).not.toMatch(/InvalidAccess|not extractable/i);
    // The browser's own words survive, as a detail.
    expect(o.detail).toMatch(/^Your browser's WebCrypto said: InvalidAccess(Error|Exception): key is not extractable/);
    // What exam explanations and verdicts read: the KMS-level outcome.
    const v = meets(o, { error: 'any' });
    expect(v.ok).toBe(true);
    expect(v.got).toBe(o.summary);
    expect(meets(o, 'success').why).toContain('KMS never exports');
  });

});

describe('the first screen’s lesson 1', () => {
  it('is the course’s first lesson', async () => {
    const { LESSONS } = await import('./index');
    const { FIRST_LESSON } = await import('./first');
    expect({ id: LESSONS[0].id, title: LESSONS[0].title }).toEqual(FIRST_LESSON);
  });
});
