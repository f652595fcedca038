// Issue 18's quality measure for level 1 over 10,000 seeds (see quality-kit.ts).
import { describe, expect, it } from 'vitest';
import { largestShares, measureLevel } from './quality-kit';

describe('generated practice, level 1, 10,000 seeds', () => {
  it('every puzzle parses, is valid and has exactly one answer; no outcome above 50%; no two seeds in a row alike', async () => {
    const r = await measureLevel(1, 10_000);
    expect([...new Set(r.problems.map((p) => p.replace(/^v1\.\d\.\d+: /, "")))].slice(0, 10), r.problems.slice(0, 5).join("\n")).toEqual([]);
    for (const [kind, { outcome, share }] of Object.entries(largestShares(r))) expect(share, `${kind}: ${outcome}`).toBeLessThanOrEqual(0.5);
    expect(Object.keys(r.kinds).sort()).toEqual(['behaviour', 'decide', 'fix', 'spot']);
  }, 600_000);
});
