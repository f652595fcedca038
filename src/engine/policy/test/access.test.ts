import { describe, expect, it } from 'vitest';
import { evaluateAccess } from '../index';
import type { AccessEvaluation, AccessInput, LayerName } from '../types';
import { ACCT, KEY, OTHER, ROOT_STATEMENT, alice, allowAll, anonymous, bob, extSession, extUser, kmsInput, pol, request, root, service, session } from './helpers';

const layer = (r: AccessEvaluation, name: LayerName) => r.layers.find((l) => l.layer === name);
const sids = (r: AccessEvaluation) => r.decidedBy.map((d) => d.sid ?? d.policyId);
const named = (arn: string, action: string | string[] = 'kms:Decrypt', sid = 'Named') => ({ Sid: sid, Effect: 'Allow', Principal: { AWS: arn }, Action: action, Resource: '*' });
const idAllow = (action = 'kms:Decrypt', resource = '*') => pol('identity', { Sid: 'IamAllow', Effect: 'Allow', Action: action, Resource: resource });

describe('KMS, same account', () => {
  it('root statement + IAM allow → Allow through delegation', () => {
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [ROOT_STATEMENT], { identityPolicies: [idAllow()] }));
    expect(r.decision).toBe('Allow');
    expect(r.allowedVia).toEqual(['iam-delegation']);
    expect(sids(r)).toEqual(['Enable IAM User Permissions', 'IamAllow']);
    expect(r.summary).toMatch(/^Allowed — the key policy lets the account delegate to IAM/);
    expect(layer(r, 'key-policy')?.outcome).toBe('allowed');
    expect(r.decidedBy[0].range.start.line).toBe(1);
  });

  it('root statement alone grants nothing', () => {
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [ROOT_STATEMENT]));
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.summary).toMatch(/^Denied — nothing allowed it: .*delegate to IAM, but no IAM policy allows/);
    expect(layer(r, 'identity')?.outcome).toBe('denied');
  });

  it('an IAM allow without the root statement has no effect', () => {
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [named(bob.arn)], { identityPolicies: [idAllow()] }));
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.summary).toMatch(/IAM policies cannot grant access to this key/);
    expect(layer(r, 'key-policy')?.outcome).toBe('denied');
    expect(layer(r, 'identity')?.outcome).toBe('denied');
  });

  it('delegation is limited to what the root statement covers', () => {
    const rootEncryptOnly = { ...ROOT_STATEMENT, Action: 'kms:Encrypt' };
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [rootEncryptOnly], { identityPolicies: [idAllow('kms:*')] }));
    expect(r.decision).toBe('ImplicitDeny');
  });

  it('a user named in the key policy needs no IAM policy, and a boundary does not limit it', () => {
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [named(alice.arn)]));
    expect(r.decision).toBe('Allow');
    expect(r.allowedVia).toEqual(['key-policy']);
    expect(sids(r)).toEqual(['Named']);
    const b = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [named(alice.arn)], { permissionsBoundary: pol('boundary', allowAll('s3:*')) }));
    expect(b.decision).toBe('Allow');
  });

  it('a role named in the key policy matches its sessions, limited by the boundary and session policy', () => {
    const r = evaluateAccess(kmsInput(session, 'kms:Decrypt', [named(session.roleArn as string)]));
    expect(r.decision).toBe('Allow');
    expect(layer(r, 'key-policy')?.policies[0].statements[0].principal.matchedBy).toBe('role');
    const b = evaluateAccess(kmsInput(session, 'kms:Decrypt', [named(session.roleArn as string)], { permissionsBoundary: pol('boundary', allowAll('s3:*')) }));
    expect(b.decision).toBe('ImplicitDeny');
    expect(layer(b, 'boundary')?.outcome).toBe('denied');
    const s = evaluateAccess(kmsInput(session, 'kms:Decrypt', [named(session.roleArn as string)], { sessionPolicy: pol('session', allowAll('s3:*')) }));
    expect(s.decision).toBe('ImplicitDeny');
    const sessArn = evaluateAccess(kmsInput(session, 'kms:Decrypt', [named(session.arn)], { sessionPolicy: pol('session', allowAll('s3:*')) }));
    expect(sessArn.decision).toBe('Allow');
  });

  it('Principal "*" in the same account needs nothing more; kms:CallerAccount narrows it', () => {
    const star = { Sid: 'Everyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': ACCT } } };
    expect(evaluateAccess(kmsInput(alice, 'kms:Decrypt', [star], {}, { 'kms:CallerAccount': ACCT })).decision).toBe('Allow');
    expect(evaluateAccess(kmsInput(alice, 'kms:Decrypt', [star], {}, { 'kms:CallerAccount': OTHER })).decision).toBe('ImplicitDeny');
  });

  it('an explicit deny in the key policy beats every allow', () => {
    const deny = { Sid: 'NoDecrypt', Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' };
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [ROOT_STATEMENT, named(alice.arn), deny], { identityPolicies: [idAllow()] }));
    expect(r.decision).toBe('ExplicitDeny');
    expect(sids(r)).toEqual(['NoDecrypt']);
    expect(r.summary).toMatch(/^Denied — explicit deny in key policy .*"NoDecrypt"/);
    expect(layer(r, 'explicit-deny')?.outcome).toBe('denied');
  });

  it('an IAM deny works even without delegation', () => {
    const deny = pol('identity', { Sid: 'IamDeny', Effect: 'Deny', Action: 'kms:*', Resource: '*' });
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [named(alice.arn)], { identityPolicies: [deny] }));
    expect(r.decision).toBe('ExplicitDeny');
    expect(sids(r)).toEqual(['IamDeny']);
  });

  it('a Deny naming the account principal applies to every principal of the account', () => {
    const deny = { Sid: 'DenyAccount', Effect: 'Deny', Principal: { AWS: ACCT }, Action: 'kms:Decrypt', Resource: '*' };
    expect(evaluateAccess(kmsInput(alice, 'kms:Decrypt', [named(alice.arn), deny])).decision).toBe('ExplicitDeny');
  });

  it('the account root user is allowed by the root statement, and only by the key policy', () => {
    const r = evaluateAccess(kmsInput(root, 'kms:ScheduleKeyDeletion', [ROOT_STATEMENT]));
    expect(r.decision).toBe('Allow');
    expect(r.allowedVia).toEqual(['key-policy']);
    expect(evaluateAccess(kmsInput(root, 'kms:ScheduleKeyDeletion', [named(alice.arn)])).decision).toBe('ImplicitDeny');
  });

  it('a key policy statement without Resource has no effect', () => {
    const noRes = { Sid: 'NoResource', Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'kms:Decrypt' };
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [noRes]));
    expect(r.decision).toBe('ImplicitDeny');
    expect(layer(r, 'key-policy')?.policies[0].statements[0].resource.explanation).toMatch(/no effect/);
  });

  it('a service principal named in the key policy is allowed', () => {
    const s = { Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: 'kms:Encrypt*', Resource: '*' };
    expect(evaluateAccess(kmsInput(service, 'kms:Encrypt', [s])).decision).toBe('Allow');
    expect(evaluateAccess(kmsInput(service, 'kms:Decrypt', [s])).decision).toBe('ImplicitDeny');
  });
});

