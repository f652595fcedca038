import { describe, expect, it } from 'vitest';
import { lookupContext, matchArn, matchWildcard } from '../index';
import fc from 'fast-check';

describe('matchWildcard', () => {
  it.each([
    ['kms:*', 'kms:Decrypt', true, true],
    ['kms:Gen*', 'kms:GenerateDataKey', true, true],
    ['KMS:decrypt', 'kms:Decrypt', true, true],
    ['KMS:decrypt', 'kms:Decrypt', false, false],
    ['kms:?ncrypt', 'kms:Encrypt', true, true],
    ['kms:?ncrypt', 'kms:Decrypt', true, false],
    ['kms:Encrypt,Decrypt', 'kms:Encrypt', true, false],
    ['a.b', 'aXb', false, false], // no regex metacharacters
    ['a[b]', 'a[b]', false, true],
    ['*', '', false, true],
    ['a*b*c', 'abc', false, true],
    ['a*b*c', 'ab', false, false],
    ['*a*a*a*a*a*a*a*b', 'a'.repeat(60), false, false],
  ])('%s vs %s (ci=%s) → %s', (p, v, ci, want) => {
    expect(matchWildcard(p, v, ci)).toBe(want);
  });

  it('agrees with a reference regex implementation', () => {
    const ref = (p: string, v: string) => new RegExp('^' + p.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('') + '$', 's').test(v);
    fc.assert(
      fc.property(fc.stringMatching(/^[ab*?]{0,8}$/), fc.stringMatching(/^[ab]{0,10}$/), (p, v) => {
        expect(matchWildcard(p, v, false)).toBe(ref(p, v));
      }),
      { numRuns: 500 },
    );
  });
});

describe('matchArn', () => {
  const key = 'arn:aws:kms:us-east-1:111122223333:key/abcd';
  it.each([
    ['*', key, true],
    [key, key, true],
    ['arn:aws:kms:*:111122223333:key/*', key, true],
    ['arn:aws:kms:us-east-1:*:*', key, true],
    ['arn:aws:kms:us-east-1:111122223333:key/ABCD', key, false], // case-sensitive
    ['arn:aws:*:us-east-1:111122223333:key/abcd', key, false], // service not wildcardable
    ['arn:aws:kms:us-*:111122223333:*', key, true],
    ['arn:aws:kms:*1:111122223333:key/*', key, true],
    ['arn:aws:kms:*:111122223333:alias/*', key, false],
    ['arn:aws:ec2:us-east-1:1:instance:*', 'arn:aws:ec2:us-east-1:1:instance:12345', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false],
    ['arn:aws:kms:*', key, true], // fewer than six parts: whole-string pattern
    // * in a segment before the resource does not span ':'
    ['arn:aws:kms:us-east-1:*:key/abcd', 'arn:aws:kms:us-east-1:1:2:key/abcd', false],
    ['arn:aws:kms:us-east-1:111122223333:key/abcd', 'arn:aws:kms:us-east-1:111122223333', false],
  ])('%s vs %s → %s', (p, a, want) => {
    expect(matchArn(p, a)).toBe(want);
  });
});

describe('lookupContext', () => {
  const ctx = { 'aws:CurrentTime': 't', 'kms:EncryptionContext:Purpose': 'p', 'aws:PrincipalTag/Team': 'x' };
  it('is case-insensitive on key names, including the suffix', () => {
    expect(lookupContext(ctx, 'AWS:currenttime')).toBe('t');
    expect(lookupContext(ctx, 'kms:encryptioncontext:purpose')).toBe('p');
    expect(lookupContext(ctx, 'aws:principaltag/TEAM')).toBe('x');
    expect(lookupContext(ctx, 'aws:SourceIp')).toBeUndefined();
  });
});
