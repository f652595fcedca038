import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../index';
import type { ContextMap } from '../types';
import { alice, pol, request } from './helpers';

/** Does an identity-policy Allow with this Condition block apply to a request with this context? */
function applies(condition: object, context: ContextMap, opts: { version?: string | null; resource?: string; stmtResource?: string } = {}) {
  const p = pol('identity', { Effect: 'Allow', Action: 'kms:Decrypt', Resource: opts.stmtResource ?? '*', Condition: condition }, opts.version === undefined ? '2012-10-17' : opts.version);
  const e = evaluatePolicy(p, request(alice, 'kms:Decrypt', opts.resource, context));
  return e.statements[0];
}
const ok = (condition: object, context: ContextMap, opts = {}) => applies(condition, context, opts).applies;

describe('string operators', () => {
  it.each([
    [{ StringEquals: { 'kms:CallerAccount': '111122223333' } }, { 'kms:CallerAccount': '111122223333' }, true],
    [{ StringEquals: { 'kms:CallerAccount': ['1', '111122223333'] } }, { 'kms:CallerAccount': '111122223333' }, true], // values OR
    [{ StringEquals: { 'aws:username': 'Alice' } }, { 'aws:username': 'alice' }, false], // case-sensitive values
    [{ StringEqualsIgnoreCase: { 'aws:username': 'Alice' } }, { 'aws:username': 'alice' }, true],
    [{ StringNotEqualsIgnoreCase: { 'aws:username': 'Alice' } }, { 'aws:username': 'alice' }, false],
    [{ StringLike: { 'kms:ViaService': 'ec2.*.amazonaws.com' } }, { 'kms:ViaService': 'ec2.us-west-2.amazonaws.com' }, true],
    [{ StringLike: { 'kms:ViaService': 'ec2.?s-west-2.amazonaws.com' } }, { 'kms:ViaService': 'ec2.us-west-2.amazonaws.com' }, true],
    [{ StringEquals: { 'kms:ViaService': 'ec2.*.amazonaws.com' } }, { 'kms:ViaService': 'ec2.us-west-2.amazonaws.com' }, false], // no wildcards in StringEquals
    [{ StringNotEquals: { 'kms:CallerAccount': ['1', '2'] } }, { 'kms:CallerAccount': '3' }, true], // NOR
    [{ StringNotEquals: { 'kms:CallerAccount': ['1', '2'] } }, { 'kms:CallerAccount': '2' }, false], // NOR
    [{ StringNotLike: { 'kms:ViaService': ['s3.*', 'ec2.*'] } }, { 'kms:ViaService': 'ec2.x' }, false],
  ])('%j with %j → %s', (cond, ctx, want) => {
    expect(ok(cond, ctx)).toBe(want);
  });

  it('ANDs operators and keys', () => {
    const cond = { StringEquals: { a: 'x', b: 'y' }, Bool: { 'aws:SecureTransport': 'true' } };
    expect(ok(cond, { a: 'x', b: 'y', 'aws:SecureTransport': 'true' })).toBe(true);
    expect(ok(cond, { a: 'x', b: 'z', 'aws:SecureTransport': 'true' })).toBe(false);
    expect(ok(cond, { a: 'x', b: 'y', 'aws:SecureTransport': 'false' })).toBe(false);
  });

  it('looks keys up case-insensitively, including kms:EncryptionContext:<key> and aws:PrincipalTag/<key>', () => {
    expect(ok({ StringEquals: { 'KMS:EncryptionContext:PURPOSE': 'test' } }, { 'kms:EncryptionContext:purpose': 'test' })).toBe(true);
    expect(ok({ StringEquals: { 'aws:principaltag/TEAM': 'blue' } }, { 'aws:PrincipalTag/team': 'blue' })).toBe(true);
    // …but values stay case-sensitive under StringEquals
    expect(ok({ StringEquals: { 'kms:EncryptionContext:purpose': 'Test' } }, { 'kms:EncryptionContext:purpose': 'test' })).toBe(false);
  });

  it('explains the comparison in plain words', () => {
    const s = applies({ StringEquals: { 'kms:CallerAccount': '111122223333' } }, { 'kms:CallerAccount': '111122223333' });
    expect(s.conditions[0].explanation).toBe('kms:CallerAccount is "111122223333", which equals "111122223333", so StringEquals is true.');
    expect(s.conditions[0].comparisons[0]).toMatchObject({ policyValue: '111122223333', matched: true, requestValues: ['111122223333'] });
  });
});

