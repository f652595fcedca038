import { describe, expect, it } from 'vitest';
import { createWorld } from '@kms-lab/engine';
import { runDemo, type DemoId } from './demos';
import { withDetail } from './flow';
import { toFlow } from './project';
import { mapCursor, toSteps } from './steps';

// The `class` level of detail (issue 20): one idea per step, a call's routine checks folded into one.

async function demo(id: DemoId) {
  const world = await createWorld({ now: new Date('2026-01-01T00:00:00Z') });
  return runDemo(id, world, 'us-east-1');
}

describe('class detail', () => {
  it('folds the envelope demo’s routine checks into one step per call, and keeps every idea', async () => {
    const flow = await demo('envelope');
    const full = toSteps(flow);
    const cls = toSteps(withDetail(flow, 'class'));
    expect(cls.length).toBeLessThan(full.length);
    const routine = full.filter((s) => s.routine).length;
    expect(routine).toBeGreaterThanOrEqual(5);
    // Every pipeline event is covered exactly once, in order.
    expect(cls.flatMap((s) => s.covers ?? [])).toEqual(full.map((s) => s.id));
    const checks = cls.filter((s) => s.title.startsWith('Checks pass'));
    expect(checks.length).toBe(1);
    expect(checks[0].title).toBe('Checks pass (5)');
    expect(checks[0].text).toMatch(/^KMS checks the GenerateDataKey request, and every check passes: the request is valid, the key id names a key, the key is Enabled, its usage is ENCRYPT_DECRYPT and the policies allow kms:GenerateDataKey\.$/);
    // The lone routine step (picking the key material) goes with the work it prepares.
    expect(cls.find((s) => s.covers?.includes('0:7'))?.title).toBe('Bind the encryption context');
    expect(cls.length).toBe(full.length - routine + 1); // 15 → 10
    // Ideas stay steps of their own: the data key made, returned, used locally, discarded, bundled.
    const titles = cls.map((s) => s.title);
    for (const t of ['Generate a data key', 'Return both copies of the data key', 'Encrypt locally (AES-GCM)', 'Discard the plaintext data key', 'Bundle the envelope']) expect(titles).toContain(t);
    expect(cls.map((s) => s.index)).toEqual(cls.map((_, i) => i));
  });

  it('keeps a failing check as a step of its own (the idea of the disable demo)', async () => {
    const flow = await demo('disable');
    const cls = toSteps(withDetail(flow, 'class'));
    const failing = cls.filter((s) => s.failed);
    expect(failing.length).toBeGreaterThan(0);
    for (const f of failing) expect(f.covers).toHaveLength(1);
    expect(failing.some((s) => s.errorName === 'DisabledException')).toBe(true);
  });

  it('draws the same picture at a folded step as at the last check it stands for', async () => {
    const flow = await demo('envelope');
    const cflow = withDetail(flow, 'class');
    const full = toSteps(flow);
    const cls = toSteps(cflow);
    const k = cls.findIndex((s) => s.title.startsWith('Checks pass'));
    const lastFine = full.findIndex((s) => s.id === cls[k].covers![cls[k].covers!.length - 1]);
    const strip = (p: ReturnType<typeof toFlow>) => p.nodes.map((n) => ({ id: n.id, data: JSON.stringify(n.data) })).filter((n) => !/active|spot/i.test(n.data));
    expect(strip(toFlow({ keys: {} }, cflow, k)).map((n) => n.id)).toEqual(strip(toFlow({ keys: {} }, flow, lastFine)).map((n) => n.id));
    expect(mapCursor(full, cls, lastFine)).toBe(k);
    expect(mapCursor(cls, full, k)).toBe(lastFine);
    expect(mapCursor(full, cls, 0)).toBe(0);
  });

  it('withDetail returns the same object when nothing changes, a new one otherwise', async () => {
    const flow = await demo('encrypt-decrypt');
    expect(withDetail(flow, 'full')).toBe(flow);
    const c = withDetail(flow, 'class');
    expect(c).not.toBe(flow);
    expect(withDetail(c, 'class')).toBe(c);
  });
});
