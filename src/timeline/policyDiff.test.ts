import { describe, expect, it } from 'vitest';
import { policyDiff } from './policyDiff';

const root = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
const admin = { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/Admin' }, Action: ['kms:Create*', 'kms:Describe*'], Resource: '*' };
const doc = (...st: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: st });

describe('policyDiff', () => {
  it('names the statement removed and the one kept (the trust lesson’s tightening)', () => {
    const d = policyDiff(doc(root, admin), doc(admin))!;
    expect(d.removed.map((s) => s.sid)).toEqual(['Enable IAM User Permissions']);
    expect(d.removed[0].text).toContain('"AWS": "arn:aws:iam::111122223333:root"');
    expect(d.added).toEqual([]);
    expect(d.unchanged).toBe(1);
  });

  it('ignores formatting and key order; an edited statement is one removed and one added', () => {
    const reordered = JSON.stringify({ Statement: [{ Resource: '*', Action: 'kms:*', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Effect: 'Allow', Sid: 'Enable IAM User Permissions' }] }, null, 4);
    expect(policyDiff(doc(root), reordered)).toEqual({ removed: [], added: [], unchanged: 1 });
    const edited = policyDiff(doc(root), doc({ ...root, Action: 'kms:Decrypt' }))!;
    expect(edited.removed).toHaveLength(1);
    expect(edited.added).toHaveLength(1);
    expect(edited.added[0].text).toContain('kms:Decrypt');
  });

  it('counts duplicate statements, accepts a single Statement object, refuses unreadable text', () => {
    expect(policyDiff(doc(root, root), doc(root))!.removed).toHaveLength(1);
    expect(policyDiff(JSON.stringify({ Statement: root }), doc(root, admin))!.added.map((s) => s.sid)).toEqual(['Admins']);
    expect(policyDiff('{"Statement": [', doc(root))).toBeNull();
    expect(policyDiff('[]', doc(root))).toBeNull();
    // Hostile keys are data, not prototype changes.
    const hostile = '{"Statement":[{"__proto__":{"polluted":true},"Effect":"Allow"}]}';
    expect(policyDiff(hostile, doc())!.removed[0].text).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
