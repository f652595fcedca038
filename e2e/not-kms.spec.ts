import { expect, test } from '@playwright/test';
import { seriousViolations } from './helpers';

// Errors from the browser's own APIs are never shown as something KMS did: the screen gives the
// KMS-level outcome, and the browser's words only as a detail.

test.use({ reducedMotion: 'reduce' });

test('a lesson that tries to export a backing key says KMS never exports it, not the browser’s error', async ({ page }, testInfo) => {
  await page.goto('/#lessons/regional-service');
  const exported = page.getByTestId('outcome-export');
  // Run every part up to the export attempt (predictions skipped: they are not the point here).
  for (let i = 0; i < 12 && !(await exported.isVisible()); i++) {
    const run = page.getByRole('button', { name: /^Run part \d+$/ });
    const skip = page.getByRole('button', { name: 'Skip predicting, just run it' });
    await expect(run.or(skip).first()).toBeVisible();
    const before = await page.locator('.ls-outcome').count();
    await run.or(skip).first().click();
    await expect(page.locator('.ls-outcome')).toHaveCount(before + 1);
  }
  await expect(exported).toHaveText(/^What happened \(in your browser, not a KMS call\): Refused: KMS never exports a KMS key’s key material/);
  await expect(exported).not.toContainText('What KMS did');
  await expect(exported).not.toContainText('InvalidAccess');
  const detail = exported.locator('xpath=following-sibling::details[1]');
  await expect(detail.locator('summary')).toHaveText('The browser’s own words');
  await detail.locator('summary').click();
  await expect(detail.locator('code')).toHaveText(/^Your browser's WebCrypto said: InvalidAccessError/);
  // The KMS calls of the same lesson still read as KMS's.
  await expect(page.getByTestId('outcome-describe')).toHaveText(/^What KMS did: Succeeded/);
  await page.screenshot({ path: testInfo.outputPath('lesson-export.png') });
  expect(await seriousViolations(page)).toEqual([]);
});
