// The AWS export → kms-scenario/1 mapping, rule by rule (docs/aws-import.md), on fixtures written from
// the AWS CLI reference's documented output of each command (fixtures/member-account), and the
// refusals of hostile or broken files. Decisions come from the engine itself: each imported world is
// loaded and its requests evaluated.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { describeProblem, loadScenario, simulateScenario, type Scenario, type ScenarioRequest } from '@kms-lab/engine/scenario';
import { importAwsExport, importAwsZip, planExport, policyDocument, type AwsImport, type ImportResult } from './index';
import { Node } from './read';

const FIXTURE = new URL('./fixtures/member-account/', import.meta.url).pathname;
const A = '111122223333';
const K1 = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const K2 = `arn:aws:kms:us-east-1:${A}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
const K3 = `arn:aws:kms:eu-west-1:${A}:key/11112222-3333-4444-5555-666677778888`;
const user = (n: string) => `arn:aws:iam::${A}:user/${n}`;
const APP = `arn:aws:iam::${A}:role/app`;
const AUDITOR = `arn:aws:iam::${A}:role/audit/auditor`;
const IAM = 'iam/account-authorization-details.json';

const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
/** The fixture export as the import reads it (paths relative to the folder → text). */
function fixture(): Map<string, string> {
  return new Map(walk(FIXTURE).map((p) => [relative(FIXTURE, p), readFileSync(p, 'utf8')]));
}
/** The fixture with one file's JSON changed (any: the edits reach anywhere in the CLI's output). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function edited(path: string, edit: (json: Record<string, any>) => void, files = fixture()): Map<string, string> {
  const json = JSON.parse(files.get(path)!);
  edit(json);
  files.set(path, JSON.stringify(json, null, 2));
  return files;
}
function ok(r: ImportResult): AwsImport {
  if (!r.ok) throw new Error(`expected the import to succeed: ${r.error.text}`);
  return r;
}
function refused(r: ImportResult) {
  if (r.ok) throw new Error('expected the import to be refused');
  return r.error;
}
const principal = (s: Scenario, arn: string) => s.principals!.find((p) => p.arn === arn)!;
const key = (s: Scenario, arn: string) => s.keys!.find((k) => k.arn === arn)!;
const policyNames = (s: Scenario, arn: string) => (principal(s, arn).policies ?? []).map((p) => (typeof p === 'object' && 'name' in p ? p.name : '(unnamed)'));

/** Loads the imported world and evaluates requests in it. */
async function decide(s: Scenario, requests: ScenarioRequest[]) {
  const loaded = await loadScenario(JSON.stringify({ ...s, requests }));
  if (!loaded.ok) throw new Error(loaded.problems.map(describeProblem).join('\n'));
  return Object.fromEntries(simulateScenario(loaded.world, loaded.scenario).results.map((r) => [r.id, r]));
}

describe('the fixture export (each CLI output shape)', () => {
  it('imports into a valid kms-scenario/1 world that loads', async () => {
    const r = ok(importAwsExport(fixture()));
    expect(r.summary).toMatchObject({ accountId: A, users: 5, roles: 2, groups: 3, keys: 3, aliases: 2, grants: 1, regions: ['eu-west-1', 'us-east-1'], organizationId: 'o-a1b2c3d4e5', managementAccount: false });
    const loaded = await loadScenario(JSON.stringify(r.scenario));
    if (!loaded.ok) throw new Error(loaded.problems.map(describeProblem).join('\n'));
    expect(Object.keys(loaded.world.state.keys).sort()).toEqual([K3, K2, K1].sort());
    expect(r.scenario.accounts).toEqual([{ id: A, name: 'payments-prod' }]);
  });
});

describe('IAM: get-account-authorization-details', () => {
  it('every user and role is a principal, with or without policies', () => {
    const s = ok(importAwsExport(fixture())).scenario;
    expect(s.principals!.map((p) => p.arn)).toEqual([user('alice'), user('bob'), user('carol'), user('contractors/dave'), user('ops'), APP, AUDITOR]);
    expect(principal(s, user('carol')).policies).toBeUndefined();
    expect(principal(s, APP).policies).toBeUndefined();
  });

  it('only the default version of a managed policy counts', async () => {
    const s = ok(importAwsExport(fixture())).scenario;
    const kmsUse = principal(s, user('alice')).policies!.find((p) => typeof p === 'object' && 'name' in p && String(p.name).startsWith('KmsUse'));
    expect(JSON.stringify(kmsUse)).toContain('UseAppKeys');
    expect(JSON.stringify(kmsUse)).not.toContain('EverythingKms');
    // v1 (not the default) allowed kms:*: DisableKey would be allowed if it counted.
    const d = await decide(s, [{ id: 'disable', principal: user('alice'), action: 'kms:DisableKey', resource: K1 }]);
    expect(d.disable.decision).toBe('ImplicitDeny');
  });

  it('without IsDefaultVersion flags, DefaultVersionId names the default version', () => {
    const files = edited(IAM, (j) => {
      for (const v of j.Policies[0].PolicyVersionList) delete v.IsDefaultVersion;
      j.Policies[0].PolicyVersionList.reverse();
    });
    const s = ok(importAwsExport(files)).scenario;
    expect(JSON.stringify(principal(s, user('alice')).policies)).toContain('UseAppKeys');
    expect(JSON.stringify(principal(s, user('alice')).policies)).not.toContain('EverythingKms');
  });

  it("groups' policies reach their members, inline and attached, named by group", async () => {
    const s = ok(importAwsExport(fixture())).scenario;
    expect(policyNames(s, user('alice'))).toEqual(['DescribeKeys (inline, group kms-users)', 'KmsUse (group kms-users)']);
    expect(policyNames(s, user('bob'))).toEqual(['NoDecrypt (inline)', 'AdministratorAccess (group admins)']);
    const d = await decide(s, [{ id: 'alice', principal: user('alice'), action: 'kms:Decrypt', resource: K1, expect: 'Allow' }]);
    expect(d.alice.decision).toBe('Allow');
    expect(d.alice.decidedBy).toContainEqual(expect.objectContaining({ policy: 'identity policy KmsUse (group kms-users) of alice', statement: 'UseAppKeys' }));
  });

  it('a group a user names that the export lacks is reported', () => {
    const files = edited(IAM, (j) => j.UserDetailList[0].GroupList.push('ghosts'));
    const r = ok(importAwsExport(files));
    expect(r.notes).toContainEqual(expect.objectContaining({ file: IAM, path: 'UserDetailList[0].GroupList[1]', severity: 'warning', message: expect.stringContaining('ghosts') }));
  });

  it('permissions boundaries come along and limit', async () => {
    const s = ok(importAwsExport(fixture())).scenario;
    expect(principal(s, user('bob')).permissionsBoundary).toMatchObject({ name: 'DevBoundary' });
    const d = await decide(s, [
      { id: 'encrypt', principal: user('bob'), action: 'kms:Encrypt', resource: K1 },
      { id: 'decrypt', principal: user('bob'), action: 'kms:Decrypt', resource: K1 },
    ]);
    // AdministratorAccess allows; DevBoundary does not allow Encrypt; bob's inline policy denies Decrypt.
    expect(d.encrypt.decision).toBe('ImplicitDeny');
    expect(d.encrypt.summary).toMatch(/boundary/i);
    expect(d.decrypt.decision).toBe('ExplicitDeny');
    expect(d.decrypt.decidedBy).toEqual([expect.objectContaining({ policy: 'identity policy NoDecrypt (inline) of bob', statement: 'DenyDecrypt' })]);
  });

  it('a boundary whose policy is missing is reported (the user is not silently unbounded)', () => {
    const files = edited(IAM, (j) => (j.UserDetailList[1].PermissionsBoundary.PermissionsBoundaryArn = `arn:aws:iam::${A}:policy/Gone`));
    const r = ok(importAwsExport(files));
    expect(principal(r.scenario, user('bob')).permissionsBoundary).toBeUndefined();
    expect(r.notes.filter((n) => n.path === 'UserDetailList[1].PermissionsBoundary').map((n) => n.message).join(' ')).toMatch(/Gone.*not in the export's Policies list[\s\S]*without one/);
  });

  it('tags come along (aws:PrincipalTag)', async () => {
    const s = ok(importAwsExport(fixture())).scenario;
    expect(principal(s, user('alice')).tags).toEqual({ team: 'payments' });
    expect(principal(s, AUDITOR).tags).toEqual({ dept: 'finance' });
  });

  it('policy documents as the CLI prints them: JSON objects and URL-encoded strings', async () => {
    const s = ok(importAwsExport(fixture())).scenario;
    // dave's inline policy is saved URL-encoded (IAM's API form).
    expect(principal(s, user('contractors/dave')).policies).toEqual([
      { name: 'ListKeys (inline)', document: { Version: '2012-10-17', Statement: [{ Sid: 'ListKeys', Effect: 'Allow', Action: ['kms:ListKeys', 'kms:ListAliases'], Resource: '*' }] } },
    ]);
    const d = await decide(s, [{ id: 'list', principal: user('contractors/dave'), action: 'kms:ListKeys', resource: '*' }]);
    expect(d.list.decision).toBe('Allow');
    const n = (v: unknown) => new Node('f.json', 'P', v);
    expect(policyDocument(n('{"Version":"2012-10-17","Statement":[]}'))).toEqual({ Version: '2012-10-17', Statement: [] });
    expect(policyDocument(n('%7B%22Version%22%3A%222012-10-17%22%7D'))).toEqual({ Version: '2012-10-17' });
    expect(policyDocument(n('%7B%zz'))).toMatch(/bad %-escape/);
    expect(policyDocument(n('%5B1%5D'))).toMatch(/not a JSON object/);
    expect(() => policyDocument(n(42))).toThrow(/expected a policy document/);
  });

  it('a policy document that cannot be read is reported with its file and path, and the rest imports', () => {
    const files = edited(IAM, (j) => (j.UserDetailList[1].UserPolicyList[0].PolicyDocument = '%7B%22Version%22'));
    const r = ok(importAwsExport(files));
    expect(policyNames(r.scenario, user('bob'))).toEqual(['AdministratorAccess (group admins)']);
    expect(r.notes).toContainEqual(expect.objectContaining({ file: IAM, path: 'UserDetailList[1].UserPolicyList[0].PolicyDocument', severity: 'warning', message: expect.stringContaining('inline policy NoDecrypt of user bob is not placed') }));
  });

  it('an attached policy the export does not list is reported', () => {
    const files = edited(IAM, (j) => j.RoleDetailList[0].AttachedManagedPolicies.push({ PolicyName: 'Hidden', PolicyArn: 'arn:aws:iam::aws:policy/Hidden' }));
    const r = ok(importAwsExport(files));
    expect(r.notes).toContainEqual(expect.objectContaining({ path: 'RoleDetailList[0].AttachedManagedPolicies[0]', message: expect.stringContaining('arn:aws:iam::aws:policy/Hidden is not in the export') }));
  });

  it('a page of a paginated output is reported as incomplete', () => {
    const r = ok(importAwsExport(edited(IAM, (j) => ((j.IsTruncated = true), (j.Marker = 'abc')))));
    expect(r.notes).toContainEqual(expect.objectContaining({ path: 'IsTruncated', severity: 'warning' }));
  });

  it('role trust policies are reported as not represented', () => {
    const r = ok(importAwsExport(fixture()));
    expect(r.notes).toContainEqual(expect.objectContaining({ path: 'RoleDetailList', severity: 'info', message: expect.stringContaining('2 role trust policies are not represented') }));
  });
});

describe('KMS: describe-key, get-key-policy, list-grants, list-resource-tags, list-aliases', () => {
  it('keys keep ARN, spec, state, description, key policy (as KMS printed it), tags and aliases', () => {
    const s = ok(importAwsExport(fixture())).scenario;
    const k1 = key(s, K1);
    expect(k1).toMatchObject({ arn: K1, description: 'application data', aliases: ['alias/app-data'], tags: { env: 'prod' } });
    expect(JSON.stringify(k1.policy)).toContain('Allow use of the key');
    expect(key(s, K3)).toMatchObject({ keyState: 'Disabled', description: 'retired reports key' });
    expect(key(s, K3).aliases).toBeUndefined();
  });

  it('AWS managed keys keep their KeyManager (and their alias/aws/ alias)', async () => {
    const s = ok(importAwsExport(fixture())).scenario;
    expect(key(s, K2)).toMatchObject({ keyManager: 'AWS', aliases: ['alias/aws/s3'] });
    expect(key(s, K1).keyManager).toBeUndefined();
    const d = await decide(s, [
      { id: 'via-s3', principal: user('carol'), action: 'kms:Decrypt', resource: K2, context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
      { id: 'direct', principal: user('carol'), action: 'kms:Decrypt', resource: K2 },
      { id: 'manager', principal: user('ops'), action: 'kms:DescribeKey', resource: K2 },
    ]);
    expect(d['via-s3'].decision).toBe('Allow');
    expect(d['via-s3'].decidedBy[0].statement).toBe('Allow access through S3 for all principals in the account that are authorized to use S3');
    expect(d.direct.decision).toBe('ImplicitDeny');
    const loaded = await loadScenario(JSON.stringify(s));
    if (!loaded.ok) throw new Error('not loaded');
    expect(loaded.world.state.keys[K2].keyManager).toBe('AWS');
  });

  it('AWS managed aliases without a TargetKeyId are skipped; other aliases without a key are reported', () => {
    const r = ok(importAwsExport(fixture()));
    const all = r.scenario.keys!.flatMap((k) => k.aliases ?? []);
    expect(all).not.toContain('alias/aws/ebs');
    expect(all).not.toContain('alias/aws/rds');
    expect(r.notes.some((n) => n.message.includes('alias/aws/ebs') || n.message.includes('alias/aws/rds'))).toBe(false);
    expect(r.notes).toContainEqual(expect.objectContaining({ file: 'kms/us-east-1/aliases.json', path: 'Aliases[3]', severity: 'warning', message: expect.stringContaining('alias/old-app is not placed') }));
    const noTarget = ok(importAwsExport(edited('kms/us-east-1/aliases.json', (j) => delete j.Aliases[0].TargetKeyId)));
    expect(noTarget.notes).toContainEqual(expect.objectContaining({ path: 'Aliases[0]', message: expect.stringContaining('alias/app-data names no key') }));
  });

  it('grants come along with their constraints, and allow', async () => {
    const s = ok(importAwsExport(fixture())).scenario;
    expect(key(s, K1).grants).toEqual([
      {
        grantId: '0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8d3e9f3d6a60',
        name: 'auditor-finance',
        granteePrincipal: AUDITOR,
        retiringPrincipal: APP,
        operations: ['Decrypt', 'DescribeKey'],
        constraints: { encryptionContextSubset: { dept: 'finance' } },
      },
    ]);
    const d = await decide(s, [
      { id: 'with', principal: AUDITOR, action: 'kms:Decrypt', resource: K1, encryptionContext: { dept: 'finance', doc: '7' } },
      { id: 'without', principal: AUDITOR, action: 'kms:Decrypt', resource: K1 },
    ]);
    expect(d.with.decision).toBe('Allow');
    expect(d.with.summary).toMatch(/grant/i);
    expect(d.without.decision).toBe('ImplicitDeny');
  });

  it('a grant to a principal the lab does not model, or an unknown operation, is reported', () => {
    const r = ok(
      importAwsExport(
        edited('kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/list-grants.json', (j) => {
          j.Grants.push({ ...j.Grants[0], GrantId: 'b'.repeat(64), GranteePrincipal: `arn:aws:sts::${A}:federated-user/x` });
          j.Grants[0].Operations.push('Teleport');
        }),
      ),
    );
    expect(key(r.scenario, K1).grants).toHaveLength(1);
    expect(key(r.scenario, K1).grants![0].operations).toEqual(['Decrypt', 'DescribeKey']);
    expect(r.notes).toContainEqual(expect.objectContaining({ path: 'Grants[0].Operations[2]', message: expect.stringContaining('Teleport') }));
    expect(r.notes).toContainEqual(expect.objectContaining({ path: 'Grants[1].GranteePrincipal', message: expect.stringContaining('federated-user') }));
  });

  it('a key without its key policy is not placed, and that is reported', () => {
    const files = fixture();
    files.delete('kms/eu-west-1/11112222-3333-4444-5555-666677778888/key-policy.json');
    const r = ok(importAwsExport(files));
    expect(r.scenario.keys!.map((k) => k.arn)).not.toContain(K3);
    expect(r.notes).toContainEqual(expect.objectContaining({ file: 'kms/eu-west-1/11112222-3333-4444-5555-666677778888/describe-key.json', severity: 'warning', message: expect.stringContaining('key-policy.json is missing') }));
  });

  it('custom key stores, imported material and unknown states are placed as near as the lab can, and said', () => {
    const path = 'kms/eu-west-1/11112222-3333-4444-5555-666677778888/describe-key.json';
    const hsm = ok(importAwsExport(edited(path, (j) => ((j.KeyMetadata.Origin = 'AWS_CLOUDHSM'), (j.KeyMetadata.CustomKeyStoreId = 'cks-1234567890abcdef0')))));
    expect(key(hsm.scenario, K3).origin).toBeUndefined();
    expect(hsm.notes).toContainEqual(expect.objectContaining({ file: path, path: 'KeyMetadata.Origin', severity: 'warning', message: expect.stringContaining('custom key store') }));
    const ext = ok(importAwsExport(edited(path, (j) => ((j.KeyMetadata.Origin = 'EXTERNAL'), (j.KeyMetadata.KeyState = 'Enabled')))));
    expect(key(ext.scenario, K3)).toMatchObject({ origin: 'EXTERNAL' });
    expect(ext.notes).toContainEqual(expect.objectContaining({ path: 'KeyMetadata.KeyState', message: expect.stringContaining('PendingImport') }));
    const updating = ok(importAwsExport(edited(path, (j) => (j.KeyMetadata.KeyState = 'Updating'))));
    expect(updating.notes).toContainEqual(expect.objectContaining({ path: 'KeyMetadata.KeyState', message: expect.stringContaining('Updating') }));
  });

  it('says the keys get fresh material (the real material never leaves AWS)', () => {
    const s = ok(importAwsExport(fixture())).scenario;
    expect(s.description).toContain('fresh key material');
    expect(s.description).toContain('the real key material never leaves AWS');
  });
});

describe('Organizations: SCPs and RCPs', () => {
  it('attach at the root and the account, and decide', async () => {
    const s = ok(importAwsExport(fixture())).scenario;
    const names = (levels?: unknown[][]) => levels?.map((l) => l.map((p) => (p as { name: string }).name));
    expect(names(s.organization!.scps)).toEqual([['FullAWSAccess'], ['DenyKeyDeletion', 'FullAWSAccess']]);
    expect(names(s.organization!.rcps)).toEqual([['RCPFullAWSAccess', 'RequireTls'], ['RCPFullAWSAccess']]);
    const d = await decide(s, [
      { id: 'delete', principal: user('ops'), action: 'kms:ScheduleKeyDeletion', resource: K1 },
      { id: 'disable', principal: user('ops'), action: 'kms:DisableKey', resource: K1 },
      { id: 'plain-http', principal: APP, action: 'kms:Decrypt', resource: K1, context: { 'aws:SecureTransport': 'false' } },
      { id: 'tls', principal: APP, action: 'kms:Decrypt', resource: K1, context: { 'aws:SecureTransport': 'true' } },
    ]);
    expect(d.delete.decision).toBe('ExplicitDeny');
    expect(d.delete.decidedBy).toEqual([expect.objectContaining({ policy: expect.stringContaining('DenyKeyDeletion'), statement: 'NoKeyDeletion' })]);
    expect(d.disable.decision).toBe('Allow');
    expect(d['plain-http'].decision).toBe('ExplicitDeny');
    expect(d['plain-http'].decidedBy).toEqual([expect.objectContaining({ policy: expect.stringContaining('RequireTls'), statement: 'DenyWithoutTls' })]);
    expect(d.tls.decision).toBe('Allow');
  });

  it('a policy on an OU the export does not place is reported, not applied', () => {
    const r = ok(importAwsExport(fixture()));
    expect(JSON.stringify(r.scenario.organization)).not.toContain('DenyAllKmsInSandbox');
    expect(r.notes).toContainEqual(
      expect.objectContaining({ file: 'organizations/targets/p-oudenykms1.json', path: 'Targets[0]', severity: 'warning', message: expect.stringContaining('OU ou-ab12-22222222 (Sandbox)') }),
    );
  });

  it('they do not apply to the management account', async () => {
    const files = edited('organizations/describe-organization.json', (j) => {
      j.Organization.MasterAccountId = A;
      j.Organization.MasterAccountArn = `arn:aws:organizations::${A}:account/o-a1b2c3d4e5/${A}`;
    });
    const r = ok(importAwsExport(files));
    expect(r.summary.managementAccount).toBe(true);
    expect(r.scenario.organization).toEqual({ id: 'o-a1b2c3d4e5' });
    expect(r.notes).toContainEqual(expect.objectContaining({ file: 'organizations/policies/p-denydeletion1.json', severity: 'info', message: expect.stringContaining('never limit the management account') }));
    const d = await decide(r.scenario, [{ id: 'delete', principal: user('ops'), action: 'kms:ScheduleKeyDeletion', resource: K1 }]);
    expect(d.delete.decision).toBe('Allow');
  });

  it('policy types not enabled at the root do not apply', () => {
    const files = edited('organizations/list-roots.json', (j) => (j.Roots[0].PolicyTypes = [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]));
    const r = ok(importAwsExport(files));
    expect(r.scenario.organization!.rcps).toBeUndefined();
    expect(r.notes).toContainEqual(expect.objectContaining({ file: 'organizations/policies/p-rcptls00001.json', message: expect.stringContaining('not enabled at the root') }));
  });

  it('an SCP whose targets were not saved is reported; an empty level is left out, not a deny-all', () => {
    const files = fixture();
    files.delete('organizations/targets/p-FullAWSAccess.json');
    const r = ok(importAwsExport(files));
    expect(r.notes).toContainEqual(expect.objectContaining({ file: 'organizations/policies/p-FullAWSAccess.json', message: expect.stringContaining('list-targets-for-policy') }));
    expect(r.notes).toContainEqual(expect.objectContaining({ message: expect.stringContaining('no SCP attached to the root could be placed') }));
    expect(r.scenario.organization!.scps!.map((l) => l.map((p) => (p as { name: string }).name))).toEqual([['DenyKeyDeletion']]);
  });

  it('other policy types are reported as not represented', () => {
    const r = ok(importAwsExport(fixture()));
    expect(r.notes).toContainEqual(expect.objectContaining({ file: 'organizations/policies/p-tagpolicy01.json', severity: 'info', message: expect.stringContaining('TAG_POLICY') }));
  });
});

describe('the folder', () => {
  it('finds the export inside a dropped folder or a zip, leaving junk out and reporting unknown files', () => {
    const plan = planExport(['my-export/iam/account-authorization-details.json', 'my-export/kms/us-east-1/aliases.json', 'my-export/.DS_Store', 'my-export/notes.txt', '__MACOSX/my-export/._x']);
    expect(plan.root).toBe('my-export/');
    expect(plan.read.map((r) => r.path)).toEqual([IAM, 'kms/us-east-1/aliases.json']);
    expect(plan.ignored).toEqual(['notes.txt']);
    expect(() => planExport(['a/b.txt'])).toThrow(/no AWS export found/);
    expect(() => planExport(['one/iam/account-authorization-details.json', 'two/iam/account-authorization-details.json'])).toThrow(/two exports side by side/);
  });

  it('reads a zip, only the files it needs, and refuses what is not a zip', () => {
    const entries: Record<string, Uint8Array> = { 'export/notes.txt': strToU8('hello') };
    for (const [p, t] of fixture()) entries[`export/${p}`] = strToU8(t);
    const r = ok(importAwsZip(zipSync(entries), 'export.zip'));
    expect(r.summary.keys).toBe(3);
    expect(r.notes).toContainEqual(expect.objectContaining({ file: 'notes.txt', severity: 'info' }));
    expect(refused(importAwsZip(strToU8('not a zip at all'), 'x.zip')).text).toMatch(/^x\.zip: not a readable zip file/);
    const bad = zipSync({ 'iam/account-authorization-details.json': new Uint8Array([0xff, 0xfe, 0x00]) });
    expect(refused(importAwsZip(bad)).text).toMatch(/^iam\/account-authorization-details\.json: the file is not UTF-8 text/);
  });
});

describe('hostile and broken files are refused with file and path', () => {
  it('truncated JSON: the file, line and column', () => {
    const files = fixture();
    const text = files.get(IAM)!;
    files.set(IAM, text.slice(0, 500));
    const e = refused(importAwsExport(files));
    expect(e.file).toBe(IAM);
    expect(e.message).toMatch(/truncated|not valid JSON/);
    expect(e.line).toBeGreaterThan(1);
    expect(e.text).toMatch(/^iam\/account-authorization-details\.json: not valid JSON.*\(line \d+, column \d+\)$/);
  });

  it('wrong shapes: the path inside the file', () => {
    expect(refused(importAwsExport(edited(IAM, (j) => (j.UserDetailList = { alice: 1 })))).text).toBe(`${IAM}: UserDetailList: expected an array, found an object`);
    expect(refused(importAwsExport(edited(IAM, (j) => (j.UserDetailList[0].Tags[0].Key = 7))))).toMatchObject({ file: IAM, path: 'UserDetailList[0].Tags[0].Key', message: 'expected a string, found number' });
    expect(refused(importAwsExport(edited(IAM, (j) => delete j.RoleDetailList[1].Arn)))).toMatchObject({ path: 'RoleDetailList[1].Arn', message: 'missing' });
    const dk = 'kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/describe-key.json';
    expect(refused(importAwsExport(edited(dk, (j) => (j.KeyMetadata = [])))).text).toBe(`${dk}: KeyMetadata: expected an object, found an array`);
    const files = fixture();
    files.set('organizations/list-roots.json', '[]');
    expect(refused(importAwsExport(files)).text).toBe('organizations/list-roots.json: expected an object, found an array');
    files.set('organizations/list-roots.json', '');
    expect(refused(importAwsExport(files)).text).toMatch(/list-roots\.json: the file is empty/);
  });

  it('__proto__ keys are data: nothing is polluted, and a tag named so is reported', () => {
    const files = fixture();
    files.set(IAM, files.get(IAM)!.replace('{', '{"__proto__": {"UserDetailList": [], "polluted": true}, "constructor": {"prototype": {"polluted": true}},'));
    const ctx = 'kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/list-grants.json';
    files.set(ctx, files.get(ctx)!.replace('"dept": "finance"', '"__proto__": "x", "dept": "finance"'));
    const r = ok(importAwsExport(files));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.summary.users).toBe(5);
    expect(principal(r.scenario, AUDITOR).tags).toEqual({ dept: 'finance' });
    expect(Object.getPrototypeOf(principal(r.scenario, AUDITOR).tags)).toBe(Object.prototype);
    expect(r.notes).toContainEqual(expect.objectContaining({ path: 'RoleDetailList[1].Tags[1]', severity: 'warning', message: expect.stringContaining('__proto__') }));
    expect(r.notes).toContainEqual(expect.objectContaining({ file: ctx, path: 'Grants[0].Constraints.EncryptionContextSubset.__proto__', severity: 'warning' }));
    expect(key(r.scenario, K1).grants![0].constraints).toEqual({ encryptionContextSubset: { dept: 'finance' } });
  });

  it('huge files and absurd policies', () => {
    const files = fixture();
    files.set('kms/us-east-1/aliases.json', ' '.repeat(200 * 1024 * 1024 + 1));
    expect(refused(importAwsExport(files)).text).toMatch(/^kms\/us-east-1\/aliases\.json: the file is 200 MiB; the import reads files up to 200 MiB/);
    const big = edited(IAM, (j) => (j.RoleDetailList[1].RolePolicyList[0].PolicyDocument.Statement[0].Action = Array.from({ length: 20000 }, (_, i) => `kms:Action${i}`)));
    const r = ok(importAwsExport(big));
    expect(r.notes).toContainEqual(expect.objectContaining({ path: 'RoleDetailList[1].RolePolicyList[0].PolicyDocument', message: expect.stringContaining('no AWS policy is longer') }));
  });

  it('a key ARN that is not one, and an account nowhere, are said plainly', () => {
    const dk = 'kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/describe-key.json';
    const r = ok(importAwsExport(edited(dk, (j) => (j.KeyMetadata.Arn = 'arn:aws:kms:us-east-1:111122223333:key/../../etc'))));
    expect(r.notes).toContainEqual(expect.objectContaining({ file: dk, path: 'KeyMetadata.Arn', message: expect.stringContaining('is not a KMS key ARN') }));
    expect(refused(importAwsExport(new Map([[IAM, '{"UserDetailList":[],"RoleDetailList":[],"GroupDetailList":[],"Policies":[]}']]))).message).toMatch(/names no AWS account/);
  });
});
