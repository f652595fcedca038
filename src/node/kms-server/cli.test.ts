// The real AWS CLI (Debian's awscli, v2; `npm test` installs it through scripts/ensure-cli-tools.sh when
// run as root) against `npm run kms-server`: the smoke path a teacher would show, with --endpoint-url,
// and the CLI's own SigV4 signatures checked against a caller's secret.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKmsServer, type RunningKmsServer } from './server';
import { alice, spawnServer, twoPrincipalWorld, type SpawnedServer } from './test-support';

const AWS = process.env.AWS_CLI_PATH ?? '/usr/bin/aws';
if (!existsSync(AWS))
  throw new Error(`The AWS CLI tests need ${AWS}: install Debian's awscli (sudo apt-get install -y awscli; npm test does it as root) or set AWS_CLI_PATH.`);

const home = mkdtempSync(join(tmpdir(), 'kms-server-cli-'));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function aws(endpoint: string, args: string[], credentials = { accessKeyId: 'test', secretAccessKey: 'test' }, region = 'us-east-1'): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      AWS,
      ['--endpoint-url', endpoint, '--output', 'json', ...args],
      {
        cwd: home,
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: home,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_REGION: region,
          AWS_CONFIG_FILE: join(home, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
          AWS_PAGER: '',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** The CLI's error line: `An error occurred (Type) when calling the Op operation[ (reached max retries: N)]: message`. */
const cliError = (r: CliResult, type: string, operation: string, message: string) => {
  expect(r.code).not.toBe(0);
  const m = /An error occurred \((\w+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)/.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  expect({ type: m![1], operation: m![2] }).toEqual({ type, operation });
  expect(m![3].startsWith(message), m![3]).toBe(true);
};

const ok = (r: CliResult) => {
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
};

let spawned: SpawnedServer;
beforeAll(async () => {
  spawned = await spawnServer();
}, 60_000);
afterAll(async () => {
  await spawned?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('the AWS CLI against npm run kms-server', () => {
  it('create-key, create-alias, encrypt, decrypt, schedule-key-deletion', async () => {
    const created = ok(await aws(spawned.url, ['kms', 'create-key', '--description', 'cli smoke']));
    const meta = created.KeyMetadata as Record<string, unknown>;
    expect(meta.Description).toBe('cli smoke');
    expect(meta.KeyState).toBe('Enabled');
    ok(await aws(spawned.url, ['kms', 'create-alias', '--alias-name', 'alias/cli-smoke', '--target-key-id', String(meta.KeyId)]));

    const plainFile = join(home, 'plain.txt');
    writeFileSync(plainFile, 'hello from the AWS CLI\n');
    const enc = ok(await aws(spawned.url, ['kms', 'encrypt', '--key-id', 'alias/cli-smoke', '--plaintext', `fileb://${plainFile}`, '--encryption-context', 'purpose=smoke']));
    expect(enc.KeyId).toBe(meta.Arn);
    const ctFile = join(home, 'ct.bin');
    writeFileSync(ctFile, Buffer.from(String(enc.CiphertextBlob), 'base64'));
    const dec = ok(await aws(spawned.url, ['kms', 'decrypt', '--ciphertext-blob', `fileb://${ctFile}`, '--encryption-context', 'purpose=smoke']));
    expect(Buffer.from(String(dec.Plaintext), 'base64').toString()).toBe(readFileSync(plainFile, 'utf8'));

    const wrong = await aws(spawned.url, ['kms', 'decrypt', '--ciphertext-blob', `fileb://${ctFile}`, '--encryption-context', 'purpose=other']);
    expect(wrong.stderr).toMatch(/An error occurred \(InvalidCiphertextException\) when calling the Decrypt operation/);
    expect(wrong.code).not.toBe(0);

    const scheduled = ok(await aws(spawned.url, ['kms', 'schedule-key-deletion', '--key-id', String(meta.KeyId), '--pending-window-in-days', '7']));
    expect(scheduled.KeyState).toBe('PendingDeletion');
    expect(String(scheduled.DeletionDate)).toMatch(/^\d{4}-\d{2}-\d{2}T/); // the CLI renders the epoch seconds as a date

    const after = await aws(spawned.url, ['kms', 'encrypt', '--key-id', 'alias/cli-smoke', '--plaintext', `fileb://${plainFile}`]);
    cliError(after, 'KMSInvalidStateException', 'Encrypt', `${String(meta.Arn)} is pending deletion.`);
  }, 120_000);
});

describe('the CLI\'s signatures, checked', () => {
  let server: RunningKmsServer;
  beforeAll(async () => {
    server = await startKmsServer({ port: 0, loadWorld: twoPrincipalWorld, log: () => undefined });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('with the right secret the call goes through; with a wrong one it is InvalidSignatureException', async () => {
    const keyArn = Object.keys(server.world().state.keys)[0];
    const good = ok(await aws(server.url, ['kms', 'describe-key', '--key-id', keyArn], alice, 'us-east-1'));
    expect((good.KeyMetadata as Record<string, unknown>).Arn).toBe(keyArn);
    const bad = await aws(server.url, ['kms', 'describe-key', '--key-id', keyArn], { accessKeyId: alice.accessKeyId, secretAccessKey: 'wrong' });
    cliError(bad, 'InvalidSignatureException', 'DescribeKey', 'The request signature we calculated does not match the signature you provided.');
    const unknown = await aws(server.url, ['kms', 'list-keys'], { accessKeyId: 'AKIANOBODY0000000001', secretAccessKey: 'x' });
    cliError(unknown, 'UnrecognizedClientException', 'ListKeys', 'The security token included in the request is invalid.');
  }, 120_000);
});
