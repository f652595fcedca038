import { expect, test } from '@playwright/test';
import { inflateSync, strFromU8 } from 'fflate';
import { createKey, encryptResult, encryptText, openApp, seriousViolations } from './helpers';

// Share links (issue 8): the scenario in the URL fragment, compressed and versioned, never key
// material or plaintext; opening it in a fresh browser brings the scenario; `#blank`.

/** Decodes a share link the way a stranger would: base64url → raw DEFLATE → JSON. */
function decodeLink(url: string): { version: string; json: string; payload: Record<string, unknown> } {
  const hash = new URL(url).hash;
  const m = /^#share=(v\d+)\.([A-Za-z0-9_-]+)$/.exec(hash);
  expect(m, `a share fragment: ${hash.slice(0, 40)}…`).not.toBeNull();
  const b64 = m![2].replace(/-/g, '+').replace(/_/g, '/');
  const json = strFromU8(inflateSync(new Uint8Array(Buffer.from(b64, 'base64'))));
  return { version: m![1], json, payload: JSON.parse(json) as Record<string, unknown> };
}

test('a workspace share link: configuration only, round trip in a fresh browser context, confirmation when a workspace exists', async ({ page, browser }) => {
  const SECRET = 'the launch codes are 0000';
  await openApp(page);
  const keyId = await createKey(page, 'shared orders key', 'orders');
  await encryptText(page, SECRET);
  await expect(encryptResult(page)).toContainText(/Length\d+ bytes/);

  await page.getByRole('button', { name: 'Share a link to this workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this workspace' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Share link' })).toHaveValue(/#share=v1\./);
  const url = await dialog.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Decode it here: a kms-scenario/1 with the key, its alias and policy — and nothing secret.
  const { version, json, payload } = decodeLink(url);
  expect(version).toBe('v1');
  const scenario = payload.scenario as { format: string; keys: { arn: string; description: string; aliases?: string[]; policy: unknown }[] };
  expect(scenario.format).toBe('kms-scenario/1');
  expect(scenario.keys.map((k) => k.description)).toContain('shared orders key');
  expect(scenario.keys.find((k) => k.arn.endsWith(keyId))?.aliases).toEqual(['alias/orders']);
  expect(json).not.toContain(SECRET);
  expect(json).not.toMatch(/"(Plaintext|CiphertextBlob|Ciphertext|KeyMaterial|EncryptedKeyMaterial|PrivateKey|secretAccessKey)"/i);
  expect(url.length).toBeLessThan(8000);

  // A fresh browser (no workspace): the scenario arrives without a question.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByRole('status').filter({ hasText: 'Opened the shared scenario' })).toBeVisible();
  await expect(other.getByRole('heading', { name: /Customer managed keys 1 in us-east-1/ })).toBeVisible();
  await expect(other.getByText('alias/orders').first()).toBeVisible();
  expect(new URL(other.url()).hash).toBe('#keys');
  // The data does not travel: nothing was encrypted in this world.
  await expect(other.getByText(SECRET)).toHaveCount(0);
  expect(await seriousViolations(other)).toEqual([]);
  await fresh.close();

  // The sender's own browser has a workspace: it asks first, and "Keep my workspace" keeps it.
  await page.goto(url);
  const ask = page.getByRole('dialog', { name: 'Open the shared scenario?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Keep my workspace' }).click();
  await expect(ask).toBeHidden();
});

test('a lesson share link opens the lesson at the shared step', async ({ page, browser }) => {
  await page.goto('/#lessons/regional-service');
  await page.getByRole('button', { name: 'Run part 1', exact: true }).click();
  await page.getByRole('button', { name: 'Next part' }).click();
  await page.getByRole('button', { name: 'Skip predicting, just run it' }).click();
  await page.getByRole('button', { name: 'Share this part' }).click();
  const url = await page.getByRole('textbox', { name: 'Share link (copied)' }).inputValue();
  expect(decodeLink(url).payload).toEqual({ lesson: { id: 'regional-service', step: 2 } });
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByRole('heading', { level: 1, name: 'One KMS per Region, and keys that never leave' })).toBeVisible();
  const steps = other.getByRole('list', { name: 'Parts of the lesson' }).locator(':scope > li');
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(1)).toContainText('What KMS did: NotFoundException');
  await fresh.close();
});

test('#blank opens an empty workspace for screen sharing and leaves the saved one alone; a damaged link is refused', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'kept safe');
  await page.goto('/#blank');
  await expect(page.getByRole('status').filter({ hasText: 'Blank workspace for screen sharing' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Customer managed keys 0 in us-east-1/ })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'nothing in this tab is saved' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  // Back without #blank: the saved workspace is there.
  await page.goto('/');
  await page.reload();
  await expect(page.getByRole('heading', { name: /Customer managed keys 1 in us-east-1/ })).toBeVisible();
  await expect(page.getByText('kept safe').first()).toBeVisible();

  await page.goto('/#share=v1.AAAAnotvalid');
  await expect(page.getByRole('alert').filter({ hasText: 'This share link is damaged' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Customer managed keys 1 in us-east-1/ })).toBeVisible();
});
