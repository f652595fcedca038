import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { createKey, openApp, seriousViolations } from './helpers';

// Runs twice: against the production build (playwright.config.ts) and against the Vite dev server
// in React StrictMode (playwright.dev.config.ts, what `npm start` serves). Under StrictMode a link
// whose object URL was revoked by the double mount makes Chromium cancel the download.

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page);
});

/** Drops a file on a drop zone the way a file manager does: a real drop event carrying the file. */
async function dropFile(page: Page, zoneLabel: string, name: string, bytes: Buffer) {
  const zone = page.locator('.dropzone').filter({ has: page.getByLabel(zoneLabel) });
  const transfer = await page.evaluateHandle(
    ({ name, data }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(data)], name, { type: 'application/octet-stream' }));
      return dt;
    },
    { name, data: [...bytes] },
  );
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

test('a file: download the .kmsenv envelope, drop it back, download the original bytes', async ({ page }, testInfo) => {
  await createKey(page, 'Download key', 'download');
  await page.getByRole('link', { name: 'Envelope encryption' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Envelope encryption' })).toBeVisible();

  // Every byte value, twice, and a tail: not text, so nothing can survive by being decoded and re-encoded.
  const original = Buffer.concat([Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256)), Buffer.from('tail\u0000\r\n', 'latin1')]);
  await page.getByLabel('A file (any size)').check();
  await page.getByLabel('Choose a file to encrypt').setInputFiles({ name: 'bytes.bin', mimeType: 'application/octet-stream', buffer: original });
  await expect(page.getByText('bytes.bin · 519 B')).toBeVisible();
  await page.getByRole('button', { name: 'Encrypt with a data key' }).click();
  const made = page.getByRole('region', { name: 'Envelope result' });
  await expect(made).toBeVisible({ timeout: 30_000 });

  const link = made.getByRole('link', { name: 'Download bytes.bin.kmsenv' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  // A cancelled download has a failure and no file; a real one has neither failure nor an empty path.
  expect(await download.failure()).toBeNull();
  expect(download.suggestedFilename()).toBe('bytes.bin.kmsenv');
  const envelope = await readFile((await download.path())!);
  expect(envelope.subarray(0, 4).toString('latin1')).toBe('KENV');
  expect(envelope.length).toBeGreaterThan(original.length);
  // The same link downloads again (the URL outlives the first click).
  const [again] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(await again.failure()).toBeNull();
  expect(await readFile((await again.path())!)).toEqual(envelope);

  // Drop the downloaded file back: the header is read from it.
  await dropFile(page, 'Open an envelope (.kmsenv)', 'bytes.bin.kmsenv', envelope);
  const header = page.getByRole('list', { name: 'Envelope header' }).or(page.getByLabel('Envelope header'));
  await expect(header).toContainText('bytes.bin.kmsenv');
  await expect(header).toContainText('519 B of data');
  await page.getByRole('button', { name: 'Decrypt envelope' }).click();
  const back = page.getByRole('region', { name: 'Envelope decrypt result' });
  await expect(back).toContainText('519 B decrypted.');
  await expect(back).toContainText('Matches the original (same SHA-256).');
  const [plain] = await Promise.all([page.waitForEvent('download'), back.getByRole('link', { name: 'Download bytes.bin' }).click()]);
  expect(await plain.failure()).toBeNull();
  expect(plain.suggestedFilename()).toBe('bytes.bin');
  expect(await readFile((await plain.path())!)).toEqual(original);

  await page.screenshot({ path: testInfo.outputPath('envelope-download.png') });
  expect(await seriousViolations(page)).toEqual([]);
});
