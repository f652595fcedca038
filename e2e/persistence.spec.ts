import { expect, test } from '@playwright/test';
import { base64, createKey, decrypted, encryptText, field, inspector, openApp, seriousViolations } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page);
});

const saved = (page: import('@playwright/test').Page) => expect(page.getByRole('status').filter({ hasText: 'Saved in this browser' })).toBeVisible();

test('a key, a ciphertext, an envelope and the clock survive a reload, and still decrypt', async ({ page }, testInfo) => {
  const keyId = await createKey(page, 'Persistent key', 'kept');
  await encryptText(page, 'still here after a reload');
  await expect(base64(page)).toBeVisible();
  const blob = await base64(page).textContent();
  const time = page.getByRole('group', { name: 'Simulated clock' }).locator('time');
  const before = await time.textContent();
  await page.getByRole('button', { name: 'Advance the simulated clock by 30 days' }).click();
  // Read the clock once it shows the advance, not the instant after the click.
  await expect(time).not.toHaveText(before!);
  const clock = await time.textContent();
  await page.getByRole('link', { name: 'Envelope encryption' }).click();
  await page.getByRole('button', { name: 'Encrypt with a data key' }).click();
  await expect(page.getByRole('region', { name: 'Envelope result' })).toBeVisible();
  await saved(page);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Envelope encryption' })).toBeVisible();
  // The envelope is still listed and decrypts with the restored key (a non-extractable CryptoKey from IndexedDB).
  await page.getByRole('button', { name: 'Open message.txt.kmsenv for decryption' }).click();
  await page.getByRole('button', { name: 'Decrypt envelope' }).click();
  await expect(page.getByRole('region', { name: 'Envelope decrypt result' })).toContainText('Matches the original');

  await page.getByRole('link', { name: 'Keys & crypto' }).click();
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button')).toHaveCount(1);
  await expect(page.getByRole('group', { name: 'Simulated clock' }).locator('time')).toHaveText(clock!);
  await page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button').click();
  await expect(field(inspector(page), 'Key ID')).toContainText(keyId);
  await expect(field(inspector(page), 'Aliases')).toHaveText('alias/kept');
  await expect(base64(page)).toHaveText(blob!);
  await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
  await expect(decrypted(page)).toHaveText('still here after a reload');
  await page.screenshot({ path: testInfo.outputPath('persistence-after-reload.png') });
  expect(await seriousViolations(page)).toEqual([]);
});

test('New workspace asks first, then starts empty (and stays empty after a reload)', async ({ page }) => {
  await createKey(page, 'Soon forgotten');
  await saved(page);
  await page.getByRole('button', { name: 'New workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start a new workspace?' });
  await expect(dialog).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Keep my workspace' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button')).toHaveCount(1);

  await page.getByRole('button', { name: 'New workspace' }).click();
  await dialog.getByRole('button', { name: 'Delete everything and start fresh' }).click();
  await expect(page.getByRole('heading', { name: /Customer managed keys 0 in us-east-1/ })).toBeVisible();
  await saved(page);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Create key' })).toBeEnabled();
  await expect(page.getByRole('heading', { name: /Customer managed keys 0 in us-east-1/ })).toBeVisible();
});

test('storage full: a clear message, and the app keeps working in memory', async ({ page }) => {
  // Make every IndexedDB write fail as a full disk does.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args: Parameters<typeof put>) {
      if ((globalThis as { __full?: boolean }).__full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Create key' })).toBeEnabled();
  await page.evaluate(() => ((globalThis as { __full?: boolean }).__full = true));
  await createKey(page, 'In memory only');
  await expect(page.getByRole('alert').filter({ hasText: 'Storage is full.' })).toContainText('kept in this tab only');
  await expect(page.getByText('Not saved: storage full')).toBeVisible();
  await encryptText(page, 'works without storage');
  await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
  await expect(decrypted(page)).toHaveText('works without storage');
  expect(await seriousViolations(page)).toEqual([]);

  // Space frees up: the next change saves everything.
  await page.evaluate(() => ((globalThis as { __full?: boolean }).__full = false));
  await page.getByRole('button', { name: 'Advance the simulated clock by 1 hour' }).click();
  await saved(page);
  await page.reload();
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button')).toHaveCount(1);
});