describe('KMS, cross account', () => {
  const extRoot = { ...ROOT_STATEMENT, Sid: 'External', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: ['kms:Decrypt', 'kms:ScheduleKeyDeletion'] };
  it('needs the key policy and an IAM allow in the caller account', () => {
    const r = evaluateAccess(kmsInput(extUser, 'kms:Decrypt', [ROOT_STATEMENT, extRoot], { identityPolicies: [idAllow('kms:Decrypt', KEY)] }));
    expect(r.decision).toBe('Allow');
    expect(sids(r)).toEqual(['External', 'IamAllow']);
    const noIam = evaluateAccess(kmsInput(extUser, 'kms:Decrypt', [ROOT_STATEMENT, extRoot]));
    expect(noIam.decision).toBe('ImplicitDeny');
    expect(noIam.summary).toMatch(/Cross-account access needs both/);
  });

  it('a named external principal still needs IAM in its own account', () => {
    expect(evaluateAccess(kmsInput(extSession, 'kms:Decrypt', [named(extSession.roleArn as string)])).decision).toBe('ImplicitDeny');
    expect(evaluateAccess(kmsInput(extSession, 'kms:Decrypt', [named(extSession.roleArn as string)], { identityPolicies: [idAllow()] })).decision).toBe('Allow');
  });

  it('only cross-account-capable operations work on a foreign key', () => {
    const r = evaluateAccess(kmsInput(extUser, 'kms:ScheduleKeyDeletion', [extRoot], { identityPolicies: [idAllow('kms:*')] }));
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.summary).toMatch(/cannot be used on a KMS key in another account/);
  });

  it('an IAM allow alone does not reach a foreign key', () => {
    expect(evaluateAccess(kmsInput(extUser, 'kms:Decrypt', [ROOT_STATEMENT], { identityPolicies: [idAllow('kms:*')] })).decision).toBe('ImplicitDeny');
  });
});

