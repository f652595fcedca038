// The decision path (decidePolicy, used by evaluateAccess for every request) and the explanation
// path (evaluatePolicy, which `layers` is built from when first read) must agree statement for
// statement; and the lazily explained result must look exactly like an eagerly built one.

import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { parseCidr } from '../conditions';
import { decidePolicy } from '../evaluate';
import { evaluateAccess, evaluatePolicy, namedPolicy } from '../index';
import type { AccessEvaluation, ContextMap, PolicyKind, PrincipalInfo, RequestContext } from '../types';
import { ACCT, alice, allowAll, KEY, kmsInput, OTHER, ROOT_STATEMENT, session } from './helpers';

// ---------------------------------------------------------------------------------------------
// Random policies and requests, rich enough to reach every branch of both paths

const FED = `arn:aws:sts::${ACCT}:federated-user/fed`;
const PRINCIPALS: PrincipalInfo[] = [
  alice,
  session,
  { arn: `arn:aws:sts::${ACCT}:assumed-role/App/s9`, type: 'AssumedRole', accountId: ACCT },
  { arn: `arn:aws:iam::${ACCT}:role/App`, type: 'Role', accountId: ACCT },
  { arn: `arn:aws:iam::${ACCT}:root`, type: 'Account', accountId: ACCT },
  { arn: `arn:aws:iam::${OTHER}:user/carol`, type: 'User', accountId: OTHER },
  { arn: FED, type: 'FederatedUser', accountId: ACCT },
  { arn: 'logs.amazonaws.com', type: 'Service', accountId: '' },
  { arn: '*', type: 'Anonymous', accountId: '' },
];
const PRINCIPAL_VALUES: unknown[] = [
  '*',
  { AWS: '*' },
  { AWS: ACCT },
  { AWS: `arn:aws:iam::${ACCT}:root` },
  { AWS: alice.arn },
  { AWS: session.roleArn },
  { AWS: session.arn },
  { AWS: [alice.arn, OTHER, `arn:aws:iam::${OTHER}:user/carol`] },
  { Service: ['LOGS.amazonaws.com', 'ec2.amazonaws.com'] },
  { Federated: FED },
  { Federated: FED, CanonicalUser: FED },
  { CanonicalUser: FED },
];
const ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:RetireGrant', 's3:GetObject', 'kms:SomethingNew'];
const ACTION_PATTERNS = ['kms:*', 'kms:Decrypt', 'kms:En*', 'kms:?ecrypt', 'KMS:DECRYPT', '*', 's3:*', 'kms:*Key*', 'kms:Put*'];
const RESOURCES = [
  '*',
  KEY,
  `arn:aws:kms:*:${ACCT}:key/*`,
  `arn:aws:kms:us-east-1:${ACCT}:key/*`,
  'arn:aws:kms:*',
  'arn:aws:k?s:*:*:key/*',
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::${aws:username}/*',
  "arn:aws:s3:::${aws:PrincipalTag/team, 'none'}-bucket/*",
  `arn:aws:kms:*:\${aws:PrincipalAccount}:key/*`,
  'arn:aws:s3:::bucket/${*}',
];
const REQUEST_RESOURCES = [KEY, 'arn:aws:s3:::bucket/obj', 'arn:aws:s3:::alice/x', 'arn:aws:s3:::blue-bucket/a', '*'];
const CONDITIONS: [string, string, unknown][] = [
  ['StringEquals', 'kms:CallerAccount', ACCT],
  ['StringNotEquals', 'kms:CallerAccount', [ACCT, OTHER]],
  ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'BLUE'],
  ['StringLike', 'kms:EncryptionContext:team', 'bl*'],
  ['StringNotLikeIfExists', 'kms:ViaService', 's3.*'],
  ['StringEquals', 'aws:ResourceTag/team', '${aws:PrincipalTag/team}'],
  ['StringEquals', 'aws:username', '${aws:username}'],
  ['StringLike', 'kms:RequestAlias', "alias/${aws:PrincipalTag/team, 'x'}-*"],
  ['ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', ['team', 'app']],
  ['ForAllValues:StringEquals', 'kms:EncryptionContextKeys', ['team', 'app']],
  ['ForAnyValue:StringNotEquals', 'kms:EncryptionContextKeys', 'team'],
  ['Null', 'kms:ViaService', 'true'],
  ['Null', 'kms:EncryptionContextKeys', ['false', 'true']],
  ['Bool', 'aws:SecureTransport', 'false'],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', 'true'],
  ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', '3600'],
  ['NumericGreaterThan', 'aws:MultiFactorAuthAge', 'many'],
  ['DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z'],
  ['DateGreaterThanEquals', 'aws:CurrentTime', ['2020-01-01', '1700000000']],
  ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8', '2001:db8::/32']],
  ['NotIpAddress', 'aws:SourceIp', '192.0.2.0/24'],
  ['ArnLike', 'aws:PrincipalArn', `arn:aws:iam::${ACCT}:role/*`],
  ['ArnNotEquals', 'aws:PrincipalArn', alice.arn],
  ['StringFoo', 'aws:x', 'y'],
  ['NullIfExists', 'aws:x', 'true'],
];

const statementArb = (withPrincipal: boolean) =>
  fc
    .record({
      sid: fc.option(fc.constantFrom('A', 'B', 'Deny it'), { nil: undefined }),
      effect: fc.constantFrom('Allow', 'Allow', 'Deny', 'Maybe', null),
      principal: fc.option(fc.tuple(fc.constantFrom('Principal', 'NotPrincipal'), fc.constantFrom(...PRINCIPAL_VALUES)), { nil: undefined }),
      actions: fc.tuple(fc.constantFrom('Action', 'NotAction', 'Both', 'Neither'), fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 3 })),
      resources: fc.tuple(fc.constantFrom('Resource', 'Resource', 'NotResource', 'Neither'), fc.uniqueArray(fc.constantFrom(...RESOURCES), { minLength: 1, maxLength: 2 })),
      conditions: fc.uniqueArray(fc.constantFrom(...CONDITIONS), { maxLength: 3, selector: ([op, key]) => `${op}|${key}` }),
    })
    .map((r) => {
      const s: Record<string, unknown> = {};
      if (r.sid) s.Sid = r.sid;
      if (r.effect) s.Effect = r.effect;
      if (r.principal && (withPrincipal || r.principal[0] === 'NotPrincipal')) s[r.principal[0]] = r.principal[1];
      const [a, actions] = r.actions;
      if (a === 'Action' || a === 'Both') s.Action = actions;
      if (a === 'NotAction' || a === 'Both') s.NotAction = actions;
      const [res, resources] = r.resources;
      if (res !== 'Neither') s[res] = resources;
      if (r.conditions.length) {
        const c: Record<string, Record<string, unknown>> = {};
        for (const [op, key, v] of r.conditions) (c[op] ??= {})[key] = v;
        s.Condition = c;
      }
      return s;
    });

const kindArb = fc.constantFrom<PolicyKind>('key', 'resource', 'identity', 'boundary', 'scp', 'rcp');
const policyArb = fc
  .tuple(kindArb, fc.constantFrom('2012-10-17', '2008-10-17', null), fc.integer({ min: 1, max: 40 }), fc.infiniteStream(fc.boolean()))
  .chain(([kind, version, n]) =>
    fc.array(statementArb(kind === 'key' || kind === 'resource' || kind === 'rcp'), { minLength: 1, maxLength: n }).map((statements) => {
      const doc: Record<string, unknown> = { Statement: statements };
      if (version) doc.Version = version;
      return namedPolicy(`${kind}-p`, `${kind} policy`, kind, doc);
    }),
  );

const contextArb: fc.Arbitrary<ContextMap> = fc
  .record(
    {
      'kms:CallerAccount': fc.constantFrom(ACCT, OTHER),
      'aws:PrincipalTag/team': fc.constantFrom('blue', 'BLUE', 'red'),
      'aws:PrincipalAccount': fc.constantFrom(ACCT, OTHER),
      'aws:username': fc.constantFrom('alice', 'bob*'),
      'kms:EncryptionContext:team': fc.constantFrom('blue', 'black'),
      'kms:EncryptionContextKeys': fc.constantFrom<string[]>([], ['team'], ['team', 'app'], ['other']),
      'kms:ViaService': fc.constantFrom('s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com'),
      'aws:SecureTransport': fc.constantFrom('true', 'false', 'TRUE'),
      'aws:MultiFactorAuthAge': fc.constantFrom('100', '7200', 'x'),
      'aws:CurrentTime': fc.constantFrom('2026-01-01T00:00:00Z', '2031-01-01T00:00:00Z', 'soon'),
      'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.0.2.7', '2001:db8::1', '203.0.113.9', 'garbage', '010.1.2.3'),
      'aws:PrincipalArn': fc.constantFrom(alice.arn, session.roleArn as string),
      'aws:ResourceTag/team': fc.constantFrom('blue', 'red'),
      'kms:RequestAlias': fc.constantFrom('alias/blue-app', 'alias/x-app'),
      'AWS:SOURCEIP': fc.constant('10.9.9.9'),
    },
    { requiredKeys: [] },
  )
  .map((c) => c as ContextMap);

const requestArb: fc.Arbitrary<RequestContext> = fc.record({
  principal: fc.constantFrom(...PRINCIPALS),
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...REQUEST_RESOURCES),
  resourceAccount: fc.constantFrom(ACCT, OTHER),
  context: contextArb,
});

describe('decidePolicy agrees with evaluatePolicy, statement for statement', () => {
  test('applies, how the principal matched, conservative, errors and missing keys', () => {
    fc.assert(
      fc.property(policyArb, requestArb, fc.boolean(), (policy, request, boundary) => {
        const opts = { callerHasPermissionsBoundary: boundary };
        const explained = evaluatePolicy(policy, request, opts);
        // Twice: the second time the compiled policy's tables are warm.
        for (let round = 0; round < 2; round++) {
          const decided = decidePolicy(policy, request, opts);
          expect(decided.allows).toBe(explained.allows);
          expect(decided.denies).toBe(explained.denies);
          expect(decided.missingContextKeys).toEqual(explained.missingContextKeys);
          const applied = explained.statements.flatMap((s, position) =>
            s.applies ? [{ position, index: s.statement.index, sid: s.statement.sid, effect: s.statement.effect, matchedBy: s.principal.matchedBy, conservative: s.conservative === true }] : [],
          );
          expect(decided.applied.map((a) => ({ position: a.position, index: a.index, sid: a.sid, effect: a.effect, matchedBy: a.matchedBy, conservative: a.conservative }))).toEqual(applied);
          for (const a of decided.applied) {
            expect(a.statement).toBe(explained.statements[a.position].statement);
            expect(a.range).toBe(a.statement.range);
          }
          const errors = explained.statements.flatMap((s) => (s.error ? [{ statementIndex: s.statement.index, message: s.error }] : []));
          expect(decided.errors ?? []).toEqual(errors);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps per-action covers for policies larger than a bit mask (more than 30 statements)', () => {
    for (const n of [29, 30, 31, 45]) {
      const statements = Array.from({ length: n }, (_, i) => ({ Sid: `S${i}`, Effect: i === n - 1 ? 'Deny' : 'Allow', Principal: '*', Action: i % 2 ? 'kms:Decrypt' : 'kms:Encrypt', Resource: '*' }));
      const p = namedPolicy('big', 'big key policy', 'key', { Version: '2012-10-17', Statement: statements });
      for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:Decrypt', 'kms:NeverSeenBefore']) {
        const request: RequestContext = { principal: alice, action, resource: KEY, resourceAccount: ACCT, context: {} };
        const decided = decidePolicy(p, request);
        const explained = evaluatePolicy(p, request);
        expect(decided.applied.map((a) => a.position)).toEqual(explained.statements.flatMap((s, i) => (s.applies ? [i] : [])));
      }
    }
  });
});

describe('the decision path\'s own fast paths', () => {
  it('breaks a tie between a Federated and a CanonicalUser match as matchPrincipal does (Federated, checked first)', () => {
    const caller: PrincipalInfo = { arn: FED, type: 'FederatedUser', accountId: ACCT };
    for (const principal of [{ Federated: FED, CanonicalUser: FED }, { CanonicalUser: FED, Federated: FED }]) {
      const p = namedPolicy('tie', 'tie', 'resource', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' }] });
      const request: RequestContext = { principal: caller, action: 's3:GetObject', resource: 'arn:aws:s3:::b/o', resourceAccount: ACCT, context: {} };
      expect(evaluatePolicy(p, request).statements[0].principal.matchedBy).toBe('federated');
      expect(decidePolicy(p, request).applied[0].matchedBy).toBe('federated');
    }
  });

  test('the IPv4 parser accepts exactly four dot-separated parts of one to three digits, each at most 255', () => {
    const reference = (s: string) => {
      const parts = s.split('.');
      return parts.length === 4 && parts.every((x) => /^\d{1,3}$/.test(x) && Number(x) <= 255) ? parts.map(Number) : null;
    };
    const text = fc.array(fc.constantFrom('0', '1', '2', '5', '9', '.', '.', '/', ' ', 'a'), { maxLength: 17 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.oneof(text, fc.constantFrom('10.0.0.1', '0010.1.2.3', '256.1.1.1', '1.2.3.4.', '.1.2.3', '1..2.3', '255.255.255.255')), (s) => {
        const want = reference(s);
        const got = s.includes('/') || s.includes(':') || s !== s.trim() ? undefined : parseCidr(s);
        if (got === undefined) return;
        expect(got === null ? null : [...got.bytes]).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The result object: `layers` is explained on first read, and looks exactly like a plain property

describe('evaluateAccess results with lazily explained layers', () => {
  const shared = kmsInput(alice, 'kms:Decrypt', [ROOT_STATEMENT], {
    identityPolicies: [namedPolicy('identity-1', 'identity policy 1', 'identity', { Version: '2012-10-17', Statement: [allowAll()] })],
  });
  const input = () => shared;

  it('has the same properties, in the same order, as always', () => {
    const r = evaluateAccess(input());
    expect(Object.keys(r)).toEqual(['decision', 'summary', 'layers', 'decidedBy', 'missingContextKeys', 'errors', 'request', 'allowedVia']);
    const denied = evaluateAccess(kmsInput(alice, 'kms:Decrypt', []));
    expect(Object.keys(denied)).toEqual(['decision', 'summary', 'layers', 'decidedBy', 'missingContextKeys', 'errors', 'request']);
    expect(Object.getOwnPropertySymbols(r).filter((s) => Object.prototype.propertyIsEnumerable.call(r, s))).toEqual([]);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
  });

  it('serialises, spreads and clones with the layers included', () => {
    const r = evaluateAccess(input());
    const json = JSON.parse(JSON.stringify(r)) as AccessEvaluation;
    expect(json.layers.map((l) => l.layer)).toEqual(['explicit-deny', 'key-policy', 'identity']);
    expect(json.layers[1].policies[0].statements[0].principal.explanation).toMatch(/account principal in a key policy/);
    expect({ ...evaluateAccess(input()) }.layers).toHaveLength(3);
    expect(structuredClone(evaluateAccess(input())).layers).toEqual(json.layers);
    expect(evaluateAccess(input())).toEqual(r);
  });

  it('builds the layers once: the same array on every read, then a plain data property', () => {
    const r = evaluateAccess(input());
    const first = r.layers;
    expect(r.layers).toBe(first);
    expect(Object.getOwnPropertyDescriptor(r, 'layers')).toMatchObject({ value: first, writable: true, enumerable: true, configurable: true });
  });

  it('can be assigned, and still answers when frozen before it was read', () => {
    const r = evaluateAccess(input());
    r.layers = [];
    expect(r.layers).toEqual([]);
    const frozen = Object.freeze(evaluateAccess(input()));
    expect(frozen.layers).toHaveLength(3);
    expect(frozen.layers).toBe(frozen.layers);
  });

  it('explains the same way whatever is read first', () => {
    const a = evaluateAccess(input());
    const b = evaluateAccess(input());
    void b.layers[2].policies[0].statements;
    void a.summary;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
