// Open AWS export: a real account's saved AWS CLI outputs (the fixtures of src/import-aws, written from
// the AWS CLI reference) opened in the browser — preview with what could not be placed, confirm,
// then act as an imported role and read the statement that decided; a bad export refused with its
// file and place, and the workspace untouched (also after Cancel). axe on each state.
import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { createKey, goLab, openApp, seriousViolations } from './helpers';

const FIXTURE = path.join(import.meta.dirname, '..', 'src', 'import-aws', 'fixtures', 'member-account');
const A = '111122223333';
const DESCRIBE = 'kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/describe-key.json';

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page);
});

const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n)) : [path.join(d, n)]));
/** The fixture export as a zip, with one file replaced when asked. */
function exportZip(replace: Record<string, string> = {}): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const p of walk(FIXTURE)) {
    const rel = path.relative(FIXTURE, p).split(path.sep).join('/');
    entries[`payments-prod/${rel}`] = strToU8(replace[rel] ?? readFileSync(p, 'utf8'));
  }
  return Buffer.from(zipSync(entries));
}

async function axe(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

const panel = (page: Page) => page.getByRole('region', { name: 'Open AWS export' });
const pipeline = (page: Page) => page.getByRole('list', { name: 'Evaluation pipeline, in AWS order' });
const stage = (page: Page, title: string) => pipeline(page).getByRole('listitem').filter({ has: page.getByText(title, { exact: true }) });

async function simulate(page: Page, principal: string, key: string) {
  await page.getByLabel('Principal', { exact: true }).selectOption(principal);
  await page.getByLabel('Operation').selectOption('Decrypt');
  await page.getByLabel('Key (ID, ARN, alias name or alias ARN)').fill(key);
  await page.getByRole('button', { name: 'Simulate', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Decision/ })).toBeVisible();
  await page.getByRole('button', { name: 'Skip and just show me' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^(Allowed|Denied)/ })).toBeVisible();
}

test('a good export: preview with what could not be placed, confirm, then act as an imported role and see the deciding statement', async ({ page }) => {
  await goLab(page);
  await page.getByRole('button', { name: 'Open AWS export…' }).click();
  await expect(panel(page)).toContainText('nothing is uploaded anywhere');
  await axe(page);
  await page.getByLabel('Open an AWS export folder').setInputFiles(FIXTURE);

  const preview = page.getByRole('region', { name: 'AWS export preview' });
  await expect(preview.getByRole('heading', { level: 3 })).toHaveText(`AWS account ${A} (payments-prod)`);
  await expect(preview).toContainText(`account ${A}: 5 users, 2 roles, 3 groups, 3 managed policies, 3 keys, 2 aliases, 1 grant in eu-west-1, us-east-1; organization o-a1b2c3d4e5, 3 SCPs, 3 RCPs.`);
  await expect(preview).toContainText('Keys get fresh key material in the lab: the real key material never leaves AWS');
  await expect(preview).toContainText('4 things could not be placed as in AWS');
  const notPlaced = preview.getByRole('list', { name: 'Not placed' });
  await expect(notPlaced.getByRole('listitem')).toHaveCount(4);
  await expect(notPlaced).toContainText('organizations/targets/p-oudenykms1.json Targets[0]: SCP DenyAllKmsInSandbox is attached to OU ou-ab12-22222222 (Sandbox), which the export does not place');
  await expect(notPlaced).toContainText('kms/us-east-1/aliases.json Aliases[3]: alias alias/old-app is not placed');
  await axe(page);

  await preview.getByRole('button', { name: 'Replace my workspace with this account' }).click();
  const report = page.getByRole('region', { name: 'AWS export report' });
  await expect(report.getByRole('status')).toHaveText(`Opened AWS account ${A} (payments-prod): act as any of its 7 users and roles in the request builder below.`);
  await expect(report.getByRole('list', { name: 'Not placed' }).getByRole('listitem')).toHaveCount(4);
  await axe(page);

  // The role "app" is named in the key policy: the key policy decides, by its statement "Allow use of the key".
  await simulate(page, `arn:aws:iam::${A}:role/app`, 'alias/app-data');
  await expect(page.getByRole('status').filter({ hasText: /^(Allowed|Denied)/ })).toContainText('Allowed');
  await expect(stage(page, 'Key policy')).toContainText('Decided here');
  await stage(page, 'Key policy').getByRole('button', { name: 'Details: Key policy' }).click();
  const kp = page.getByRole('region', { name: 'Inside: Key policy' });
  await expect(kp.locator('summary').filter({ hasText: 'Statement “Allow use of the key”: applies' })).toContainText('Decided here');
  await expect.poll(async () => (await page.locator('.cm-decided').allTextContents()).join('')).toContain('"Sid": "Allow use of the key"');
  await axe(page);

  // alice gets her group's managed policy: the IAM stage decides, and names the policy as IAM does.
  await simulate(page, `arn:aws:iam::${A}:user/alice`, 'alias/app-data');
  await expect(stage(page, 'IAM policies')).toContainText('Decided here');
  await stage(page, 'IAM policies').getByRole('button', { name: 'Details: IAM policies' }).click();
  const iam = page.getByRole('region', { name: 'Inside: IAM policies' });
  await expect(iam.getByRole('region', { name: 'identity policy KmsUse (group kms-users) of alice' }).locator('summary').filter({ hasText: 'Statement “UseAppKeys”: applies' })).toContainText('Decided here');

  // bob: his own inline Deny decides (explicit deny), whatever his group allows.
  await simulate(page, `arn:aws:iam::${A}:user/bob`, 'alias/app-data');
  await expect(page.getByRole('status').filter({ hasText: /^(Allowed|Denied)/ })).toContainText('Denied — explicit deny');
  await axe(page);
});

test('a bad export is refused with its file and place, and the workspace is untouched; Cancel leaves it untouched too', async ({ page }) => {
  await createKey(page, 'Keep me', 'keep');
  await goLab(page);
  await page.getByRole('button', { name: 'Open AWS export…' }).click();
  await page.getByLabel('Open an AWS export zip').setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: exportZip({ [DESCRIBE]: '{\n  "KeyMetadata": {\n    "Arn": ' }) });
  const alert = page.getByRole('alert').filter({ hasText: 'was not imported' });
  await expect(alert).toContainText('broken.zip was not imported. Your workspace is unchanged.');
  await expect(alert).toContainText(`${DESCRIBE} line 3, column`);
  await expect(alert).toContainText('not valid JSON: the file ends before the JSON does (truncated?)');
  await axe(page);

  // A good export, previewed, then cancelled: nothing replaced either.
  await alert.getByRole('button', { name: 'Try another' }).click();
  await page.getByLabel('Open an AWS export zip').setInputFiles({ name: 'payments-prod.zip', mimeType: 'application/zip', buffer: exportZip() });
  const preview = page.getByRole('region', { name: 'AWS export preview' });
  await expect(preview.getByRole('heading', { level: 3 })).toHaveText(`AWS account ${A} (payments-prod)`);
  await preview.getByRole('button', { name: 'Cancel' }).click();
  await expect(preview).toHaveCount(0);

  await page.getByRole('link', { name: 'Keys & crypto' }).click();
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button')).toHaveCount(1);
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' })).toContainText('Keep me');
});