describe('grants', () => {
  const grant = (over: object = {}) => ({ grantId: 'g1', keyArn: KEY, granteePrincipal: alice.arn, operations: ['Decrypt', 'DescribeKey'], ...over });

  it('a grant allows without any policy allow, and is named in decidedBy', () => {
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [ROOT_STATEMENT], { grants: [grant()] }));
    expect(r.decision).toBe('Allow');
    expect(r.allowedVia).toEqual(['grant']);
    expect(r.decidedBy.map((d) => d.policyId)).toEqual(['grant:g1']);
    expect(layer(r, 'grants')?.outcome).toBe('allowed');
  });

  it('does not apply to other operations or other principals', () => {
    const r = evaluateAccess(kmsInput(alice, 'kms:Encrypt', [ROOT_STATEMENT], { grants: [grant()] }));
    expect(r.decision).toBe('ImplicitDeny');
    expect(layer(r, 'grants')?.grants?.[0]).toMatchObject({ applies: false });
    expect(layer(r, 'grants')?.grants?.[0].explanation).toMatch(/not Encrypt/);
    expect(evaluateAccess(kmsInput(bob, 'kms:Decrypt', [ROOT_STATEMENT], { grants: [grant()] })).decision).toBe('ImplicitDeny');
  });

  it('a role grantee covers its sessions', () => {
    expect(evaluateAccess(kmsInput(session, 'kms:Decrypt', [], { grants: [grant({ granteePrincipal: session.roleArn })] })).decision).toBe('Allow');
  });

  it('EncryptionContextEquals: exact pairs, keys case-insensitive, values case-sensitive', () => {
    const g = grant({ constraints: { encryptionContextEquals: { Purpose: 'backup' } } });
    const run = (ec: Record<string, string>) => evaluateAccess(kmsInput(alice, 'kms:Decrypt', [], { grants: [g], encryptionContext: ec })).decision;
    expect(run({ Purpose: 'backup' })).toBe('Allow');
    expect(run({ purpose: 'backup' })).toBe('Allow');
    expect(run({ Purpose: 'Backup' })).toBe('ImplicitDeny');
    expect(run({ Purpose: 'backup', extra: 'x' })).toBe('ImplicitDeny');
    expect(run({})).toBe('ImplicitDeny');
  });

  it('EncryptionContextSubset: listed pairs required, others allowed', () => {
    const g = grant({ constraints: { encryptionContextSubset: { Purpose: 'backup' } } });
    const run = (ec: Record<string, string>) => evaluateAccess(kmsInput(alice, 'kms:Decrypt', [], { grants: [g], encryptionContext: ec })).decision;
    expect(run({ Purpose: 'backup', extra: 'x' })).toBe('Allow');
    expect(run({ extra: 'x' })).toBe('ImplicitDeny');
  });

  it('constraints are not applied to DescribeKey', () => {
    const g = grant({ constraints: { encryptionContextEquals: { Purpose: 'backup' } } });
    expect(evaluateAccess(kmsInput(alice, 'kms:DescribeKey', [], { grants: [g] })).decision).toBe('Allow');
  });

  it('grants never beat an explicit deny, nor an SCP without an allow', () => {
    const deny = { Sid: 'Deny', Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' };
    expect(evaluateAccess(kmsInput(alice, 'kms:Decrypt', [deny], { grants: [grant()] })).decision).toBe('ExplicitDeny');
    const scp = [[pol('scp', allowAll('s3:*'))]];
    expect(evaluateAccess(kmsInput(alice, 'kms:Decrypt', [], { grants: [grant()], scps: scp })).decision).toBe('ImplicitDeny');
  });

  it('an external grantee needs no IAM policy', () => {
    expect(evaluateAccess(kmsInput(extUser, 'kms:Decrypt', [], { grants: [grant({ granteePrincipal: extUser.arn })] })).decision).toBe('Allow');
  });
});

