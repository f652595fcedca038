import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createKey, openApp, seriousViolations } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page);
});

async function toEnvelope(page: Page) {
  await page.getByRole('link', { name: 'Envelope encryption' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Envelope encryption' })).toBeVisible();
}

const envelopeResult = (page: Page) => page.getByRole('region', { name: 'Envelope result' });
const decryptResult = (page: Page) => page.getByRole('region', { name: 'Envelope decrypt result' });

async function encryptAndDownload(page: Page): Promise<{ path: string; name: string }> {
  await page.getByRole('button', { name: 'Encrypt with a data key' }).click();
  await expect(envelopeResult(page)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status', { name: 'Plaintext data key: discarded' }).first()).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), envelopeResult(page).getByRole('link', { name: /^Download .*\.kmsenv$/ }).click()]);
  const path = testPath(await download.path());
  return { path, name: download.suggestedFilename() };
}

const testPath = (p: string | null) => {
  expect(p).toBeTruthy();
  return p!;
};

async function dropBack(page: Page, path: string, name: string) {
  await page.getByLabel('Open an envelope (.kmsenv)').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: await readFile(path) });
  await expect(page.getByRole('group', { name: 'Encryption context for Decrypt' })).toBeVisible();
}

test('a text: encrypt → download the envelope → drop it back → decrypt gives the same text', async ({ page }, testInfo) => {
  await createKey(page, 'Envelope key', 'envelope');
  await toEnvelope(page);
  const text = 'Quarterly payroll — déjà vu 🔐 '.repeat(300); // ~10 KB: more than Encrypt's 4 KB
  await page.getByLabel('Text to encrypt').fill(text);
  const { path, name } = await encryptAndDownload(page);
  expect(name).toBe('message.txt.kmsenv');
  const envelope = await readFile(path);
  expect(envelope.subarray(0, 4).toString('latin1')).toBe('KENV');

  // The steps are visible: GenerateDataKey, local encryption, discard, envelope.
  await expect(page.getByText('GenerateDataKey — KMS makes a data key, returns it twice')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Local encryption progress' })).toHaveAttribute('aria-valuenow', '100');

  await dropBack(page, path, name);
  await page.getByRole('button', { name: 'Decrypt envelope' }).click();
  await expect(decryptResult(page)).toContainText('Matches the original (same SHA-256)');
  await expect(decryptResult(page).getByRole('figure', { name: 'Decrypted text' }).locator('pre')).toHaveText(text);
  const [download] = await Promise.all([page.waitForEvent('download'), decryptResult(page).getByRole('link', { name: 'Download message.txt' }).click()]);
  expect(await readFile(testPath(await download.path()), 'utf8')).toBe(text);

  // The bytes inspector shows the envelope's parts.
  await page.getByRole('complementary', { name: 'Inspector' }).getByRole('button', { name: 'Encrypted data key' }).click();
  const parts = page.getByRole('list', { name: /Encrypted data key \(CiphertextBlob\): parts/ });
  for (const label of ['Format version', 'Key ARN (which KMS key)', 'Key material ID (names the backing key)', 'IV (AES-GCM nonce)', 'Ciphertext (AES-256-GCM)', 'Authentication tag'])
    await expect(parts.getByText(label, { exact: true })).toBeVisible();

  const shot = testInfo.outputPath('envelope-text.png');
  await page.screenshot({ path: shot, fullPage: false });
  await testInfo.attach('envelope studio', { path: shot, contentType: 'image/png' });
  expect(await seriousViolations(page)).toEqual([]);
});

test('a generated 10 MB file round-trips through an envelope', async ({ page }, testInfo) => {
  test.slow(); // 10 MB through AES-GCM chunks and back: three times the test budget
  await createKey(page, 'Big file key');
  await toEnvelope(page);
  await page.getByLabel('A file (any size)').check();
  const size = 10 * 1024 * 1024 + 123;
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4096) buffer.writeUInt32BE((i * 2654435761) >>> 0, i);
  const original = createHash('sha256').update(buffer).digest('hex');
  await page.getByLabel('Choose a file to encrypt').setInputFiles({ name: 'backup.bin', mimeType: 'application/octet-stream', buffer });
  await expect(page.getByText('backup.bin · 10.0 MiB')).toBeVisible();
  const { path, name } = await encryptAndDownload(page);
  expect(name).toBe('backup.bin.kmsenv');
  await expect(envelopeResult(page)).toContainText('11 chunks');

  await dropBack(page, path, name);
  await page.getByRole('button', { name: 'Decrypt envelope' }).click();
  await expect(decryptResult(page)).toContainText('Matches the original', { timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), decryptResult(page).getByRole('link', { name: 'Download backup.bin' }).click()]);
  const back = await readFile(testPath(await download.path()));
  expect(back.length).toBe(size);
  expect(createHash('sha256').update(back).digest('hex')).toBe(original);
  await page.screenshot({ path: testInfo.outputPath('envelope-10mb.png') });
  expect(await seriousViolations(page)).toEqual([]);
});

