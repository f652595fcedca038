import { expect, test } from '@playwright/test';
import { base64, createKey, decrypted, decryptResult, encryptResult, encryptText, field, hex, inspector, openApp, policyJson, seriousViolations, UUID } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page);
});

test('create a key, see its metadata, encrypt a text and decrypt it back', async ({ page }) => {
  const keyId = await createKey(page, 'Payroll records', 'payroll');
  const card = inspector(page);

  // What the notes say a CMK contains: id, creation date, policy, description, state.
  await expect(field(card, 'Key ID')).toHaveText(new RegExp(`^${keyId}`));
  await expect(field(card, 'ARN')).toContainText(`arn:aws:kms:us-east-1:111122223333:key/${keyId}`);
  await expect(field(card, 'Created')).toHaveText(/\d{2} \w{3} \d{4}, \d{2}:\d{2} UTC/);
  await expect(field(card, 'Description')).toHaveText('Payroll records');
  await expect(field(card, 'State')).toContainText('Enabled');
  await expect(field(card, 'Key spec')).toHaveText('SYMMETRIC_DEFAULT');
  await expect(field(card, 'Key usage')).toHaveText('ENCRYPT_DECRYPT');
  await expect(field(card, 'Origin')).toHaveText('AWS_KMS');
  await expect(field(card, 'Key manager')).toHaveText('CUSTOMER');
  await expect(field(card, 'Aliases')).toHaveText('alias/payroll');
  // The policy's disclosure (the card also has an "Edit key policy" button, which opens the policy lab).
  await card.locator('summary').filter({ hasText: 'Key policy' }).click();
  await expect(policyJson(page)).toContainText('"Sid": "Enable IAM User Permissions"');
  await expect(policyJson(page)).toContainText('arn:aws:iam::111122223333:root');

  // The key is listed in its Region.
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button')).toHaveCount(1);

  const text = 'The quarterly numbers — déjà vu 🔐';
  await encryptText(page, text);
  const enc = encryptResult(page);
  await expect(enc.getByText(/^\d+ bytes$/)).toBeVisible();
  await expect(base64(page)).toHaveText(/^[A-Za-z0-9+/]+=*$/);
  await expect(hex(page)).toHaveText(/^[0-9a-f]{2}( [0-9a-f]{2})*$/);
  await expect(enc.getByRole('heading', { name: /What happened/ })).toBeVisible();

  await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
  const dec = decryptResult(page);
  await expect(decrypted(page)).toHaveText(text);
  await expect(dec).toContainText('Matches the text you encrypted');
  await expect(dec.getByRole('alert')).toHaveCount(0);
});

test('plaintext over 4096 bytes gives the real ValidationException', async ({ page }) => {
  await createKey(page, 'Limit demo');
  await page.getByLabel('Plaintext', { exact: true }).fill('é'.repeat(2049)); // 4098 UTF-8 bytes
  await expect(page.getByText('4,098 / 4,096 bytes')).toBeVisible();
  await expect(page.getByText('Over the limit by 2 bytes')).toBeVisible();
  await page.getByRole('button', { name: 'Encrypt', exact: true }).click();
  const alert = encryptResult(page).getByRole('alert');
  await expect(alert).toContainText('ValidationException');
  await expect(alert).toContainText(/plaintext/i);
  await expect(alert).toContainText('4096');

  // Exactly 4096 bytes is fine.
  await page.getByLabel('Plaintext', { exact: true }).fill('é'.repeat(2048));
  await page.getByRole('button', { name: 'Encrypt', exact: true }).click();
  await expect(encryptResult(page).getByRole('alert')).toHaveCount(0);
  await expect(base64(page)).toBeVisible();
});

