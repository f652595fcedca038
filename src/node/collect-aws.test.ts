// scripts/collect-aws.sh: its KMS part with the real AWS CLI against `npm run kms-server`
// (--endpoint-url), then imported; its IAM and Organizations part with a stand-in `aws` that answers
// from the fixtures (written from the AWS CLI reference) and records every command it is asked to
// run — so the test sees exactly which commands the script runs, and that all of them only read.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../../scripts/node-run.mjs';
import { importAwsExport, planExport } from '../import-aws';
import { CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DisableKeyCommand } from '@aws-sdk/client-kms';
import { sdkClient, spawnServer, type SpawnedServer } from './kms-server/test-support';

const AWS = process.env.AWS_CLI_PATH ?? '/usr/bin/aws';
if (!existsSync(AWS))
  throw new Error(`The collect-aws tests need ${AWS}: install Debian's awscli (sudo apt-get install -y awscli; npm test does it as root) or set AWS_CLI_PATH.`);
const SCRIPT = join(root, 'scripts/collect-aws.sh');
const FIXTURE = join(root, 'src/import-aws/fixtures/member-account');
const home = mkdtempSync(join(tmpdir(), 'collect-aws-'));

const env = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: home,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_CONFIG_FILE: join(home, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  ...extra,
});

function exec(file: string, args: string[], environment: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: home, timeout: 120_000, env: environment }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
function readExport(dir: string) {
  const plan = planExport(walk(dir).map((p) => relative(dir, p)));
  return importAwsExport(new Map(plan.read.map((r) => [r.path, readFileSync(join(dir, r.given), 'utf8')])), { ignored: plan.ignored });
}

let server: SpawnedServer;
beforeAll(async () => {
  server = await spawnServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('collect-aws.sh, KMS part: the real AWS CLI against npm run kms-server', () => {
  it('saves every key with its policy, grants, tags and aliases, and the import reads them back', async () => {
    // The world is made with the SDK (quicker); the collecting is the real CLI's.
    const kms = sdkClient(server.url);
    const made = await kms.send(new CreateKeyCommand({ Description: 'orders', Tags: [{ TagKey: 'env', TagValue: 'prod' }] }));
    const keyId = made.KeyMetadata!.KeyId!;
    const arn = made.KeyMetadata!.Arn!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: keyId }));
    await kms.send(
      new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: 'arn:aws:iam::111122223333:role/worker', Operations: ['Decrypt', 'GenerateDataKey'], Constraints: { EncryptionContextSubset: { app: 'orders' } }, Name: 'worker' }),
    );
    const other = await kms.send(new CreateKeyCommand({ Description: 'retired' }));
    await kms.send(new DisableKeyCommand({ KeyId: other.KeyMetadata!.KeyId! }));

    const dir = join(home, 'export');
    const r = await exec('bash', [SCRIPT, '--regions', 'us-east-1', '--skip', 'iam,organizations', '--endpoint-url', server.url, dir], env({ AWS_CLI: AWS }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('commands failed');
    expect(existsSync(join(dir, 'collect-errors.log'))).toBe(false);
    const keyDir = join(dir, 'kms/us-east-1', keyId);
    expect(readdirSync(keyDir).sort()).toEqual(['describe-key.json', 'key-policy.json', 'list-grants.json', 'list-resource-tags.json']);
    expect(JSON.parse(readFileSync(join(keyDir, 'key-policy.json'), 'utf8'))).toMatchObject({ Policy: expect.stringContaining('Enable IAM User Permissions') });

    const imported = readExport(dir);
    if (!imported.ok) throw new Error(imported.error.text);
    const key = imported.scenario.keys!.find((k) => k.arn === arn)!;
    expect(key).toMatchObject({ description: 'orders', aliases: ['alias/orders'], tags: { env: 'prod' } });
    expect(key.grants).toEqual([expect.objectContaining({ name: 'worker', granteePrincipal: 'arn:aws:iam::111122223333:role/worker', operations: ['Decrypt', 'GenerateDataKey'], constraints: { encryptionContextSubset: { app: 'orders' } } })]);
    expect(imported.scenario.keys!.find((k) => k.arn === other.KeyMetadata!.Arn)).toMatchObject({ keyState: 'Disabled', description: 'retired' });
    // No IAM part was saved: the report says so rather than inventing principals.
    expect(imported.notes).toContainEqual(expect.objectContaining({ file: 'iam/account-authorization-details.json', severity: 'warning' }));
  }, 180_000);

  it('never writes into a folder that already holds something', async () => {
    const dir = join(home, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const r = await exec('bash', [SCRIPT, '--regions', 'us-east-1', '--endpoint-url', server.url, dir], env({ AWS_CLI: AWS }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${dir} exists and is not empty`);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });
});

/** A stand-in `aws` that answers from the fixture export and records each command line. */
function stubCli(options: { notInOrganization?: boolean; denyListPolicies?: boolean } = {}): { cli: string; log: string } {
  const bin = mkdtempSync(join(home, 'bin-'));
  const log = join(bin, 'commands.log');
  const cli = join(bin, 'aws');
  writeFileSync(
    cli,
    `#!/usr/bin/env bash
echo "$*" >> ${JSON.stringify(log)}
FIX=${JSON.stringify(FIXTURE)}
svc=$1; op=$2; shift 2
get() { local f=$1; shift; while [ $# -gt 0 ]; do [ "$1" = "$f" ] && { echo "$2"; return; }; shift; done; }
region=$(get --region "$@"); key=$(get --key-id "$@"); pid=$(get --policy-id "$@"); filter=$(get --filter "$@")
out() { if [ -f "$1" ]; then cat "$1"; else echo "An error occurred (NotFoundException) when calling the $op operation: not found" >&2; exit 254; fi; }
case "$svc $op" in
  "iam get-account-authorization-details") out "$FIX/iam/account-authorization-details.json" ;;
  "kms list-aliases") out "$FIX/kms/$region/aliases.json" ;;
  "kms list-keys") ls "$FIX/kms/$region" | grep -v aliases.json | tr '\\n' '\\t'; echo ;;
  "kms describe-key") out "$FIX/kms/$region/$key/describe-key.json" ;;
  "kms get-key-policy") out "$FIX/kms/$region/$key/key-policy.json" ;;
  "kms list-grants") out "$FIX/kms/$region/$key/list-grants.json" ;;
  "kms list-resource-tags") out "$FIX/kms/$region/$key/list-resource-tags.json" ;;
  "organizations describe-organization")
    ${options.notInOrganization ? `echo "An error occurred (AWSOrganizationsNotInUseException) when calling the DescribeOrganization operation: Your account is not a member of an organization." >&2; exit 254` : 'out "$FIX/organizations/describe-organization.json"'} ;;
  "organizations list-roots") out "$FIX/organizations/list-roots.json" ;;
  "organizations list-policies")
    ${options.denyListPolicies ? 'echo "An error occurred (AccessDeniedException) when calling the ListPolicies operation: You don\'t have permissions to access this resource." >&2; exit 254' : ''}
    case "$filter" in
      SERVICE_CONTROL_POLICY) printf 'p-FullAWSAccess\\tp-denydeletion1\\tp-oudenykms1\\n' ;;
      RESOURCE_CONTROL_POLICY) printf 'p-RCPFullAWSAccess\\tp-rcptls00001\\n' ;;
    esac ;;
  "organizations describe-policy") out "$FIX/organizations/policies/$pid.json" ;;
  "organizations list-targets-for-policy") out "$FIX/organizations/targets/$pid.json" ;;
  *) echo "stub aws: not a command collect-aws.sh should run: $svc $op" >&2; exit 99 ;;