test('the 4 KB lesson: Encrypt refuses 4,097 bytes with the real ValidationException', async ({ page }) => {
  await createKey(page, 'Limit key');
  await toEnvelope(page);
  await page.getByRole('button', { name: 'Try Encrypt with 4,097 bytes' }).click();
  const alert = page.getByRole('region', { name: 'Direct Encrypt result' }).getByRole('alert');
  await expect(alert).toContainText('ValidationException');
  await expect(alert).toContainText('4096');
  expect(await seriousViolations(page)).toEqual([]);
});

test('decrypting with a different encryption context fails, and the app explains AAD', async ({ page }, testInfo) => {
  await createKey(page, 'Context key');
  await toEnvelope(page);
  await page.getByRole('button', { name: 'Encrypt with a data key' }).click();
  await expect(envelopeResult(page)).toBeVisible();
  await page.getByRole('button', { name: 'Use the envelope you just made' }).click();
  const group = page.getByRole('group', { name: 'Encryption context for Decrypt' });
  await expect(group.getByLabel('Value 1')).toHaveValue('finance');
  await group.getByLabel('Value 1').fill('hr');
  await page.getByRole('button', { name: 'Decrypt envelope' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'InvalidCiphertextException' });
  await expect(alert).toContainText('empty message');
  await expect(page.getByRole('note')).toContainText('additional authenticated data');
  await expect(decryptResult(page)).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('envelope-wrong-context.png') });
  expect(await seriousViolations(page)).toEqual([]);

  // The right context decrypts.
  await group.getByLabel('Value 1').fill('finance');
  await page.getByRole('button', { name: 'Decrypt envelope' }).click();
  await expect(decryptResult(page)).toContainText('Matches the original');
});

test('a changed byte in a dropped envelope: the local stage says what failed and where, in words — not a browser error, not KMS', async ({ page }, testInfo) => {
  await createKey(page, 'Envelope key', 'envelope');
  await toEnvelope(page);
  await page.getByLabel('Text to encrypt').fill('Salaries, row by row.');
  const { path, name } = await encryptAndDownload(page);
  const bytes = await readFile(path);
  const at = bytes.length - 20; // inside the only chunk's ciphertext
  bytes[at] ^= 0x01;
  await page.getByLabel('Open an envelope (.kmsenv)').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  await expect(page.getByRole('group', { name: 'Encryption context for Decrypt' })).toBeVisible();
  await page.getByRole('button', { name: 'Decrypt envelope' }).click();
  // KMS did its part: Decrypt returned the data key.
  await expect(page.locator('.env-decrypt').getByText('Decrypt locally — AES-256-GCM chunk by chunk, in the worker')).toBeVisible();
  const alert = page.locator('.env-decrypt').getByRole('alert');
  await expect(alert.locator('.error-card__title')).toHaveText('Error: AES-GCM authentication failed — in your browser, not in KMS');
  await expect(alert).toContainText(`Chunk 1 of 1 (bytes`);
  await expect(alert).toContainText(`of the envelope) failed AES-GCM authentication: the 16-byte tag at its end does not match the tag computed from its bytes, its position and the envelope header`);
  await expect(alert).toContainText('KMS took no part in this step: it only handles the data key, and never sees your data.');
  await expect(alert).not.toContainText(/OperationError|EnvelopeError|operation-specific/);
  // The byte range named is the chunk's, and holds the byte that was changed.
  const [from, to] = (await alert.textContent())!.match(/bytes ([\d,]+)–([\d,]+) of the envelope/)!.slice(1).map((n) => Number(n.replace(/,/g, '')));
  expect(to).toBe(bytes.length);
  expect(from).toBeLessThanOrEqual(at + 1);
  await expect(decryptResult(page)).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('envelope-tampered.png') });
  expect(await seriousViolations(page)).toEqual([]);
});