describe('missing keys, IfExists and Null', () => {
  it.each([
    [{ StringEquals: { 'kms:ViaService': 'x' } }, false],
    [{ StringNotEquals: { 'kms:ViaService': 'x' } }, true],
    [{ StringEqualsIfExists: { 'kms:ViaService': 'x' } }, true],
    [{ StringNotEqualsIfExists: { 'kms:ViaService': 'x' } }, true],
    [{ NumericLessThan: { 'kms:X': '3' } }, false],
    [{ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, true],
    [{ ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::b' } }, true],
    [{ Null: { 'kms:ViaService': 'true' } }, true],
    [{ Null: { 'kms:ViaService': 'false' } }, false],
    [{ 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'a' } }, true],
    [{ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'a' } }, false],
  ])('%j with the key missing → %s', (cond, want) => {
    const s = applies(cond, {});
    expect(s.applies).toBe(want);
    expect(s.conditions[0].missing).toBe(true);
  });

  it('IfExists compares normally when the key is present', () => {
    expect(ok({ StringEqualsIfExists: { 'kms:ViaService': 'x' } }, { 'kms:ViaService': 'y' })).toBe(false);
  });

  it('Null "false" is true when the key is present', () => {
    expect(ok({ Null: { 'kms:ViaService': 'false' } }, { 'kms:ViaService': 'y' })).toBe(true);
  });

  it('reports missing keys on the evaluation', () => {
    const p = pol('identity', { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'x' } } });
    expect(evaluatePolicy(p, request(alice, 'kms:Decrypt')).missingContextKeys).toEqual(['kms:ViaService']);
  });
});

describe('set operators', () => {
  const keys = (v: string[]) => ({ 'kms:EncryptionContextKeys': v });
  it.each([
    ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'b', 'c'], true],
    ['ForAllValues:StringEquals', ['a', 'd'], ['a', 'b', 'c'], false],
    ['ForAllValues:StringEquals', [], ['a'], true], // empty set
    ['ForAnyValue:StringEquals', ['x', 'b'], ['a', 'b'], true],
    ['ForAnyValue:StringEquals', ['x'], ['a', 'b'], false],
    ['ForAnyValue:StringEquals', [], ['a'], false], // empty set
    ['ForAnyValue:StringNotEquals', ['a', 'b'], ['a'], true], // b is not a
    ['ForAnyValue:StringNotEquals', ['a'], ['a'], false],
    ['ForAllValues:StringNotEquals', ['x', 'y'], ['a'], true],
    ['ForAllValues:StringNotEquals', ['x', 'a'], ['a'], false],
    ['ForAllValues:StringLike', ['app-1', 'app-2'], ['app-*'], true],
  ])('%s request %j policy %j → %s', (op, req, polVals, want) => {
    expect(ok({ [op]: { 'kms:EncryptionContextKeys': polVals } }, keys(req))).toBe(want);
  });

  it('a plain operator with a multivalued request value matches when any value matches', () => {
    expect(ok({ StringEquals: { 'aws:TagKeys': 'a' } }, { 'aws:TagKeys': ['b', 'a'] })).toBe(true);
    expect(ok({ StringNotEquals: { 'aws:TagKeys': 'a' } }, { 'aws:TagKeys': ['b', 'a'] })).toBe(false);
  });
});

