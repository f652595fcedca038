// Property tests: an explicit Deny always wins.
//
// Random worlds (a key policy, identity policies, sometimes a permissions boundary, SCPs and
// grants) are built from small sets of actions with wildcards, resources and conditions. An
// independent model written here decides which Deny statements apply; the evaluator must return
// ExplicitDeny exactly when one does, must agree with its own per-statement `applies`, and adding
// an applicable Deny anywhere must turn any decision into ExplicitDeny.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluateAccess, namedPolicy } from './index';
import type { AccessInput, ContextMap, GrantInput, NamedPolicy, PolicyKind, PrincipalInfo } from './types';

const ACCT = '111122223333';
const EXT = '444455556666';
const KEY = `arn:aws:kms:us-west-2:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const KEY2 = `arn:aws:kms:us-west-2:${ACCT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
const S3 = 's3.us-west-2.amazonaws.com';

const PRINCIPALS: PrincipalInfo[] = [
  { arn: `arn:aws:iam::${ACCT}:user/alice`, type: 'User', accountId: ACCT },
  { arn: `arn:aws:sts::${ACCT}:assumed-role/App/s1`, type: 'AssumedRole', accountId: ACCT, roleArn: `arn:aws:iam::${ACCT}:role/App` },
  { arn: `arn:aws:iam::${EXT}:user/carol`, type: 'User', accountId: EXT },
];
const ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:ScheduleKeyDeletion'];
const ACTION_PATTERNS = ['kms:*', 'kms:Decrypt', 'kms:En*', 'kms:Generate*', 'kms:?ecrypt', 'kms:Describe*', 's3:*', '*', 'KMS:DECRYPT', 'kms:Schedule*'];
const RESOURCE_PATTERNS = ['*', KEY, KEY2, `arn:aws:kms:*:${ACCT}:key/*`, `arn:aws:kms:us-east-1:${ACCT}:key/*`];

// ---------------------------------------------------------------------------------------------
// The request

interface Req {
  principal: PrincipalInfo;
  action: string;
  via?: string;
  secure: 'true' | 'false';
  ec?: Record<string, string>;
}

function contextOf(r: Req): ContextMap {
  const ctx: ContextMap = {
    'aws:PrincipalArn': r.principal.roleArn ?? r.principal.arn,
    'aws:PrincipalAccount': r.principal.accountId,
    'kms:CallerAccount': r.principal.accountId,
    'aws:SecureTransport': r.secure,
  };
  if (r.via) ctx['kms:ViaService'] = r.via;
  if (r.ec) {
    ctx['kms:EncryptionContextKeys'] = Object.keys(r.ec);
    for (const [k, v] of Object.entries(r.ec)) ctx[`kms:EncryptionContext:${k}`] = v;
  }
  return ctx;
}

const reqArb: fc.Arbitrary<Req> = fc.record({
  principal: fc.constantFrom(...PRINCIPALS),
  action: fc.constantFrom(...ACTIONS),
  via: fc.option(fc.constantFrom(S3, 'ec2.us-west-2.amazonaws.com'), { nil: undefined }),
  secure: fc.constantFrom('true' as const, 'false' as const),
  ec: fc.option(fc.constantFrom<Record<string, string>>({ dept: 'hr' }, { dept: 'it' }, { dept: 'hr', app: 'x' }, { app: 'x' }), { nil: undefined }),
});

// ---------------------------------------------------------------------------------------------
// Conditions: the JSON, and the model's own reading of it

interface CondTemplate {
  op: string;
  key: string;
  value: string | string[];
  holds: (ctx: ContextMap) => boolean;
}
const get = (ctx: ContextMap, k: string) => ctx[k];
const CONDITIONS: CondTemplate[] = [
  { op: 'StringEquals', key: 'kms:CallerAccount', value: ACCT, holds: (c) => get(c, 'kms:CallerAccount') === ACCT },
  { op: 'StringEquals', key: 'kms:ViaService', value: S3, holds: (c) => get(c, 'kms:ViaService') === S3 },
  { op: 'StringNotEquals', key: 'kms:ViaService', value: S3, holds: (c) => get(c, 'kms:ViaService') !== S3 },
  { op: 'StringEqualsIfExists', key: 'kms:ViaService', value: S3, holds: (c) => get(c, 'kms:ViaService') === undefined || get(c, 'kms:ViaService') === S3 },
  { op: 'Null', key: 'kms:ViaService', value: 'true', holds: (c) => get(c, 'kms:ViaService') === undefined },
  { op: 'Null', key: 'kms:EncryptionContextKeys', value: 'false', holds: (c) => get(c, 'kms:EncryptionContextKeys') !== undefined },
  { op: 'Bool', key: 'aws:SecureTransport', value: 'false', holds: (c) => get(c, 'aws:SecureTransport') === 'false' },
  { op: 'StringLike', key: 'kms:EncryptionContext:Dept', value: 'h*', holds: (c) => String(get(c, 'kms:EncryptionContext:dept') ?? '').startsWith('h') },
  { op: 'StringNotEqualsIfExists', key: 'kms:EncryptionContext:dept', value: 'hr', holds: (c) => get(c, 'kms:EncryptionContext:dept') !== 'hr' },
  { op: 'ArnLike', key: 'aws:PrincipalArn', value: `arn:aws:iam::${ACCT}:*`, holds: (c) => String(get(c, 'aws:PrincipalArn')).startsWith(`arn:aws:iam::${ACCT}:`) },
  {
    op: 'ForAnyValue:StringEquals',
    key: 'kms:EncryptionContextKeys',
    value: 'dept',
    holds: (c) => ((get(c, 'kms:EncryptionContextKeys') as string[] | undefined) ?? []).includes('dept'),
  },
  {
    op: 'ForAllValues:StringEquals',
    key: 'kms:EncryptionContextKeys',
    value: 'dept',
    holds: (c) => ((get(c, 'kms:EncryptionContextKeys') as string[] | undefined) ?? []).every((k) => k === 'dept'),
  },
  { op: 'StringNotEquals', key: 'kms:CallerAccount', value: [ACCT, '999999999999'], holds: (c) => get(c, 'kms:CallerAccount') !== ACCT },
];

// ---------------------------------------------------------------------------------------------
// Statements

type PrincipalChoice = '*' | 'alice' | 'role' | 'root' | 'carol';
interface Stmt {
  effect: 'Allow' | 'Deny';
  notAction: boolean;
  actions: string[];
  resource: string;
  conds: CondTemplate[];
  principal?: PrincipalChoice;
}

const PRINCIPAL_ARN: Record<Exclude<PrincipalChoice, '*'>, string> = {
  alice: PRINCIPALS[0].arn,
  role: PRINCIPALS[1].roleArn ?? '',
  root: `arn:aws:iam::${ACCT}:root`,
  carol: PRINCIPALS[2].arn,
};

function stmtArb(withPrincipal: boolean): fc.Arbitrary<Stmt> {
  return fc
    .record({
      effect: fc.constantFrom('Allow' as const, 'Deny' as const),
      notAction: fc.boolean(),
      actions: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 3 }),
      resource: fc.constantFrom(...RESOURCE_PATTERNS),
      conds: fc.uniqueArray(fc.constantFrom(...CONDITIONS), { maxLength: 2, selector: (c) => `${c.op}|${c.key.toLowerCase()}` }),
      principal: fc.constantFrom<PrincipalChoice>('*', 'alice', 'role', 'root', 'carol'),
    })
    .map((s) => {
      // The account principal in a Deny is left out: the model would have to take a position on it.
      const principal = withPrincipal ? (s.effect === 'Deny' && s.principal === 'root' ? '*' : s.principal) : undefined;
      return { ...s, principal };
    });
}