test('a fresh workspace: the Envelope screen offers to create a key in one step, and encrypting works straight after', async ({ page }) => {
  await toEnvelope(page);
  const offer = page.getByRole('region', { name: /^First, a KMS key/ });
  await expect(offer).toContainText('Envelope encryption asks a KMS key for a data key (GenerateDataKey), so it needs a symmetric encryption key. There is none in us-east-1');
  await expect(page.getByLabel('KMS key', { exact: true }).first()).toHaveValue('');
  expect(await seriousViolations(page)).toEqual([]);
  await offer.getByRole('button', { name: 'Create a symmetric key in us-east-1' }).click();
  await expect(offer).toHaveCount(0);
  // The new key is picked: no trip to Keys & crypto, and Encrypt is ready.
  const picker = page.locator('#env-key');
  await expect(picker.locator('option:checked')).toHaveText(/^[0-9a-f]{8}… — Envelope encryption key \(Enabled\)$/);
  await page.getByRole('button', { name: 'Encrypt with a data key' }).click();
  await expect(envelopeResult(page)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('link', { name: 'Keys & crypto' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('keyboard only: encrypt → envelope → decrypt', async ({ page }) => {
  await createKey(page, 'Keyboard envelope key');
  await page.getByRole('link', { name: 'Envelope encryption' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Envelope encryption' })).toBeVisible();
  await page.getByLabel('Text to encrypt').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('typed, sealed, opened');
  // Tab through the context editor to the key picker and the button.
  await page.getByLabel('KMS key', { exact: true }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Encrypt with a data key' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(envelopeResult(page)).toBeVisible();
  await envelopeResult(page).getByRole('button', { name: 'Decrypt it below' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Decrypt envelope' }).focus();
  await page.keyboard.press('Enter');
  await expect(decryptResult(page).getByRole('figure', { name: 'Decrypted text' }).locator('pre')).toHaveText('typed, sealed, opened');
  expect(await seriousViolations(page)).toEqual([]);
});

test('tamper lab: each case fails with the exception AWS gives, and says why', async ({ page }, testInfo) => {
  await createKey(page, 'Tamper key', 'tamper');
  await page.getByRole('link', { name: 'Tamper lab' }).click();
  await page.getByRole('button', { name: 'Make the specimen envelope' }).click();
  await expect(page.getByText(/Specimen ready/)).toBeVisible();
  await page.getByRole('button', { name: 'Run every case' }).click();
  const expected: Record<string, RegExp> = {
    'Untouched (the control)': /Decrypted/,
    'Flip a byte of the ciphertext': /^AES-GCM authentication failed — in your browser, not in KMSChunk 2 of 3 \(bytes [\d,]+–[\d,]+ of the envelope\) failed AES-GCM authentication: the 16-byte tag at its end does not match the tag computed from its bytes/,
    'Flip a byte of the encrypted data key': /InvalidCiphertextException.*empty message/,
    'Change the encryption context': /InvalidCiphertextException.*empty message/,
    'Leave the encryption context out': /InvalidCiphertextException/,
    'Name another key': /IncorrectKeyException.*does not identify a CMK/,
    'Name a key that does not exist': /NotFoundException.*does not exist/,
    'Decrypt in another Region': /AccessDeniedException.*does not exist in this region/,
    'Disable the key': /DisabledException.*is disabled\./,
    'Schedule the key for deletion': /KMSInvalidStateException.*is pending deletion\./,
    'Delete the key (crypto-shredding)': /AccessDeniedException/,
    'Cut off the last chunk': /^The envelope’s length is wrong — checked in your browser, before any decryptionThe envelope is truncated/,
    'Swap two chunks': /^AES-GCM authentication failed — in your browser, not in KMSChunk 1 of 3 \(bytes [\d,]+–[\d,]+ of the envelope\) failed/,
    'Append bytes': /^The envelope’s length is wrong — checked in your browser, before any decryption8 unexpected bytes follow the final chunk/,
  };
  const local = ['Flip a byte of the ciphertext', 'Cut off the last chunk', 'Swap two chunks', 'Append bytes'];
  const cases = page.getByRole('list', { name: 'Tamper cases' }).getByRole('listitem');
  await expect(cases).toHaveCount(Object.keys(expected).length);
  for (const [title, pattern] of Object.entries(expected)) {
    const item = cases.filter({ has: page.getByText(title, { exact: true }) });
    const outcome = item.getByRole('status');
    await expect(outcome, title).toHaveText(pattern, { timeout: 20_000 });
    await expect(outcome, `${title}: a why line`).toContainText('Why:');
    if (local.includes(title)) {
      // A local failure is said in words, as local — never a browser error name or a KMS exception.
      await expect(outcome).toContainText('KMS took no part in this step');
      await expect(outcome).not.toContainText(/OperationError|EnvelopeError|operation-specific|from KMS/);
    }
  }
  // The flipped byte is named: where in the envelope, and in which chunk.
  const flipped = cases.filter({ has: page.getByText('Flip a byte of the ciphertext', { exact: true }) }).getByRole('status');
  const bytes = (await flipped.textContent())!.match(/bytes ([\d,]+)–([\d,]+) of the envelope/)!.slice(1).map((n) => Number(n.replace(/,/g, '')));
  const changed = Number((await flipped.textContent())!.match(/What was changed: byte ([\d,]+) of the envelope — byte 11 of chunk 2’s ciphertext — had one bit flipped\./)![1].replace(/,/g, ''));
  expect(changed).toBe(bytes[0] + 10);
  await expect(flipped).toContainText('Chunk 2’s authentication tag no longer matches its bytes.');
  // The key the lab disabled and scheduled for deletion is back to Enabled.
  await page.getByRole('link', { name: 'Keys & crypto' }).click();
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button').filter({ hasText: 'alias/tamper' })).toContainText('Enabled');
  await page.getByRole('link', { name: 'Tamper lab' }).click();
  await expect(page.getByRole('heading', { name: 'Tamper lab' })).toBeVisible();
  const shot = testInfo.outputPath('tamper-lab.png');
  await page.getByRole('button', { name: 'Make the specimen envelope' }).click();
  await page.getByRole('button', { name: 'Run: Change the encryption context' }).click();
  await page.screenshot({ path: shot });
  await testInfo.attach('tamper lab', { path: shot, contentType: 'image/png' });
  expect(await seriousViolations(page)).toEqual([]);
});
