// Property tests: IAM wildcard matching (`*` any run, `?` one character, nothing else special)
// against an independent reference — a plain dynamic-programming matcher written here.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { matchArn, matchWildcard } from './index';

/** Reference: classic O(n·m) DP over (pattern prefix, value prefix). */
function referenceMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const p = caseInsensitive ? [...pattern].map((c) => (c === '*' || c === '?' ? c : c.toLowerCase())) : [...pattern];
  const v = caseInsensitive ? [...value].map((c) => c.toLowerCase()) : [...value];
  // dp[j] = pattern[0..i) matches value[0..j)
  let dp: boolean[] = new Array(v.length + 1).fill(false);
  dp[0] = true;
  for (let i = 0; i < p.length; i++) {
    const next: boolean[] = new Array(v.length + 1).fill(false);
    if (p[i] === '*') {
      next[0] = dp[0];
      for (let j = 1; j <= v.length; j++) next[j] = dp[j] || next[j - 1];
    } else {
      for (let j = 1; j <= v.length; j++) next[j] = dp[j - 1] && (p[i] === '?' || p[i] === v[j - 1]);
    }
    dp = next;
  }
  return dp[v.length];
}

// A small alphabet so matches are frequent: letters of both cases, separators, and the wildcards.
const patternChar = fc.constantFrom('a', 'b', 'A', 'B', '/', ':', '-', '*', '?');
const valueChar = fc.constantFrom('a', 'b', 'A', 'B', '/', ':', '-', '*', '?', 'c');
const pattern = fc.array(patternChar, { maxLength: 12 }).map((cs) => cs.join(''));
const value = fc.array(valueChar, { maxLength: 14 }).map((cs) => cs.join(''));

/** A value the pattern must match: each * replaced by a random run, each ? by one character. */
const patternAndInstance = fc
  .array(fc.tuple(patternChar, fc.array(valueChar, { maxLength: 3 }).map((cs) => cs.join('')), valueChar), { maxLength: 10 })
  .map((parts) => {
    let p = '';
    let v = '';
    for (const [c, run, one] of parts) {
      p += c;
      v += c === '*' ? run : c === '?' ? one : c;
    }
    return { p, v };
  });

describe('matchWildcard agrees with a reference matcher', () => {
  test('case-sensitive, random pattern and value', () => {
    fc.assert(
      fc.property(pattern, value, (p, v) => {
        expect(matchWildcard(p, v, false)).toBe(referenceMatch(p, v, false));
      }),
      { numRuns: 3000 },
    );
  });

  test('case-insensitive, random pattern and value', () => {
    fc.assert(
      fc.property(pattern, value, (p, v) => {
        expect(matchWildcard(p, v, true)).toBe(referenceMatch(p, v, true));
      }),
      { numRuns: 3000 },
    );
  });

  test('a pattern matches every instance made from it (both modes)', () => {
    fc.assert(
      fc.property(patternAndInstance, ({ p, v }) => {
        expect(referenceMatch(p, v, false)).toBe(true);
        expect(matchWildcard(p, v, false)).toBe(true);
        expect(matchWildcard(p, v, true)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('case-insensitive matching equals matching the lower-cased strings', () => {
    fc.assert(
      fc.property(pattern, value, (p, v) => {
        expect(matchWildcard(p, v, true)).toBe(matchWildcard(p.toLowerCase(), v.toLowerCase(), false));
      }),
      { numRuns: 2000 },
    );
  });

  test('a pattern without wildcards matches only itself', () => {
    const plain = fc.array(fc.constantFrom('a', 'b', 'A', '/', ':'), { maxLength: 10 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(plain, plain, (p, v) => {
        expect(matchWildcard(p, v, false)).toBe(p === v);
      }),
      { numRuns: 2000 },
    );
  });

  test('"*" matches everything, "" only the empty string', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(matchWildcard('*', v, false)).toBe(true);
        expect(matchWildcard('', v, false)).toBe(v === '');
      }),
    );
  });

  test('adversarial patterns stay fast (no exponential backtracking)', () => {
    const v = 'a'.repeat(5000);
    const start = performance.now();
    expect(matchWildcard('*a*a*a*a*a*a*a*a*a*a*b', v, false)).toBe(false);
    expect(matchWildcard('*a*a*a*a*a*a*a*a*a*a*a', v, true)).toBe(true);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

// ---------------------------------------------------------------------------------------------
// ARN matching: the same wildcards, per ARN segment.

const segment = fc.array(fc.constantFrom('a', 'b', '1', '-'), { minLength: 1, maxLength: 4 }).map((cs) => cs.join(''));
const resourcePart = fc.array(fc.constantFrom('a', 'b', '/', ':', '1'), { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));
const arn = fc.tuple(segment, segment, segment, resourcePart).map(([svc, region, acct, res]) => `arn:aws:${svc}:${region}:${acct}:${res}`);

describe('matchArn', () => {
  test('a wildcard-free pattern matches only the identical ARN', () => {
    fc.assert(
      fc.property(arn, arn, (p, a) => {
        expect(matchArn(p, a)).toBe(p === a);
      }),
      { numRuns: 2000 },
    );
  });

  test('"*" matches every ARN; a wildcard in one segment matches any value of that segment', () => {
    fc.assert(
      fc.property(fc.tuple(segment, segment, segment, resourcePart), ([svc, region, acct, res]) => {
        const a = `arn:aws:${svc}:${region}:${acct}:${res}`;
        expect(matchArn('*', a)).toBe(true);
        expect(matchArn(`arn:aws:${svc}:*:${acct}:${res}`, a)).toBe(true);
        expect(matchArn(`arn:aws:${svc}:${region}:*:${res}`, a)).toBe(true);
        expect(matchArn(`arn:aws:${svc}:${region}:${acct}:*`, a)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
