import { expect, test } from '@playwright/test';
import { createKey, encryptText, encryptResult, inspector, openApp, pauseAtFirstStep, seriousViolations } from './helpers';

// The Studio draws the world a flow ran in: a call replayed from the audit log shows the keys as
// they were when it ran, not today's.

test.use({ reducedMotion: 'reduce' });

test('replaying an old Encrypt from the audit log draws its key as it was: one backing key, even after two rotations and a new key', async ({ page }, testInfo) => {
  await openApp(page);
  await createKey(page, 'Replayed key', 'replayed');
  await encryptText(page, 'then');
  await expect(encryptResult(page)).toContainText('145 bytes');
  // Later: the key rotates twice and another key is made.
  for (let i = 0; i < 2; i++) {
    await inspector(page).getByRole('button', { name: 'Rotate now' }).click();
    await expect(inspector(page).getByRole('list', { name: 'Key material versions' }).getByRole('listitem')).toHaveCount(i + 2);
  }
  await createKey(page, 'A later key', 'later');

  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('button', { name: /^Replay Encrypt at / }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Studio: Encrypt');
  await pauseAtFirstStep(page);
  await page.locator('body').press('End');
  const cmk = page.getByRole('group', { name: 'CMK alias/replayed' });
  await expect(cmk).toBeVisible();
  // The call used the only backing key there was; today's three are not drawn.
  await expect(cmk.getByRole('list', { name: /^Backing keys: / })).toHaveAccessibleName('Backing keys: 1');

  // Today's latest rotation, replayed, shows the three it made.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('button', { name: /^Replay RotateKeyOnDemand at / }).first().click();
  await pauseAtFirstStep(page);
  await page.locator('body').press('End');
  await expect(page.getByRole('group', { name: 'CMK alias/replayed' }).getByRole('list', { name: /^Backing keys: / })).toHaveAccessibleName('Backing keys: 3');
  await page.screenshot({ path: testInfo.outputPath('studio-replay.png') });
  expect(await seriousViolations(page)).toEqual([]);
});

test('a demo runs in its own world: no keys, audit events or clock change in the learner’s workspace', async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole('heading', { name: /^Customer managed keys/ })).toHaveText('Customer managed keys 0 in us-east-1');
  const clock = page.getByRole('group', { name: 'Simulated clock' }).locator('time');
  const before = await clock.getAttribute('datetime');
  await page.getByRole('link', { name: 'Studio' }).click();
  for (const name of ['Envelope encryption', 'Crypto-shredding: delete the key', 'Multi-Region key: decrypt in another Region']) {
    await page.getByRole('button', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Studio: ${name}`);
    await pauseAtFirstStep(page);
    // The demo draws its own key, inside its own KMS boundary.
    await page.locator('body').press('End');
    await expect(page.getByRole('group', { name: /^CMK / }).first()).toBeVisible();
  }
  // Crypto-shredding let 30 days pass in its world, not in the learner's.
  expect(await clock.getAttribute('datetime')).toBe(before);
  await page.getByRole('link', { name: 'Keys & crypto' }).click();
  await expect(page.getByRole('heading', { name: /^Customer managed keys/ })).toHaveText('Customer managed keys 0 in us-east-1');
  await page.getByLabel('Region').selectOption('eu-west-1');
  await expect(page.getByRole('heading', { name: /^Customer managed keys/ })).toHaveText('Customer managed keys 0 in eu-west-1');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel(/^Hide reads/).check();
  await expect(page.getByRole('region', { name: 'Audit events' }).getByRole('button', { name: /^Replay / })).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
});