describe('organization gates', () => {
  const base = (extra: Partial<AccessInput>) => kmsInput(alice, 'kms:Decrypt', [named(alice.arn)], extra);

  it('every SCP level must allow', () => {
    const full = pol('scp', allowAll('*'));
    expect(evaluateAccess(base({ scps: [[full], [full]] })).decision).toBe('Allow');
    const r = evaluateAccess(base({ scps: [[full], [pol('scp', allowAll('s3:*'))]] }));
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.summary).toMatch(/SCP/);
    expect(layer(r, 'scp')?.levels?.map((l) => l.allowed)).toEqual([true, false]);
    expect(evaluateAccess(base({ scps: [[full], []] })).decision).toBe('ImplicitDeny');
  });

  it('an SCP deny is an explicit deny; SCPs do not apply to service principals', () => {
    const deny = pol('scp', [allowAll('*'), { Sid: 'NoKms', Effect: 'Deny', Action: 'kms:*', Resource: '*' }]);
    expect(evaluateAccess(base({ scps: [[deny]] })).decision).toBe('ExplicitDeny');
    const s = { Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: '*', Resource: '*' };
    const r = evaluateAccess(kmsInput(service, 'kms:Decrypt', [s], { scps: [[deny]] }));
    expect(r.decision).toBe('Allow');
    expect(layer(r, 'scp')?.outcome).toBe('not-applicable');
  });

  it('RCPs: implicit RCPFullAWSAccess, deny-only RCPs, and not for AWS managed keys', () => {
    const denyOutside = pol('rcp', {
      Sid: 'Perimeter',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:*',
      Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-123' }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    });
    const inOrg = { 'aws:PrincipalOrgID': 'o-123', 'aws:PrincipalIsAWSService': 'false' };
    const outOrg = { 'aws:PrincipalOrgID': 'o-999', 'aws:PrincipalIsAWSService': 'false' };
    expect(evaluateAccess({ ...base({ rcps: [[denyOutside]] }), request: request(alice, 'kms:Decrypt', KEY, inOrg) }).decision).toBe('Allow');
    expect(evaluateAccess({ ...base({ rcps: [[denyOutside]] }), request: request(alice, 'kms:Decrypt', KEY, outOrg) }).decision).toBe('ExplicitDeny');
    const managed = { ...base({ rcps: [[denyOutside]] }), request: request(alice, 'kms:Decrypt', KEY, outOrg), key: { arn: KEY, accountId: ACCT, keyManager: 'AWS' as const } };
    const r = evaluateAccess(managed);
    expect(r.decision).toBe('Allow');
    expect(layer(r, 'rcp')?.outcome).toBe('not-applicable');
    // a modelled level whose Allow does not cover the action
    expect(evaluateAccess(base({ rcps: [[pol('rcp', { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' })]] })).decision).toBe('ImplicitDeny');
  });
});

describe('IAM-only actions', () => {
  const iamOnly = (principal = alice, extra: Partial<AccessInput> = {}): AccessInput => ({ request: request(principal, 'kms:CreateKey', '*'), identityPolicies: [], ...extra });
  it('are decided by identity policies, boundary and session policy', () => {
    expect(evaluateAccess(iamOnly(alice, { identityPolicies: [idAllow('kms:CreateKey')] })).decision).toBe('Allow');
    const r = evaluateAccess(iamOnly());
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.summary).toMatch(/no key resource/);
    expect(evaluateAccess(iamOnly(alice, { identityPolicies: [idAllow('kms:*')], permissionsBoundary: pol('boundary', allowAll('kms:Decrypt')) })).decision).toBe('ImplicitDeny');
    expect(evaluateAccess(iamOnly(session, { identityPolicies: [idAllow('kms:*')], sessionPolicy: pol('session', allowAll('kms:Create*')) })).decision).toBe('Allow');
    expect(evaluateAccess(iamOnly(root)).decision).toBe('Allow');
  });
});

describe('resource policies for other resources (same account)', () => {
  const OBJ = 'arn:aws:s3:::bucket/file';
  const s3 = (principal = alice, rp: object[] | null, extra: Partial<AccessInput> = {}): AccessInput => ({
    request: { ...request(principal, 's3:GetObject', OBJ), resourceAccount: principal.accountId || ACCT },
    resourcePolicy: rp ? pol('resource', rp) : undefined,
    identityPolicies: [],
    ...extra,
  });
  const grantTo = (aws: string) => ({ Sid: 'Bucket', Effect: 'Allow', Principal: { AWS: aws }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' });
  const narrow = pol('boundary', allowAll('kms:*'));

  it('a user ARN grant is not limited by identity policies or the boundary', () => {
    expect(evaluateAccess(s3(alice, [grantTo(alice.arn)])).decision).toBe('Allow');
    expect(evaluateAccess(s3(alice, [grantTo(alice.arn)], { permissionsBoundary: narrow })).decision).toBe('Allow');
  });

  it('a role ARN grant is limited by the boundary and the session policy; a session ARN grant is not', () => {
    expect(evaluateAccess(s3(session, [grantTo(session.roleArn as string)])).decision).toBe('Allow');
    expect(evaluateAccess(s3(session, [grantTo(session.roleArn as string)], { permissionsBoundary: narrow })).decision).toBe('ImplicitDeny');
    expect(evaluateAccess(s3(session, [grantTo(session.roleArn as string)], { sessionPolicy: pol('session', allowAll('kms:*')) })).decision).toBe('ImplicitDeny');
    expect(evaluateAccess(s3(session, [grantTo(session.arn)], { sessionPolicy: pol('session', allowAll('kms:*')), permissionsBoundary: narrow })).decision).toBe('Allow');
  });

  it('an account principal delegates to IAM; without a resource policy identity policies decide', () => {
    expect(evaluateAccess(s3(alice, [grantTo(ACCT)])).decision).toBe('ImplicitDeny');
    expect(evaluateAccess(s3(alice, [grantTo(ACCT)], { identityPolicies: [idAllow('s3:GetObject')] })).decision).toBe('Allow');
    expect(evaluateAccess(s3(alice, null, { identityPolicies: [idAllow('s3:GetObject')] })).decision).toBe('Allow');
  });

  it('cross-account needs both sides; anonymous callers only through "*"', () => {
    const cross = (extra: Partial<AccessInput>) => ({ ...s3(extUser, [grantTo(extUser.arn)], extra), request: { ...request(extUser, 's3:GetObject', OBJ), resourceAccount: ACCT } });
    expect(evaluateAccess(cross({})).decision).toBe('ImplicitDeny');
    expect(evaluateAccess(cross({ identityPolicies: [idAllow('s3:*')] })).decision).toBe('Allow');
    const anon = { ...s3(anonymous, [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }]), request: { ...request(anonymous, 's3:GetObject', OBJ), resourceAccount: ACCT } };
    expect(evaluateAccess(anon).decision).toBe('Allow');
  });
});

describe('NotPrincipal', () => {
  const other = { Sid: 'Use', Effect: 'Allow', Principal: { AWS: [alice.arn, session.roleArn] }, Action: 'kms:Decrypt', Resource: '*' };
  it('excludes a caller only when its whole chain is listed', () => {
    const full = { Sid: 'DenyOthers', Effect: 'Deny', NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${ACCT}:root`] }, Action: 'kms:*', Resource: '*' };
    expect(evaluateAccess(kmsInput(alice, 'kms:Decrypt', [other, full])).decision).toBe('Allow');
    expect(evaluateAccess(kmsInput(bob, 'kms:Decrypt', [other, full])).decision).toBe('ExplicitDeny');
    const userOnly = { ...full, NotPrincipal: { AWS: alice.arn } };
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [other, userOnly]));
    expect(r.decision).toBe('ExplicitDeny');
    expect(layer(r, 'key-policy')?.policies[0].statements[1].principal.explanation).toMatch(/its account 111122223333/);
    const sessionChain = { ...full, NotPrincipal: { AWS: [session.roleArn, `arn:aws:iam::${ACCT}:root`] } };
    expect(evaluateAccess(kmsInput(session, 'kms:Decrypt', [other, sessionChain])).decision).toBe('ExplicitDeny');
    const sessionFull = { ...full, NotPrincipal: { AWS: [session.arn, session.roleArn, `arn:aws:iam::${ACCT}:root`] } };
    expect(evaluateAccess(kmsInput(session, 'kms:Decrypt', [other, sessionFull])).decision).toBe('Allow');
  });

  it('Deny with NotPrincipal always applies to a caller with a permissions boundary', () => {
    const full = { Sid: 'DenyOthers', Effect: 'Deny', NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${ACCT}:root`] }, Action: 'kms:*', Resource: '*' };
    expect(evaluateAccess(kmsInput(alice, 'kms:Decrypt', [other, full], { permissionsBoundary: pol('boundary', allowAll('*')) })).decision).toBe('ExplicitDeny');
  });
});

describe('reporting', () => {
  it('an unevaluable Deny is treated as applying, listed in errors, and said so', () => {
    const bad = { Sid: 'Broken', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringEqualsX: { 'kms:ViaService': 'x' } } };
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [named(alice.arn), bad]));
    expect(r.decision).toBe('ExplicitDeny');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ statementIndex: 1 });
    expect(r.summary).toMatch(/could not be fully evaluated/);
  });

  it('an unevaluable Allow grants nothing and is reported', () => {
    const bad = { ...named(alice.arn), Condition: { StringEqualsX: { 'kms:ViaService': 'x' } } };
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [bad]));
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.errors[0].message).toMatch(/treated as not applying/);
  });

  it('collects missing context keys across layers, once each', () => {
    const s = { ...named(alice.arn), Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } } };
    const id = pol('identity', { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'KMS:ViaService': 'x', 'aws:SourceVpc': 'v' } } });
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [ROOT_STATEMENT, s], { identityPolicies: [id] }));
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.missingContextKeys).toEqual(['kms:ViaService', 'aws:SourceVpc']);
  });

  it('every layer has a plain reason; the request is echoed', () => {
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [ROOT_STATEMENT], { identityPolicies: [idAllow()], permissionsBoundary: pol('boundary', allowAll()), scps: [[pol('scp', allowAll('*'))]] }));
    expect(r.layers.map((l) => l.layer)).toEqual(['explicit-deny', 'scp', 'key-policy', 'identity', 'boundary']);
    for (const l of r.layers) expect(l.reason.length).toBeGreaterThan(20);
    expect(r.request.action).toBe('kms:Decrypt');
  });
});