test('a flipped ciphertext byte gives InvalidCiphertextException; restoring it decrypts again', async ({ page }) => {
  await createKey(page, 'Tamper demo');
  await encryptText(page, 'do not touch');
  await expect(base64(page)).toBeVisible();

  await page.getByLabel(/Byte to flip/).fill('40');
  await page.getByRole('button', { name: 'Flip byte' }).click();
  await expect(page.getByText(/^Edited: 1 byte changed \(#40:/)).toBeVisible();
  await expect(hex(page).locator('mark')).toHaveCount(1);

  await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
  const alert = decryptResult(page).getByRole('alert');
  await expect(alert).toContainText('InvalidCiphertextException');
  await expect(alert).toContainText('additional authenticated data');

  await page.getByRole('button', { name: 'Restore original' }).click();
  await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
  await expect(decrypted(page)).toHaveText('do not touch');
});

test('decrypting with a different or missing encryption context fails', async ({ page }) => {
  await createKey(page, 'Context demo');
  const encGroup = page.getByRole('group', { name: 'Encryption context', exact: true });
  await encGroup.getByLabel('Key 1').fill('department');
  await encGroup.getByLabel('Value 1').fill('finance');
  await encryptText(page, 'salary table');
  await expect(encryptResult(page).getByText('department=finance')).toBeVisible();

  const decGroup = page.getByRole('group', { name: 'Encryption context for Decrypt' });
  await expect(decGroup.getByLabel('Value 1')).toHaveValue('finance');
  await decGroup.getByLabel('Value 1').fill('hr');
  await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
  await expect(decryptResult(page).getByRole('alert')).toContainText('InvalidCiphertextException');

  // No context at all also fails: the context is part of the ciphertext's integrity check.
  await decGroup.getByRole('button', { name: /Remove .* row 1/ }).click();
  await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
  await expect(decryptResult(page).getByRole('alert')).toContainText('InvalidCiphertextException');

  // The same pairs decrypt.
  await decGroup.getByRole('button', { name: 'Add pair' }).click();
  await decGroup.getByLabel('Key 1').fill('department');
  await decGroup.getByLabel('Value 1').fill('finance');
  await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
  await expect(decrypted(page)).toHaveText('salary table');
});

test('keys are regional: another Region lists none and does not know the key ID', async ({ page }) => {
  const keyId = await createKey(page, 'Virginia key');
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button')).toHaveCount(1);

  await page.getByLabel('Region').selectOption('eu-west-1');
  await expect(page.getByRole('heading', { name: /Customer managed keys 0 in eu-west-1/ })).toBeVisible();
  await expect(page.getByText(/No keys in eu-west-1/)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Keys in eu-west-1' })).toHaveCount(0);
  await expect(inspector(page).getByRole('heading', { name: 'No key selected' })).toBeVisible();

  await page.getByLabel('Key ID, key ARN or alias').fill(keyId);
  await page.getByRole('button', { name: 'Describe key' }).click();
  const alert = page.getByRole('region', { name: 'DescribeKey result' }).getByRole('alert');
  await expect(alert).toContainText('NotFoundException');
  await expect(alert).toContainText(`Key 'arn:aws:kms:eu-west-1:111122223333:key/${keyId}' does not exist`);

  await page.getByLabel('Region').selectOption('us-east-1');
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button')).toHaveCount(1);
});

test('a disabled key refuses Encrypt with DisabledException naming the key ARN', async ({ page }) => {
  const keyId = await createKey(page, 'Soon disabled');
  const card = inspector(page);
  await card.getByRole('button', { name: 'Disable key' }).click();
  await expect(card.getByRole('region', { name: 'DisableKey result' })).toContainText('DisableKey succeeded');
  await expect(field(card, 'State')).toContainText('Disabled');

  await encryptText(page, 'anything');
  const alert = encryptResult(page).getByRole('alert');
  await expect(alert).toContainText('DisabledException');
  await expect(alert).toContainText(`arn:aws:kms:us-east-1:111122223333:key/${keyId} is disabled.`);

  await card.getByRole('button', { name: 'Enable key' }).click();
  await expect(field(card, 'State')).toContainText('Enabled');
  await page.getByRole('button', { name: 'Encrypt', exact: true }).click();
  await expect(encryptResult(page).getByRole('alert')).toHaveCount(0);
});

test('scheduled deletion: the state forbids use, cancel leaves it Disabled, the clock deletes it', async ({ page }) => {
  const keyId = await createKey(page, 'Short-lived');
  const card = inspector(page);
  await card.getByLabel('Waiting period (days, 7–30)').fill('3');
  await card.getByRole('button', { name: 'Schedule deletion' }).click();
  await expect(card.getByRole('region', { name: 'ScheduleKeyDeletion result' }).getByRole('alert')).toContainText('ValidationException');

  await card.getByLabel('Waiting period (days, 7–30)').fill('7');
  await card.getByRole('button', { name: 'Schedule deletion' }).click();
  await expect(field(card, 'State')).toContainText('PendingDeletion');
  await expect(field(card, 'Deletion date')).toContainText('in 7 days');

  await card.getByRole('button', { name: 'Disable key' }).click();
  await expect(card.getByRole('region', { name: 'DisableKey result' }).getByRole('alert')).toContainText('KMSInvalidStateException');

  await encryptText(page, 'too late');
  await expect(encryptResult(page).getByRole('alert')).toContainText(`KMSInvalidStateException`);
  await expect(encryptResult(page).getByRole('alert')).toContainText(`key/${keyId} is pending deletion.`);

  await card.getByRole('button', { name: 'Cancel deletion' }).click();
  await expect(field(card, 'State')).toContainText('Disabled');
  await card.getByRole('button', { name: 'Schedule deletion' }).click();
  await expect(field(card, 'State')).toContainText('PendingDeletion');

  await page.getByRole('button', { name: 'Advance the simulated clock by 30 days' }).click();
  await expect(page.getByRole('heading', { name: /Customer managed keys 0 in us-east-1/ })).toBeVisible();
  await page.getByLabel('Key ID, key ARN or alias').fill(keyId);
  await page.getByRole('button', { name: 'Describe key' }).click();
  await expect(page.getByRole('region', { name: 'DescribeKey result' }).getByRole('alert')).toContainText('NotFoundException');
});

for (const theme of ['light', 'dark'] as const) {
  test(`the main screen has no serious or critical axe violations (${theme} theme)`, async ({ page }, testInfo) => {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme) {
      await page.getByRole('button', { name: `Switch to ${theme} theme` }).click();
    }
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await createKey(page, 'Accessible key', 'a11y');
    await inspector(page).getByText('Key policy', { exact: false }).first().click();
    await expect(policyJson(page)).toBeVisible();
    await encryptText(page, 'Hello, KMS!');
    await expect(base64(page)).toBeVisible();
    await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
    await expect(decrypted(page)).toHaveText('Hello, KMS!');
    await page.getByLabel(/Byte to flip/).fill('3');
    await page.getByRole('button', { name: 'Flip byte' }).click();
    await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
    await expect(decryptResult(page).getByRole('alert')).toContainText('InvalidCiphertextException');
    await expect(page.getByRole('alert').first()).toHaveCSS('opacity', '1');

    const shot = testInfo.outputPath(`main-screen-${theme}.png`);
    await page.screenshot({ path: shot });
    await testInfo.attach(`main screen (${theme})`, { path: shot, contentType: 'image/png' });

    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('the key list reads as an ID per key', async ({ page }) => {
  await createKey(page, 'first');
  await createKey(page, 'second');
  const items = page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('second');
  await expect(items.nth(0)).toContainText(UUID);
  await items.nth(1).click();
  await expect(items.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(inspector(page).getByRole('heading', { level: 2 })).toHaveText('first');
});

test('the create → encrypt → decrypt path works from the keyboard', async ({ page }) => {
  await page.getByLabel('Description').focus();
  await page.keyboard.type('Keyboard key');
  await page.keyboard.press('Enter');
  await expect(inspector(page).getByRole('heading', { level: 2 })).toHaveText('Keyboard key');

  await page.getByLabel('Plaintext', { exact: true }).focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('typed, not clicked');
  await page.getByLabel('KMS key').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Encrypt', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(base64(page)).toBeVisible();

  await page.getByRole('button', { name: 'Decrypt', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(decrypted(page)).toHaveText('typed, not clicked');
});
