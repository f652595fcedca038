// Limit/Marker paging: every item exactly once, in order, whatever the page size; a marker stays
// right when items around it come and go; a marker from another list is refused.
import { describe, expect, it } from 'vitest';
import { paginate } from './paging';

const walk = <T>(scope: string, items: T[], position: (x: T, i: number) => number | string, limit: number) => {
  const seen: T[] = [];
  let marker: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = paginate(scope, items, position, limit, marker);
    seen.push(...page.items);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (!page.Truncated) {
      expect(page.NextMarker).toBeUndefined();
      return seen;
    }
    marker = page.NextMarker;
  }
  throw new Error('paging did not end');
};

describe('paginate', () => {
  it('returns every item once, in order, for any page size (numbers and strings)', () => {
    const nums = Array.from({ length: 1001 }, (_, i) => ({ seq: i * 3 + 1 }));
    for (const limit of [1, 7, 100, 1000, 1001, 5000]) expect(walk('K', nums, (x) => x.seq, limit)).toEqual(nums);
    const names = ['alias/a', 'alias/b', 'alias/b2', 'alias/c', 'alias/z'];
    for (const limit of [1, 2, 5]) expect(walk('A', names, (x) => x, limit)).toEqual(names);
    expect(paginate('K', [], (x: { seq: number }) => x.seq, 10)).toEqual({ items: [], Truncated: false });
  });

  it('continues after the marker position when items are added or removed between calls', () => {
    const items = [1, 2, 3, 4, 5, 6].map((seq) => ({ seq }));
    const first = paginate('K', items, (x) => x.seq, 2);
    expect(first.items.map((x) => x.seq)).toEqual([1, 2]);
    const changed = [1, 3, 4, 6, 7].map((seq) => ({ seq })); // 2 and 5 gone, 7 added
    const next = paginate('K', changed, (x) => x.seq, 2, first.NextMarker);
    expect(next.items.map((x) => x.seq)).toEqual([3, 4]);
    expect(paginate('K', changed, (x) => x.seq, 2, next.NextMarker).items.map((x) => x.seq)).toEqual([6, 7]);
    expect(paginate('K', [{ seq: 1 }], (x) => x.seq, 2, paginate('K', [{ seq: 1 }, { seq: 9 }], (x) => x.seq, 1).NextMarker).items).toEqual([]);
  });

  it('refuses a marker it did not issue, or one from another list', () => {
    const items = [1, 2, 3].map((seq) => ({ seq }));
    const marker = paginate('ListKeys', items, (x) => x.seq, 1).NextMarker;
    expect(() => paginate('ListAliases', items, (x) => x.seq, 1, marker)).toThrow(expect.objectContaining({ name: 'InvalidMarkerException' }));
    expect(() => paginate('ListKeys', items, (x) => x.seq, 1, 'not-a-marker')).toThrow(expect.objectContaining({ name: 'InvalidMarkerException' }));
  });
});
