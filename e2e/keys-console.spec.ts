import { expect, test, type Page } from '@playwright/test';
import { createKey, field, inspector, openApp, seriousViolations } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page);
});

const materials = (page: Page) => inspector(page).getByRole('list', { name: 'Key material versions' }).getByRole('listitem');

test('rotate now adds a key material version; old material is kept', async ({ page }) => {
  await createKey(page, 'Rotating key');
  await expect(materials(page)).toHaveCount(1);
  await expect(materials(page).first()).toContainText('Original material');
  const before = await field(inspector(page), 'Key material').textContent();
  await inspector(page).getByRole('button', { name: 'Rotate now' }).click();
  await expect(inspector(page).getByRole('region', { name: 'RotateKeyOnDemand result' })).toContainText('succeeded');
  await expect(materials(page)).toHaveCount(2);
  await expect(materials(page).first()).toContainText('Current');
  await expect(materials(page).first()).toContainText('On-demand rotation');
  await expect(field(inspector(page), 'Key material')).not.toHaveText(before!);
  expect(await seriousViolations(page)).toEqual([]);
});

test('+1 year with automatic rotation enabled rotates the key', async ({ page }, testInfo) => {
  await createKey(page, 'Yearly key');
  await inspector(page).getByRole('button', { name: 'Enable automatic rotation' }).click();
  await expect(field(inspector(page), 'Automatic rotation')).toHaveText('On, every 365 days');
  await expect(field(inspector(page), 'Next rotation')).toContainText('in 365 days');
  await page.getByRole('button', { name: 'Advance the simulated clock by 1 year' }).click();
  await expect(materials(page)).toHaveCount(2);
  await expect(materials(page).first()).toContainText('Automatic rotation');
  await page.getByRole('button', { name: 'Advance the simulated clock by 1 year' }).click();
  await expect(materials(page)).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath('keys-console-rotation.png') });
  expect(await seriousViolations(page)).toEqual([]);
});

test('actions unavailable in a state say why, and KMS refuses them when tried', async ({ page }) => {
  await createKey(page, 'Stateful key');
  const card = inspector(page);
  const why = (name: string) => card.getByRole('button', { name, exact: true });
  await expect(why('Enable key')).toHaveAccessibleDescription(/Not allowed now: Already enabled/);
  await expect(why('Cancel deletion')).toHaveAccessibleDescription(/Only a key pending deletion/);
  await expect(why('Disable key')).toHaveAccessibleDescription(/^Allowed\./);

  await why('Disable key').click();
  await expect(field(card, 'State')).toContainText('Disabled');
  await expect(why('Rotate now')).toHaveAccessibleDescription(/disabled key does not rotate.*DisabledException/);
  await why('Rotate now').click();
  await expect(card.getByRole('region', { name: 'RotateKeyOnDemand result' }).getByRole('alert')).toContainText('DisabledException');

  await card.getByLabel('Waiting period (days, 7–30)').fill('7');
  await why('Schedule deletion').click();
  await expect(field(card, 'State')).toContainText('PendingDeletion');
  await expect(why('Enable key')).toHaveAccessibleDescription(/cancel the deletion first/);
  await expect(why('Cancel deletion')).toHaveAccessibleDescription(/^Allowed\. The key comes back Disabled/);
  expect(await seriousViolations(page)).toEqual([]);
});

test('create with more options: the engine says what it supports', async ({ page }) => {
  await page.getByText('More options: key spec, usage, origin, multi-Region, policy').click();
  await expect(page.getByRole('status').filter({ hasText: /supports this combination|not supported|Asking/ }).first()).toBeVisible();
  await page.getByLabel('Key material origin').selectOption('EXTERNAL');
  await page.getByLabel('Description').fill('Imported material key');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('region', { name: 'CreateKey result' })).toContainText('Created key');
  await expect(field(inspector(page), 'Origin')).toHaveText('EXTERNAL');
  await expect(field(inspector(page), 'State')).toContainText('PendingImport');
  // A policy that locks the caller out is refused by CreateKey's safety check.
  await page.getByLabel('Key material origin').selectOption('AWS_KMS');
  await page.getByLabel(/Key policy/).fill('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:Encrypt","Resource":"*"}]}');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('region', { name: 'CreateKey result' }).getByRole('alert')).toContainText('MalformedPolicyDocumentException');
  expect(await seriousViolations(page)).toEqual([]);
});

test('10,000 keys: the list stays windowed and responsive', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.getByText('Many keys').click();
  await page.getByRole('button', { name: 'Create sample keys' }).click();
  await expect(page.getByText('Created 10,000 sample keys.')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByRole('heading', { name: /Customer managed keys 10000 in us-east-1/ })).toBeVisible();
  const list = page.getByRole('list', { name: 'Keys in us-east-1' });
  const rendered = await list.getByRole('listitem').count();
  expect(rendered).toBeLessThan(40);
  expect(await list.getByRole('listitem').first().getAttribute('aria-setsize')).toBe('10000');
  // Scroll to the end: the last key renders, quickly.
  const scroller = page.getByRole('region', { name: 'Keys in us-east-1 (scrollable)' });
  const t = Date.now();
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(list.getByRole('listitem').last()).toHaveAttribute('aria-posinset', '10000');
  expect(Date.now() - t).toBeLessThan(1500);
  await list.getByRole('listitem').last().getByRole('button').click();
  await expect(inspector(page).getByRole('heading', { level: 2 })).toHaveText('Sample key 1 of 10000');
  await page.screenshot({ path: testInfo.outputPath('keys-console-10000.png') });
  expect(await seriousViolations(page)).toEqual([]);
});