describe('memoised element results', () => {
  it('stay correct when the same policy is evaluated for different callers, actions, resources and boundary flags', () => {
    const kp = pol('key', [
      { Sid: 'Alice', Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'kms:Decrypt', Resource: '*' },
      { Sid: 'DenyOthers', Effect: 'Deny', NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${ACCT}:root`] }, Action: 'kms:Encrypt', Resource: '*' },
    ]);
    const input = (p: typeof alice, action: string, extra: Partial<AccessInput> = {}): AccessInput => ({
      request: request(p, action),
      keyPolicy: kp,
      key: { arn: KEY, accountId: ACCT, keyManager: 'CUSTOMER' },
      identityPolicies: [],
      ...extra,
    });
    for (let i = 0; i < 3; i++) {
      expect(evaluateAccess(input(alice, 'kms:Decrypt')).decision).toBe('Allow');
      expect(evaluateAccess(input(bob, 'kms:Decrypt')).decision).toBe('ImplicitDeny');
      expect(evaluateAccess(input({ ...alice }, 'kms:Encrypt')).decision).toBe('ImplicitDeny');
      expect(evaluateAccess(input(bob, 'kms:Encrypt')).decision).toBe('ExplicitDeny');
      // with a boundary, the NotPrincipal Deny applies to alice too
      expect(evaluateAccess(input(alice, 'kms:Encrypt', { permissionsBoundary: pol('boundary', allowAll('*')) })).decision).toBe('ExplicitDeny');
    }
    // a PrincipalInfo object mutated in place is not confused with its earlier self
    const p = { ...alice };
    expect(evaluateAccess(input(p, 'kms:Decrypt')).decision).toBe('Allow');
    p.arn = bob.arn;
    expect(evaluateAccess(input(p, 'kms:Decrypt')).decision).toBe('ImplicitDeny');
  });

  it('shared element results are frozen', () => {
    const r = evaluateAccess(kmsInput(alice, 'kms:Decrypt', [named(alice.arn)]));
    const s = layer(r, 'key-policy')?.policies[0].statements[0];
    expect(Object.isFrozen(s?.action)).toBe(true);
  });
});
