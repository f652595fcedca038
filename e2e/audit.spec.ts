import { expect, test, type Page } from '@playwright/test';
import { createKey, encryptResult, encryptText, field, inspector, openApp, pauseAtFirstStep, seriousViolations } from './helpers';

// The audit log (issue 4): a CloudTrail-style list of every call, with filters; clicking replays.

// The log is the learner's own world's: demos run in a world of their own, so the calls here are
// made through the console.

/** CreateKey, Encrypt, DisableKey, Decrypt (DisabledException), EnableKey, Decrypt — as the "Disable a key" demo does. */
async function disableAndBack(page: Page) {
  await openApp(page);
  await createKey(page, 'Audited key');
  const card = inspector(page);
  await encryptText(page, 'audited');
  await expect(encryptResult(page)).toContainText('bytes');
  await card.getByRole('button', { name: 'Disable key' }).click();
  await expect(field(card, 'State')).toContainText('Disabled');
  await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Decrypt result' }).getByRole('alert')).toContainText('DisabledException');
  await card.getByRole('button', { name: 'Enable key' }).click();
  await expect(field(card, 'State')).toContainText('Enabled');
  await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Decrypt result' }).getByRole('alert')).toHaveCount(0);
}

const table = (page: Page) => page.getByRole('region', { name: 'Audit events' }).getByRole('table');
const bodyRows = (page: Page) => table(page).locator('tbody tr:not([aria-hidden])');

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
});

test('lists calls with filters: operation, outcome, key, read-only', async ({ page }) => {
  await disableAndBack(page);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const hide = page.getByLabel(/^Hide reads/);
  await expect(hide).toBeChecked();
  await expect(bodyRows(page).filter({ hasText: 'ListKeys' })).toHaveCount(0);
  await expect(bodyRows(page).filter({ hasText: 'DisableKey' })).toHaveCount(1);
  const disabled = bodyRows(page).filter({ hasText: 'DisabledException' });
  await expect(disabled).toHaveCount(1);
  await expect(disabled).toContainText('Decrypt');

  await page.getByLabel('Outcome').selectOption('error');
  await expect(bodyRows(page)).toHaveCount(1);
  await page.getByLabel('Outcome').selectOption('all');

  await page.getByLabel('Operation').selectOption('Encrypt');
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(bodyRows(page).first()).toContainText('Success');
  await expect(bodyRows(page).first()).toContainText('Allowed');
  await page.getByLabel('Operation').selectOption('');

  // Read-only calls (the console's own reads) appear when asked for.
  await hide.uncheck();
  await expect(bodyRows(page).filter({ hasText: 'ListKeys' }).first()).toBeVisible();

  // Filter by key: the key's events only (CreateKey, Encrypt, DisableKey, Decrypt, EnableKey, Decrypt + reads).
  const keyOptions = await page.getByRole('combobox', { name: 'Key', exact: true }).locator('option').allTextContents();
  expect(keyOptions.length).toBeGreaterThan(1);
  await page.getByRole('combobox', { name: 'Key', exact: true }).selectOption({ index: 1 });
  await hide.check();
  await expect(bodyRows(page)).toHaveCount(6);
  await page.screenshot({ path: 'test-results/audit-1280.png' });
  expect(await seriousViolations(page)).toEqual([]);
});

test('clicking an event replays its flow in the Studio, including service events', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'Shredded key');
  await inspector(page).getByLabel('Waiting period (days, 7–30)').fill('7');
  await inspector(page).getByRole('button', { name: 'Schedule deletion' }).click();
  await expect(field(inspector(page), 'State')).toContainText('PendingDeletion');
  await page.getByRole('button', { name: 'Advance the simulated clock by 30 days' }).click();
  await expect(page.getByRole('heading', { name: /Customer managed keys 0 in us-east-1/ })).toBeVisible();
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('button', { name: /^Replay ScheduleKeyDeletion at / }).click();
  await expect(page).toHaveURL(/#studio$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Studio: ScheduleKeyDeletion');
  await pauseAtFirstStep(page);
  await page.locator('body').press('End');
  await expect(page.getByTestId('narration')).toContainText('CloudTrail event ScheduleKeyDeletion');
  await page.locator('body').press('Home');
  await expect(page.getByTestId('narration')).toContainText('You call ScheduleKeyDeletion in us-east-1.');

  await page.getByRole('link', { name: 'Audit log' }).click();
  const svc = page.getByRole('button', { name: /^Replay DeleteKey at / });
  await expect(svc).toContainText('service');
  await svc.click();
  await expect(page.getByTestId('narration')).toContainText('KMS deletes key');
  await expect(page.getByRole('group', { name: /^CMK .*, deleted$/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('a long log stays virtualized', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'Busy key');
  for (let i = 0; i < 12; i++) {
    await page.getByRole('button', { name: 'Encrypt', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Encrypt', exact: true })).toBeEnabled();
    await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Decrypt', exact: true })).toBeEnabled();
  }
  for (let i = 0; i < 14; i++) {
    await page.getByRole('button', { name: 'Advance the simulated clock by 1 hour' }).click();
    await expect(page.getByRole('button', { name: 'Advance the simulated clock by 1 hour' })).toBeEnabled();
  }
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel(/^Hide reads/).uncheck();
  const status = page.getByRole('status').filter({ hasText: / of .* events/ });
  await expect(status).toHaveText(/^(\d+) of \1 events$/);
  const total = Number((await status.textContent())!.split(' ')[0]);
  expect(total).toBeGreaterThan(45);
  const rendered = await bodyRows(page).count();
  expect(rendered).toBeLessThan(total);
  // Scrolling to the bottom renders the oldest event: the console's first read, at boot.
  await expect(bodyRows(page).last()).not.toContainText('ListKeys');
  await page.getByRole('region', { name: 'Audit events' }).evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(bodyRows(page).last()).toContainText('ListKeys');
  await expect(table(page).locator('tbody tr').last()).toHaveAttribute('aria-rowindex', String(total + 1));
  expect(await seriousViolations(page)).toEqual([]);
});