function stmtJson(s: Stmt, i: number): Record<string, unknown> {
  const condition: Record<string, Record<string, string | string[]>> = {};
  for (const c of s.conds) (condition[c.op] ??= {})[c.key] = c.value;
  return {
    Sid: `S${i}`,
    Effect: s.effect,
    ...(s.principal === undefined ? {} : { Principal: s.principal === '*' ? '*' : { AWS: PRINCIPAL_ARN[s.principal] } }),
    ...(s.notAction ? { NotAction: s.actions } : { Action: s.actions }),
    Resource: s.resource,
    ...(s.conds.length ? { Condition: condition } : {}),
  };
}

/** The model: does this statement apply to the request? */
function modelApplies(s: Stmt, r: Req, ctx: ContextMap): boolean {
  if (s.principal !== undefined && s.principal !== '*') {
    const arn = PRINCIPAL_ARN[s.principal];
    const p = r.principal;
    const ok = arn === p.arn || (p.roleArn !== undefined && arn === p.roleArn) || (s.principal === 'root' && p.accountId === ACCT);
    if (!ok) return false;
  }
  const actionMatches = s.actions.some((a) => matchesRef(a, r.action, true));
  if (s.notAction === actionMatches) return false;
  if (!(s.resource === '*' || matchesRef(s.resource, KEY, false))) return false;
  return s.conds.every((c) => c.holds(ctx));
}

/** Independent glob: * any run, ? one character. */
function matchesRef(pattern: string, value: string, ci: boolean): boolean {
  const p = ci ? pattern.toLowerCase() : pattern;
  const v = ci ? value.toLowerCase() : value;
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const k = `${i},${j}`;
    const hit = memo.get(k);
    if (hit !== undefined) return hit;
    let out: boolean;
    if (i === p.length) out = j === v.length;
    else if (p[i] === '*') out = go(i + 1, j) || (j < v.length && go(i, j + 1));
    else out = j < v.length && (p[i] === '?' || p[i] === v[j]) && go(i + 1, j + 1);
    memo.set(k, out);
    return out;
  };
  return go(0, 0);
}

// ---------------------------------------------------------------------------------------------
// Worlds

interface World {
  req: Req;
  keyPolicy: Stmt[];
  identity: Stmt[][];
  boundary?: Stmt[];
  scp?: Stmt[];
  grantOps?: string[];
}