describe('numeric, date, bool, binary, IP and ARN operators', () => {
  it.each([
    [{ NumericLessThan: { n: '10' } }, { n: '9' }, true],
    [{ NumericLessThan: { n: '10' } }, { n: '10' }, false],
    [{ NumericLessThanEquals: { n: '10' } }, { n: '10' }, true],
    [{ NumericGreaterThan: { n: '1.5' } }, { n: '2' }, true],
    [{ NumericGreaterThanEquals: { n: 2 } }, { n: '1' }, false],
    [{ NumericEquals: { n: '10' } }, { n: '10.0' }, true],
    [{ NumericNotEquals: { n: ['1', '2'] } }, { n: '3' }, true],
    [{ NumericEquals: { n: '1' } }, { n: 'abc' }, false],
    [{ DateLessThan: { 'aws:CurrentTime': '2026-06-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, true],
    [{ DateGreaterThan: { 'aws:CurrentTime': '2026-06-01' } }, { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, false],
    [{ DateEquals: { 'aws:CurrentTime': '1767225600' } }, { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, true], // epoch seconds
    [{ DateEquals: { 'aws:CurrentTime': '2026-01-01T02:00:00+02:00' } }, { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, true],
    [{ DateGreaterThanEquals: { 'aws:EpochTime': '2026-01-01T00:00:00Z' } }, { 'aws:EpochTime': '1767225600' }, true],
    [{ DateNotEquals: { 'aws:CurrentTime': '2020-01-01' } }, { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, true],
    [{ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'TRUE' }, true],
    [{ Bool: { 'aws:SecureTransport': false } }, { 'aws:SecureTransport': 'true' }, false],
    [{ BinaryEquals: { b: 'QmluYXJ5' } }, { b: 'QmluYXJ5' }, true],
    [{ BinaryEquals: { b: 'QmluYXJ5' } }, { b: 'QmluYXJ6' }, false],
    [{ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.77' }, true],
    [{ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.114.1' }, false],
    [{ IpAddress: { 'aws:SourceIp': '203.0.113.5' } }, { 'aws:SourceIp': '203.0.113.5' }, true], // bare IP = /32
    [{ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db8:1234::1' }, true],
    [{ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db9::1' }, false],
    [{ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '::1' }, false], // v4 never matches v6
    [{ NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } }, { 'aws:SourceIp': '192.168.1.1' }, false],
    [{ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::bucket-*' } }, { 'aws:SourceArn': 'arn:aws:s3:::bucket-1' }, true],
    [{ ArnEquals: { 'aws:SourceArn': 'arn:aws:iam::*:role/x' } }, { 'aws:SourceArn': 'arn:aws:iam::111122223333:role/x' }, true],
    [{ ArnLike: { 'aws:SourceArn': 'arn:aws:iam::*:role/x' } }, { 'aws:SourceArn': 'arn:aws:iam::1:2:role/x' }, false], // * stays in its segment
    [{ StringLike: { 'aws:SourceArn': 'arn:aws:iam::*:role/x' } }, { 'aws:SourceArn': 'arn:aws:iam::1:2:role/x' }, true], // StringLike spans ':'
    [{ ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::1:role/a' } }, { 'aws:PrincipalArn': 'arn:aws:iam::1:role/b' }, true],
    [{ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::b' } }, { 'aws:SourceArn': 'not-an-arn' }, false],
  ])('%j with %j → %s', (cond, ctx, want) => {
    expect(ok(cond, ctx)).toBe(want);
  });
});

describe('policy variables', () => {
  it('substitutes variables in Resource and conditions (2012-10-17)', () => {
    expect(ok({}, { 'aws:username': 'alice' }, { stmtResource: 'arn:aws:s3:::home/${aws:username}/*', resource: 'arn:aws:s3:::home/alice/notes' })).toBe(true);
    expect(ok({}, { 'aws:username': 'bob' }, { stmtResource: 'arn:aws:s3:::home/${aws:username}/*', resource: 'arn:aws:s3:::home/alice/notes' })).toBe(false);
    expect(ok({ StringEquals: { 'kms:EncryptionContext:user': '${aws:username}' } }, { 'aws:username': 'alice', 'kms:EncryptionContext:user': 'alice' })).toBe(true);
  });

  it('records resolved variables for the explanation', () => {
    const s = applies({ StringEquals: { 'kms:EncryptionContext:user': '${aws:username}' } }, { 'aws:username': 'alice', 'kms:EncryptionContext:user': 'alice' });
    expect(s.conditions[0].variables).toEqual({ 'aws:username': 'alice' });
    expect(s.conditions[0].comparisons[0].resolvedValue).toBe('alice');
  });

  it('treats variables as literal text under 2008-10-17 and without a Version', () => {
    for (const version of ['2008-10-17', null]) {
      expect(ok({ StringEquals: { 'kms:EncryptionContext:user': '${aws:username}' } }, { 'aws:username': 'alice', 'kms:EncryptionContext:user': 'alice' }, { version })).toBe(false);
      expect(ok({ StringEquals: { 'kms:EncryptionContext:user': '${aws:username}' } }, { 'kms:EncryptionContext:user': '${aws:username}' }, { version })).toBe(true);
    }
  });

  it('a Resource entry whose variable has no value matches nothing', () => {
    const s = applies({}, {}, { stmtResource: 'arn:aws:s3:::home/${aws:username}/*', resource: 'arn:aws:s3:::home//x' });
    expect(s.applies).toBe(false);
    expect(s.resource.explanation).toContain('no value');
  });

  it('a variable without value: positive operator false, negated operator true', () => {
    expect(ok({ StringEquals: { 'kms:EncryptionContext:user': '${aws:username}' } }, { 'kms:EncryptionContext:user': '' })).toBe(false);
    expect(ok({ StringNotEquals: { 'kms:EncryptionContext:user': '${aws:username}' } }, { 'kms:EncryptionContext:user': 'x' })).toBe(true);
  });

  it('uses the default value when the key is missing', () => {
    const c = { StringEquals: { 'kms:EncryptionContext:team': "${aws:PrincipalTag/team, 'company-wide'}" } };
    expect(ok(c, { 'kms:EncryptionContext:team': 'company-wide' })).toBe(true);
    expect(ok(c, { 'kms:EncryptionContext:team': 'blue', 'aws:PrincipalTag/team': 'blue' })).toBe(true);
    expect(ok(c, { 'kms:EncryptionContext:team': 'company-wide', 'aws:PrincipalTag/team': 'blue' })).toBe(false);
  });

  it('${*} ${?} ${$} are literal characters', () => {
    expect(ok({ StringLike: { k: 'a${*}b' } }, { k: 'a*b' })).toBe(true);
    expect(ok({ StringLike: { k: 'a${*}b' } }, { k: 'axxb' })).toBe(false);
    expect(ok({ StringLike: { k: 'a${?}b' } }, { k: 'axb' })).toBe(false);
    expect(ok({ StringEquals: { k: 'cost${$}' } }, { k: 'cost$' })).toBe(true);
  });

  it('substituted values are never re-read as wildcards', () => {
    expect(ok({ StringLike: { k: 'home/${aws:username}' } }, { 'aws:username': 'Bob*', k: 'home/Bobby' })).toBe(false);
    expect(ok({ StringLike: { k: 'home/${aws:username}' } }, { 'aws:username': 'Bob*', k: 'home/Bob*' })).toBe(true);
    expect(ok({}, { 'aws:username': '*' }, { stmtResource: 'arn:aws:s3:::home/${aws:username}', resource: 'arn:aws:s3:::home/alice' })).toBe(false);
  });

  it('multivalued keys cannot be variables', () => {
    expect(ok({ StringEquals: { k: '${aws:TagKeys}' } }, { 'aws:TagKeys': ['a', 'b'], k: 'a' })).toBe(false);
  });
});

describe('unevaluable conditions', () => {
  it('an unknown operator makes an Allow not apply, with an error', () => {
    const s = applies({ StringEqualz: { k: 'v' } }, { k: 'v' });
    expect(s.applies).toBe(false);
    expect(s.error).toMatch(/could not be evaluated/);
    expect(s.conditions[0].error).toBeDefined();
  });

  it('an unknown operator makes a Deny apply conservatively, and says so', () => {
    const p = pol('identity', { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEqualz: { k: 'v' } } });
    const s = evaluatePolicy(p, request(alice, 'kms:Decrypt')).statements[0];
    expect(s.applies).toBe(true);
    expect(s.conservative).toBe(true);
    expect(s.error).toMatch(/conservative/);
  });

  it('a malformed numeric value and NullIfExists are unevaluable', () => {
    expect(applies({ NumericLessThan: { n: 'ten' } }, { n: '1' }).error).toMatch(/not a number/);
    expect(applies({ NullIfExists: { n: 'true' } }, {}).error).toMatch(/IfExists/);
  });
});
