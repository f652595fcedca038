import { expect, test } from '@playwright/test';
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
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

// Issue 12: error panels and the decision view belong to the world that produced them — opening
// another share link while one is open leaves nothing of the previous world on screen.
test('opening another share link clears the decision, the save refusal and the import errors of the world before', async ({ page }) => {
  const A = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const B = 'arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321';
  const ALICE = 'arn:aws:iam::111122223333:user/alice';
  const allow = { Version: '2012-10-17', Statement: [{ Sid: 'AliceDecrypts', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] };
  const link = (title: string, arn: string, alias: string) =>
    `/#share=v1.${Buffer.from(deflateSync(strToU8(JSON.stringify({ scenario: { format: 'kms-scenario/1', title, principals: [{ arn: ALICE, policies: [allow] }], keys: [{ arn, description: title, aliases: [alias] }] }, open: { kind: 'request', principal: ALICE, operation: 'Decrypt', keyArn: arn } })))).toString('base64url')}`;
  const decisionHeading = page.getByRole('heading', { name: /^Decision/ });
  const verdict = page.getByRole('status').filter({ hasText: /^(Allowed|Denied)/ });
  const saveResult = page.getByRole('region', { name: 'Save result' });
  const importErrors = page.getByRole('alert').filter({ hasText: 'was not imported' });

  // The first link: the lab with its request ready. The learner simulates, is refused a save, and a file import fails.
  await page.goto(link('First', A, 'alias/first'));
  await expect(page.getByRole('heading', { name: 'Request' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Simulate', exact: true }).click();
  await page.getByRole('button', { name: 'Skip and just show me' }).click();
  await expect(verdict).toContainText('Allowed');
  const editor = page.getByRole('textbox', { name: /^Key policy JSON/ });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:*', Resource: '*' }] }, null, 2));
  await page.getByRole('button', { name: 'Save key policy (PutKeyPolicy)' }).click();
  await expect(saveResult.getByRole('alert')).toContainText('MalformedPolicyDocumentException');
  await page.getByLabel('Import a kms-scenario/1 file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{ "format": "kms-scenario/1", "keys": [ { "arn": "nope" } ] }') });
  await expect(importErrors).toContainText('broken.json was not imported');

  // A second link, pasted while the first world is open: the app asks, the learner replaces.
  await page.evaluate((h) => { location.hash = h; }, link('Second', B, 'alias/second').slice(2));
  const ask = page.getByRole('dialog', { name: 'Open the shared scenario?' });
  await expect(ask).toContainText('The link holds a scenario “Second” with 1 key');
  await ask.getByRole('button', { name: 'Replace my workspace' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Opened the shared scenario “Second”' })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#policy');
  // Nothing of the first world is on screen: no decision, no refusal, no import errors.
  await expect(decisionHeading).toHaveText('Decision');
  await expect(page.getByText('Build a request and press Simulate (or Perform) to see how AWS decides it')).toBeVisible();
  await expect(verdict).toHaveCount(0);
  await expect(saveResult).toHaveCount(0);
  await expect(importErrors).toHaveCount(0);
  await expect(page.getByText('MalformedPolicyDocumentException')).toHaveCount(0);
  // What is on screen is the second world's: its key policy, its request.
  await expect(page.getByRole('group', { name: /^Editing the/ })).toContainText('Editing the key policy of alias/second');
  await expect(page.getByLabel('Key (ID, ARN, alias name or alias ARN)', { exact: true })).toHaveValue(B);
  expect(await seriousViolations(page)).toEqual([]);

  // The Keys screen too: a refused Create key, then the first link again, opened in this tab only.
  await page.getByRole('link', { name: 'Keys & crypto' }).click();
  await page.getByLabel('Description').fill('Will not be made');
  await page.getByLabel('Alias (optional)').fill('bad alias!');
  await page.getByRole('button', { name: 'Create key' }).click();
  const createResult = page.getByRole('region', { name: 'CreateKey result' });
  await expect(createResult).toContainText('Nothing was created');
  await page.evaluate((h) => { location.hash = h; }, link('First', A, 'alias/first').slice(2));
  await ask.getByRole('button', { name: 'Open in this tab only' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Opened the shared scenario “First”' })).toBeVisible();
  await page.getByRole('link', { name: 'Keys & crypto' }).click();
  await expect(page.getByRole('heading', { name: /Customer managed keys 1 in us-east-1/ })).toBeVisible();
  await expect(createResult).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' })).toContainText('alias/first');
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' })).not.toContainText('alias/second');
});
