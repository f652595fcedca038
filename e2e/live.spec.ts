// The live classroom end to end: `npm run kms-server` (its main.ts, with a scenario whose principals
// have secrets, so signature checks are on and the Live screen needs the printed token), the app's
// Live screen opened by link, and the real AWS CLI (Debian's v2, or AWS_CLI_PATH) making the calls a
// teacher would type: create-key, encrypt, and an encrypt the caller's own IAM policy denies. What
// the class reads is checked: the list's text, the player walking each call to its last step, the
// decision view naming the statement that denied, the server's keys; axe on the screen; presenting
// with the clicker; a wrong token refused with the server's reason; and no request goes anywhere but
// the app and the endpoint entered.
import { test, expect, type Page } from '@playwright/test';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seriousViolations } from './helpers';

const AWS = process.env.AWS_CLI_PATH ?? '/usr/bin/aws';
const APP = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`;
const ROOT = { accessKeyId: 'AKIAROOTLIVE00000001', secretAccessKey: 'root-live-secret' };
const BOB = { accessKeyId: 'AKIABOBLIVE000000001', secretAccessKey: 'bob-live-secret' };
const BOB_ARN = 'arn:aws:iam::111122223333:user/bob';

const scenario = {
  format: 'kms-scenario/1',
  title: 'Live classroom',
  clock: '2026-01-01T00:00:00Z',
  principals: [
    { arn: 'arn:aws:iam::111122223333:root', policies: [], ...ROOT },
    {
      arn: BOB_ARN,
      ...BOB,
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'UseKeys', Effect: 'Allow', Action: 'kms:*', Resource: '*' },
            { Sid: 'NoEncryptDuringTheExam', Effect: 'Deny', Action: 'kms:Encrypt', Resource: '*' },
          ],
        },
      ],
    },
  ],
  keys: [],
};

let dir: string;
let server: ChildProcessWithoutNullStreams;
let endpoint: string;
let token: string;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  if (!existsSync(AWS)) throw new Error(`The live classroom test needs the AWS CLI at ${AWS}: sudo apt-get install -y awscli, or set AWS_CLI_PATH.`);
  dir = mkdtempSync(join(tmpdir(), 'kms-live-e2e-'));
  writeFileSync(join(dir, 'class.json'), JSON.stringify(scenario));
  writeFileSync(join(dir, 'plain.txt'), 'hello class\n');
  server = spawn(process.execPath, ['--import', 'tsx', 'src/node/kms-server/main.ts', '--port', '0', '--scenario', join(dir, 'class.json'), '--allow-origin', APP], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  server.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /kms-server live events: (http:\/\/\S+)\/_lab\/events\?token=([\w-]+)/.exec(out);
      if (m) {
        endpoint = m[1];
        token = m[2];
        resolve();
      }
    });
    server.once('exit', (code) => reject(new Error(`kms-server exited (${code}) before it was ready:\n${out}`)));
  });
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await gone;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function aws(args: string[], credentials = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      AWS,
      ['--endpoint-url', endpoint, '--output', 'text', ...args],
      {
        cwd: dir,
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: dir,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: join(dir, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
          AWS_PAGER: '',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
    ),
  );
}

const calls = (page: Page) => page.getByRole('list', { name: 'Calls, newest first' }).getByRole('listitem');

/** The player has walked the call on it to its last step (autoplay, no clicks). */
async function playedToTheEnd(page: Page, player = 'Step player') {
  const slider = page.getByRole('toolbar', { name: player }).getByRole('slider', { name: 'Step' });
  await expect(slider).toHaveAttribute('aria-valuetext', /^Step \d+ of \d+: /);
  await expect(async () => {
    const max = await slider.getAttribute('max');
    expect(Number(max)).toBeGreaterThan(2);
    expect(await slider.inputValue()).toBe(max);
  }).toPass();
}

test('the Live screen shows, animates and explains real AWS CLI calls as they happen', async ({ page }) => {
  test.slow(); // five runs of the real AWS CLI (a Python start-up each) and three axe scans
  const origins = new Set<string>();
  page.on('request', (r) => origins.add(new URL(r.url()).origin));
  await page.goto(`/#live=${endpoint}&token=${token}`);
  await expect(page.getByRole('heading', { name: 'Live classroom', level: 1 })).toBeVisible();
  const status = page.getByRole('status', { name: 'Connection' });
  await expect(status).toHaveText(`Live ${endpoint}`);
  await expect(page).toHaveURL(/#live$/);
  await expect(page.getByRole('textbox', { name: 'Endpoint' })).toHaveValue(endpoint);
  await expect(page.getByRole('list', { name: 'Keys on the server' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Keys on the server (0)' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // aws kms create-key: the call appears, plays to its end, and the key is drawn from the world event.
  const created = await aws(['kms', 'create-key', '--description', 'live class key', '--query', 'KeyMetadata.KeyId']);
  expect(created.stderr).toBe('');
  const keyId = created.stdout.trim();
  await expect(calls(page)).toHaveCount(1);
  const first = calls(page).first();
  await expect(first).toContainText('CreateKey');
  await expect(first).toContainText('OK');
  await expect(first).toContainText('root (111122223333)');
  await expect(first.getByRole('button')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('heading', { name: 'CreateKey by root (111122223333)', level: 2 })).toBeVisible();
  // The teacher's speed (4×) for every call after this one, and the player still walks every step.
  await page.getByRole('toolbar', { name: 'Step player' }).getByLabel('Speed').selectOption('4');
  await playedToTheEnd(page);
  const keys = page.getByRole('list', { name: 'Keys on the server' });
  await expect(keys.getByRole('listitem')).toHaveCount(1);
  await expect(keys).toContainText('live class key');
  await expect(keys).toContainText(keyId);
  await expect(keys).toContainText('Enabled · SYMMETRIC_DEFAULT · us-east-1');

  // aws kms encrypt: the newest call plays by itself, on the key it names.
  const encrypted = await aws(['kms', 'encrypt', '--key-id', keyId, '--plaintext', 'fileb://plain.txt', '--query', 'KeyId']);
  expect(encrypted.stderr).toBe('');
  await expect(calls(page)).toHaveCount(2);
  const enc = calls(page).first();
  await expect(enc).toContainText('Encrypt');
  await expect(enc).toContainText('OK');
  await expect(enc).toContainText(keyId.slice(0, 8));
  await expect(page.getByRole('heading', { name: 'Encrypt by root (111122223333)', level: 2 })).toBeVisible();
  await playedToTheEnd(page);
  await expect(page.getByRole('region', { name: /^Flow graph: Encrypt/ })).toBeVisible();

  // A denied call: bob's own IAM policy denies kms:Encrypt. The CLI gets AccessDeniedException; the
  // screen shows it, plays it, and opens the decision view on that call's evaluation.
  const denied = await aws(['kms', 'encrypt', '--key-id', keyId, '--plaintext', 'fileb://plain.txt'], BOB);
  expect(denied.code).toBe(1);
  const cliMessage = /An error occurred \(AccessDeniedException\) when calling the Encrypt operation: (.*)/.exec(denied.stderr)?.[1];
  expect(cliMessage, denied.stderr).toMatch(/^User: arn:aws:iam::111122223333:user\/bob is not authorized to perform: kms:Encrypt on resource: .* with an explicit deny in an identity-based policy/);
  await expect(calls(page)).toHaveCount(3);
  const deny = calls(page).first();
  await expect(deny).toContainText('Encrypt');
  await expect(deny).toContainText('AccessDeniedException');
  await expect(deny).toContainText('bob');
  await expect(page.getByRole('heading', { name: 'Encrypt by user/bob: AccessDeniedException', level: 2 })).toBeVisible();
  await playedToTheEnd(page);
  const decision = page.getByRole('region', { name: /^Decision kms:Encrypt by user\/bob/ });
  await expect(decision).toBeVisible();
  await expect(decision.getByRole('heading', { level: 2 })).toHaveText(`Decision kms:Encrypt by user/bob on key ${keyId.slice(0, 8)}…`);
  await expect(decision.getByText('From a call you made')).toBeVisible();
  // The decision view names what decided: bob's Deny statement, by its Sid.
  await playedToTheEnd(page, 'Decision player');
  const deciders = decision.locator('.dv-deciders');
  await expect(deciders).toContainText('Deny statement “NoEncryptDuringTheExam” in');
  await expect(decision.getByRole('status')).toContainText('Denied — explicit deny');
  // The narration of the call's error step is the server's own message, the one the CLI printed.
  await expect(page.locator('.lv-flow')).toContainText(/explicit deny/);
  expect(await seriousViolations(page)).toEqual([]);

  // Presenting: the clicker walks the calls (back: the successful Encrypt; next: the denied one again).
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-present', /.*/);
  await page.keyboard.press('PageUp');
  await expect(calls(page).nth(1).getByRole('button')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('heading', { name: 'Encrypt by root (111122223333)', level: 2 })).toBeVisible();
  await expect(page.getByRole('region', { name: /^Decision / })).toHaveCount(0);
  await playedToTheEnd(page);
  await page.keyboard.press('PageDown');
  await expect(calls(page).first().getByRole('button')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('region', { name: /^Decision kms:Encrypt by user\/bob/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  // Paused: a new call waits in the list instead of taking the stage.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Pause live' }).click();
  expect((await aws(['kms', 'describe-key', '--key-id', keyId, '--query', 'KeyMetadata.KeyState'])).stdout.trim()).toBe('Enabled');
  await expect(calls(page)).toHaveCount(4);
  await expect(calls(page).first()).toContainText('DescribeKey');
  await expect(calls(page).nth(1).getByRole('button')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByText('Paused: new calls wait here (1 newer than the one on the player).')).toBeVisible();

  // Nothing but the app and the endpoint entered.
  expect([...origins].sort()).toEqual([APP, endpoint].sort());
});

test('a wrong token is refused with the server’s reason, and a fixed one connects', async ({ page }) => {
  await page.goto(`/#live=${endpoint}&token=not-the-token`);
  const status = page.getByRole('status', { name: 'Connection' });
  await expect(status).toContainText('Refused');
  await expect(status).toContainText("HTTP 403 AccessDeniedException: The token is not this kms-server's live events token");
  await page.getByLabel('Token (only when kms-server printed one)').fill(token);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(status).toHaveText(`Live ${endpoint}`);
  expect(await seriousViolations(page)).toEqual([]);
});
