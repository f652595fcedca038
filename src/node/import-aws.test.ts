// `npm run import-aws` end to end: saved AWS CLI outputs → scenario file → `npm run simulate` with the
// decisions AWS would give; and the file handling around it (never overwriting --out unasked, folders
// and zips, refusals with exit status 2).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { root } from '../../scripts/node-run.mjs';

const FIXTURE = join(root, 'src/import-aws/fixtures/member-account');
const A = '111122223333';
const K1 = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const K2 = `arn:aws:kms:us-east-1:${A}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;

const run = (entry: string, args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'scripts/node-run.mjs'), entry, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  // The first run of an entry builds its bundle and says so; that line is not the command's output.
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^\(building [^)]*\)\n/m, '') };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'import-aws-'));

describe('npm run import-aws', () => {
  it('round trip: CLI outputs → scenario → npm run simulate, with the decisions AWS gives', () => {
    const dir = tmp();
    const out = join(dir, 'account.json');
    const imported = run('import-aws', [FIXTURE, '--out', out]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(`account ${A}: 5 users, 2 roles, 3 groups, 3 managed policies, 3 keys, 2 aliases, 1 grant in eu-west-1, us-east-1`);
    expect(imported.stderr).toMatch(/not placed: organizations\/targets\/p-oudenykms1\.json: Targets\[0\]: SCP DenyAllKmsInSandbox is attached to OU/);
    expect(imported.stderr).toContain('the real material never leaves AWS');
    const scenario = JSON.parse(readFileSync(out, 'utf8'));
    const user = (n: string) => `arn:aws:iam::${A}:user/${n}`;
    scenario.requests = [
      { id: 'alice-decrypts-via-group-policy', principal: user('alice'), action: 'kms:Decrypt', resource: K1, expect: 'Allow' },
      { id: 'alice-old-policy-version-ignored', principal: user('alice'), action: 'kms:DisableKey', resource: K1, expect: 'ImplicitDeny' },
      { id: 'bob-inline-deny', principal: user('bob'), action: 'kms:Decrypt', resource: K1, expect: 'ExplicitDeny' },
      { id: 'bob-boundary', principal: user('bob'), action: 'kms:Encrypt', resource: K1, expect: 'ImplicitDeny' },
      { id: 'carol-no-policies', principal: user('carol'), action: 'kms:DescribeKey', resource: K1, expect: 'ImplicitDeny' },
      { id: 'app-named-in-key-policy', principal: `arn:aws:iam::${A}:role/app`, action: 'kms:Decrypt', resource: K1, keyIdAsSent: 'alias/app-data', expect: 'Allow' },
      { id: 'auditor-grant', principal: `arn:aws:iam::${A}:role/audit/auditor`, action: 'kms:Decrypt', resource: K1, encryptionContext: { dept: 'finance' }, expect: 'Allow' },
      { id: 'ops-scp-denies-deletion', principal: user('ops'), action: 'kms:ScheduleKeyDeletion', resource: K1, expect: 'ExplicitDeny' },
      { id: 'rcp-requires-tls', principal: user('ops'), action: 'kms:Encrypt', resource: K1, context: { 'aws:SecureTransport': 'false' }, expect: 'ExplicitDeny' },
      { id: 'aws-managed-key-via-s3', principal: user('carol'), action: 'kms:Decrypt', resource: K2, context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }, expect: 'Allow' },
    ];
    writeFileSync(out, JSON.stringify(scenario, null, 2));
    const sim = run('simulate', [out, '--format', 'json']);
    expect(sim.stderr).toBe('');
    expect(sim.code).toBe(0);
    const report = JSON.parse(sim.stdout);
    expect(report.summary).toEqual({ total: 10, passed: 10, failed: 0, unchecked: 0 });
    const by = Object.fromEntries(report.results.map((r: { id: string }) => [r.id, r]));
    expect(by['alice-decrypts-via-group-policy'].decidedBy).toContainEqual(expect.objectContaining({ policy: 'identity policy KmsUse (group kms-users) of alice', statement: 'UseAppKeys' }));
    expect(by['app-named-in-key-policy'].decidedBy).toEqual([expect.objectContaining({ statement: 'Allow use of the key' })]);
    expect(by['ops-scp-denies-deletion'].decidedBy).toEqual([expect.objectContaining({ policy: expect.stringContaining('DenyKeyDeletion'), statement: 'NoKeyDeletion' })]);
  }, 240_000);

  it('never overwrites --out unasked; --force replaces it; --out - writes to standard output', () => {
    const dir = tmp();
    const out = join(dir, 'mine.json');
    writeFileSync(out, 'my own notes');
    const refused = run('import-aws', [FIXTURE, '--out', out, '--quiet']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${out} exists; not overwritten (choose another --out, or add --force to replace it)`);
    expect(readFileSync(out, 'utf8')).toBe('my own notes');
    const forced = run('import-aws', [FIXTURE, '--out', out, '--force', '--quiet']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).format).toBe('kms-scenario/1');
    const stdout = run('import-aws', [FIXTURE, '--out', '-', '--quiet']);
    expect(stdout.code).toBe(0);
    expect(JSON.parse(stdout.stdout).keys).toHaveLength(3);
    expect(run('import-aws', [FIXTURE]).stderr).toContain('no --out file given');
  }, 240_000);

  it('reads a zip of the folder', () => {
    const dir = tmp();
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
    const entries = Object.fromEntries(walk(FIXTURE).map((p) => [`aws-export/${relative(FIXTURE, p)}`, strToU8(readFileSync(p, 'utf8'))]));
    writeFileSync(join(dir, 'export.zip'), zipSync(entries));
    const r = run('import-aws', [join(dir, 'export.zip'), '--out', join(dir, 'z.json'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'z.json'), 'utf8')).principals).toHaveLength(7);
  }, 240_000);

  it('refuses a broken file with its name and place, and writes nothing', () => {
    const dir = tmp();
    cpSync(FIXTURE, join(dir, 'export'), { recursive: true });
    const dk = 'kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/describe-key.json';
    writeFileSync(join(dir, 'export', dk), '{\n  "KeyMetadata": {\n    "Arn": ');
    const r = run('import-aws', [join(dir, 'export'), '--out', join(dir, 'x.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`was not imported:\\n  ${dk.replace(/[.]/g, '\\.')}: not valid JSON: the file ends before the JSON does \\(truncated\\?\\) \\(line 3, column \\d+\\)`));
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
    const none = run('import-aws', [join(dir, 'nowhere'), '--out', join(dir, 'y.json')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('cannot read');
  }, 240_000);
});