esac
`,
  );
  chmodSync(cli, 0o755);
  return { cli, log };
}

const K1 = '1234abcd-12ab-34cd-56ef-1234567890ab';
const K2 = '0987dcba-09fe-87dc-65ba-ab0987654321';
const K3 = '11112222-3333-4444-5555-666677778888';
const keyCommands = (region: string, key: string) => [
  `kms describe-key --region ${region} --key-id ${key} --output json`,
  `kms get-key-policy --region ${region} --key-id ${key} --policy-name default --output json`,
  `kms list-grants --region ${region} --key-id ${key} --output json`,
  `kms list-resource-tags --region ${region} --key-id ${key} --output json`,
];

describe('collect-aws.sh, IAM and Organizations part (a stand-in CLI answering from the fixtures)', () => {
  it('runs exactly the read-only commands, in order, and saves their output where the import reads it', async () => {
    const { cli, log } = stubCli();
    const dir = join(home, 'stubbed');
    const r = await exec('bash', [SCRIPT, '--regions', 'eu-west-1,us-east-1', dir], env({ AWS_CLI: cli }));
    expect(r.code, r.stderr).toBe(0);
    const policyCommands = (id: string) => [`organizations describe-policy --policy-id ${id} --output json`, `organizations list-targets-for-policy --policy-id ${id} --output json`];
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'iam get-account-authorization-details --output json',
      'kms list-aliases --region eu-west-1 --output json',
      "kms list-keys --region eu-west-1 --query Keys[].KeyId --output text",
      ...keyCommands('eu-west-1', K3),
      'kms list-aliases --region us-east-1 --output json',
      'kms list-keys --region us-east-1 --query Keys[].KeyId --output text',
      ...keyCommands('us-east-1', K2),
      ...keyCommands('us-east-1', K1),
      'organizations describe-organization --output json',
      'organizations list-roots --output json',
      'organizations list-policies --filter SERVICE_CONTROL_POLICY --query Policies[].Id --output text',
      ...policyCommands('p-FullAWSAccess'),
      ...policyCommands('p-denydeletion1'),
      ...policyCommands('p-oudenykms1'),
      'organizations list-policies --filter RESOURCE_CONTROL_POLICY --query Policies[].Id --output text',
      ...policyCommands('p-RCPFullAWSAccess'),
      ...policyCommands('p-rcptls00001'),
    ]);
    // Every command is a read: get-, list- or describe-.
    for (const line of readFileSync(log, 'utf8').trim().split('\n')) expect(line.split(' ')[1]).toMatch(/^(get|list|describe)-/);
    // What was saved is what the CLI printed, file for file (the tag policy is not an SCP or RCP: not read).
    const saved = walk(dir).map((p) => relative(dir, p)).filter((p) => p !== 'collect-errors.log').sort();
    const expected = walk(FIXTURE).map((p) => relative(FIXTURE, p)).filter((p) => !p.includes('p-tagpolicy01')).sort();
    expect(saved).toEqual(expected);
    for (const p of saved) expect(readFileSync(join(dir, p), 'utf8'), p).toBe(readFileSync(join(FIXTURE, p), 'utf8'));
    // The eu-west-1 key has no grants file in the fixture: the stand-in fails it, and the log says so.
    expect(readFileSync(join(dir, 'collect-errors.log'), 'utf8')).toMatch(new RegExp(`^aws kms list-grants --region eu-west-1 --key-id ${K3}: An error occurred \\(NotFoundException\\)`));
    expect(r.stderr).toContain('1 commands failed');
    const imported = readExport(dir);
    if (!imported.ok) throw new Error(imported.error.text);
    expect(imported.summary).toMatchObject({ users: 5, roles: 2, keys: 3, scps: 3, rcps: 3 });
    expect(imported.notes).toContainEqual(expect.objectContaining({ file: 'collect-errors.log', severity: 'warning' }));
  }, 120_000);

  it('outside an organization: no organizations folder and no failure; a member account that may not list policies: logged, the rest saved', async () => {
    const solo = stubCli({ notInOrganization: true });
    const dir = join(home, 'solo');
    const r = await exec('bash', [SCRIPT, '--regions', 'us-east-1', '--skip', 'kms', dir], env({ AWS_CLI: solo.cli }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('not in an organization');
    expect(readdirSync(dir)).toEqual(['iam']);

    const member = stubCli({ denyListPolicies: true });
    const dir2 = join(home, 'member');
    const r2 = await exec('bash', [SCRIPT, '--skip', 'kms,iam', dir2], env({ AWS_CLI: member.cli }));
    expect(r2.code, r2.stderr).toBe(0);
    expect(readdirSync(join(dir2, 'organizations')).sort()).toEqual(['describe-organization.json', 'list-roots.json']);
    expect(readFileSync(join(dir2, 'collect-errors.log'), 'utf8')).toContain('AccessDeniedException');
  }, 120_000);

  it('refuses a bad option or region, and needs a region for KMS', async () => {
    const { cli } = stubCli();
    expect((await exec('bash', [SCRIPT, '--skip', 'ec2', join(home, 'a')], env({ AWS_CLI: cli }))).stderr).toContain('--skip takes iam, kms, organizations');
    expect((await exec('bash', [SCRIPT, '--regions', 'us-east-1;rm', join(home, 'b')], env({ AWS_CLI: cli }))).stderr).toContain('is not a region name');
    const noRegion = await exec('bash', [SCRIPT, '--skip', 'iam,organizations', join(home, 'c')], env({ AWS_CLI: cli }));
    expect(noRegion.code).toBe(2);
    expect(noRegion.stderr).toContain('no region configured');
  }, 60_000);
});

describe("the README's example", () => {
  it('runs as written: collect → import → simulate', async () => {
    const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
    const block = blocks.find((b) => b.includes('scripts/collect-aws.sh'));
    if (!block) throw new Error('README.md has no ```sh block that runs scripts/collect-aws.sh');
    const { cli } = stubCli();
    const readmeHome = mkdtempSync(join(home, 'readme-'));
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile('bash', ['-e', '-c', block], { cwd: root, timeout: 180_000, env: { ...env(), HOME: readmeHome, PATH: `${join(cli, '..')}:${process.env.PATH}` } }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      ),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('import-aws: account 111122223333');
    expect(JSON.parse(readFileSync(join(readmeHome, 'aws-account.json'), 'utf8')).format).toBe('kms-scenario/1');
    expect(r.stdout).toContain('0 requests: 0 passed');
  }, 240_000);
});