const worldArb: fc.Arbitrary<World> = fc.record({
  req: reqArb,
  keyPolicy: fc.array(stmtArb(true), { minLength: 1, maxLength: 6 }),
  identity: fc.array(fc.array(stmtArb(false), { minLength: 1, maxLength: 4 }), { maxLength: 2 }),
  boundary: fc.option(fc.array(stmtArb(false), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  scp: fc.option(fc.array(stmtArb(false), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  grantOps: fc.option(fc.subarray(['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'], { minLength: 1 }), { nil: undefined }),
});

let seq = 0;
function named(kind: PolicyKind, stmts: Stmt[]): NamedPolicy {
  seq++;
  return namedPolicy(`${kind}-${seq}`, `${kind} ${seq}`, kind, { Version: '2012-10-17', Statement: stmts.map(stmtJson) });
}

const FULL_AWS_ACCESS: Stmt = { effect: 'Allow', notAction: false, actions: ['*'], resource: '*', conds: [] };

function inputOf(w: World): AccessInput {
  const ctx = contextOf(w.req);
  const input: AccessInput = {
    request: { principal: w.req.principal, action: w.req.action, resource: KEY, resourceAccount: ACCT, context: ctx },
    keyPolicy: named('key', w.keyPolicy),
    key: { arn: KEY, accountId: ACCT, keyManager: 'CUSTOMER' },
    identityPolicies: w.identity.map((p) => named('identity', p)),
  };
  if (w.boundary) input.permissionsBoundary = named('boundary', w.boundary);
  if (w.scp) input.scps = [[named('scp', [FULL_AWS_ACCESS])], [named('scp', w.scp)]];
  if (w.grantOps) {
    const grant: GrantInput = { grantId: 'g1', keyArn: KEY, granteePrincipal: w.req.principal.roleArn ?? w.req.principal.arn, operations: w.grantOps };
    input.grants = [grant];
    if (w.req.ec) input.encryptionContext = w.req.ec;
  }
  return input;
}

function modelDenies(w: World): boolean {
  const ctx = contextOf(w.req);
  const all = [...w.keyPolicy, ...w.identity.flat(), ...(w.boundary ?? []), ...(w.scp ?? [])];
  return all.some((s) => s.effect === 'Deny' && modelApplies(s, w.req, ctx));
}

describe('an explicit Deny always wins', () => {
  test('the generator is not vacuous: it produces all three decisions', () => {
    const counts = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
    for (const w of fc.sample(worldArb, { numRuns: 600, seed: 42 })) counts[evaluateAccess(inputOf(w)).decision]++;
    expect(counts.ExplicitDeny).toBeGreaterThan(60);
    expect(counts.ImplicitDeny).toBeGreaterThan(60);
    expect(counts.Allow).toBeGreaterThan(20);
  });

  test('ExplicitDeny exactly when the independent model finds an applicable Deny', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const result = evaluateAccess(inputOf(w));
        const denies = modelDenies(w);
        if (denies) expect(result.decision).toBe('ExplicitDeny');
        else expect(result.decision).not.toBe('ExplicitDeny');
      }),
      { numRuns: 1500 },
    );
  });

  test("ExplicitDeny exactly when the evaluator's own statement results contain an applicable Deny", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const result = evaluateAccess(inputOf(w));
        const applicableDeny = result.layers.some((l) =>
          l.policies.some((p) => p.statements.some((s) => s.applies && s.statement.effect === 'Deny')),
        );
        expect(result.decision === 'ExplicitDeny').toBe(applicableDeny);
        if (result.decision === 'ExplicitDeny') expect(result.decidedBy.every((d) => d.effect === 'Deny')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test('adding an applicable Deny to any policy makes the decision ExplicitDeny', () => {
    const where = fc.constantFrom('key', 'identity', 'boundary', 'scp');
    fc.assert(
      fc.property(worldArb, where, (w, at) => {
        const deny: Stmt = { effect: 'Deny', notAction: false, actions: [w.req.action], resource: '*', conds: [] };
        const w2: World = { ...w, identity: w.identity.map((p) => [...p]) };
        if (at === 'key') w2.keyPolicy = [...w.keyPolicy, { ...deny, principal: '*' }];
        else if (at === 'identity') w2.identity = [...w2.identity, [deny]];
        else if (at === 'boundary') w2.boundary = [...(w.boundary ?? [FULL_AWS_ACCESS]), deny];
        else w2.scp = [...(w.scp ?? [FULL_AWS_ACCESS]), deny];
        expect(evaluateAccess(inputOf(w2)).decision).toBe('ExplicitDeny');
      }),
      { numRuns: 800 },
    );
  });

  test('a grant never turns a denied request into Allow when a Deny applies, and never denies', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const withGrant: World = { ...w, grantOps: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'] };
        const without: World = { ...w, grantOps: undefined };
        const a = evaluateAccess(inputOf(withGrant)).decision;
        const b = evaluateAccess(inputOf(without)).decision;
        if (b === 'ExplicitDeny') expect(a).toBe('ExplicitDeny');
        if (b === 'Allow') expect(a).toBe('Allow');
      }),
      { numRuns: 800 },
    );
  });
});
