import { expect, test, type Page } from '@playwright/test';
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { seriousViolations } from './helpers';

// Share links where the teacher chooses (issue 20): which keys, key policies, principals and IAM
// policies travel, and where the link opens. The student's browser gets only the chosen items, there.
// (A fresh browser boots the engine first: on a loaded machine that takes a while, hence BOOT.)
const BOOT = { timeout: 30_000 };

const A = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const B = 'arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321';
const ALICE = 'arn:aws:iam::111122223333:user/alice';
const BOB = 'arn:aws:iam::111122223333:user/bob';
const allowDecrypt = { Version: '2012-10-17', Statement: [{ Sid: 'AliceDecrypts', Effect: 'Allow', Action: 'kms:Decrypt', Resource: A }] };
const keyPolicy = { Version: '2012-10-17', Statement: [{ Sid: 'OnlyAliceHere', Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:*', Resource: '*' }, { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] };

/** The teacher's class world, opened from a link made here (base64url of raw DEFLATE, as the app makes them). */
function worldLink(): string {
  const scenario = {
    format: 'kms-scenario/1',
    title: 'Period 3',
    principals: [{ arn: ALICE, policies: [allowDecrypt] }, { arn: BOB, policies: [allowDecrypt] }],
    keys: [
      { arn: A, description: 'shared with the class', aliases: ['alias/class-a'], policy: keyPolicy },
      { arn: B, description: 'the answers', aliases: ['alias/answers-b'] },
    ],
  };
  return `/#share=v1.${Buffer.from(deflateSync(strToU8(JSON.stringify({ scenario })))).toString('base64url')}`;
}

function payloadOf(url: string): Record<string, unknown> {
  const data = new URL(url).hash.replace(/^#share=v1\./, '');
  return JSON.parse(strFromU8(inflateSync(new Uint8Array(Buffer.from(data, 'base64url'))))) as Record<string, unknown>;
}

async function openShare(page: Page) {
  await page.getByRole('button', { name: 'Share a link to this workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this workspace' });
  await expect(dialog.getByRole('textbox', { name: 'Share link' })).toHaveValue(/#share=v1\./);
  return dialog;
}

test('the teacher shares one key without its policy and one principal, opening the policy lab with the request ready', async ({ page, browser }) => {
  test.setTimeout(150_000); // three browsers boot the engine in turn
  await page.goto(worldLink());
  await expect(page.getByRole('heading', { name: /Customer managed keys 2 in us-east-1/ })).toBeVisible(BOOT);
  await page.goto('/#audit'); // the teacher is elsewhere: the link must not land the class here
  const dialog = await openShare(page);
  const link = dialog.getByRole('textbox', { name: 'Share link' });
  // Everything is chosen at first; the key policy is labelled so "default" is read as its name.
  await expect(dialog.getByRole('list', { name: 'Keys' }).getByRole('checkbox')).toHaveCount(2);
  await expect(dialog.getByText(/AWS always names “default” — the name, not a sign that it is AWS’s default policy/)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  let before = await link.inputValue();
  await dialog.getByRole('checkbox', { name: /Key alias\/answers-b/ }).uncheck();
  await expect(link).not.toHaveValue(before);
  before = await link.inputValue();
  await dialog.getByRole('checkbox', { name: /Principal user\/bob/ }).uncheck();
  await expect(link).not.toHaveValue(before);
  before = await link.inputValue();
  await dialog.getByRole('checkbox', { name: /Their key policies/ }).uncheck();
  await expect(link).not.toHaveValue(before);
  before = await link.inputValue();
  await dialog.getByRole('radio', { name: 'The policy lab, with a request ready' }).check();
  await dialog.getByLabel('Acting as').selectOption(ALICE);
  await dialog.getByLabel('Operation').selectOption('Decrypt');
  await expect(link).not.toHaveValue(before);
  const url = await link.inputValue();

  // Only the chosen items are in the link.
  const payload = payloadOf(url);
  const scenario = payload.scenario as { keys: { arn: string; policy?: unknown; aliases?: string[] }[]; principals: { arn: string; policies?: unknown }[] };
  expect(scenario.keys.map((k) => k.arn)).toEqual([A]);
  expect(scenario.keys[0].policy).toBeUndefined();
  expect(scenario.keys[0].aliases).toEqual(['alias/class-a']);
  expect(scenario.principals.map((p) => p.arn)).toEqual([ALICE]);
  expect(scenario.principals[0].policies).toEqual([allowDecrypt]);
  expect(payload.open).toEqual({ kind: 'request', principal: ALICE, operation: 'Decrypt', keyArn: A });
  expect(JSON.stringify(payload)).not.toContain('answers-b');

  // A student's fresh browser: only the chosen items, at the chosen place.
  const student = await browser.newContext();
  const s = await student.newPage();
  await s.goto(url);
  await expect(s.getByRole('heading', { name: 'Request' })).toBeVisible(BOOT);
  expect(new URL(s.url()).hash).toBe('#policy');
  await expect(s.locator('#rb-principal')).toHaveValue(ALICE);
  await expect(s.locator('#rb-operation')).toHaveValue('Decrypt');
  await expect(s.getByLabel('Key (ID, ARN, alias name or alias ARN)', { exact: true })).toHaveValue(A);
  // What the student's workspace holds, read from the app's own saved record — polled, since the app
  // saves it a moment after the link is opened (reading at once raced the save: null on a busy run).
  const readSaved = () => s.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('kms-lab');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const rec = await new Promise<{ world: { keys: Record<string, { arn: string; policy: string }>; identities: { principals: Record<string, { arn: string }> } } } | undefined>((resolve) => {
      const r = db.transaction('workspace').objectStore('workspace').get('current');
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return rec ? { keys: Object.values(rec.world.keys).map((k) => ({ arn: k.arn, policy: k.policy })), principals: Object.values(rec.world.identities.principals).map((p) => p.arn) } : null;
  });
  await expect.poll(async () => (await readSaved())?.keys.map((k) => k.arn), BOOT).toEqual([A]);
  const world = await readSaved();
  // Without its policy, the key arrived with AWS's default key policy (the account root statement), not the teacher's.
  expect(world!.keys[0].policy).not.toContain('OnlyAliceHere');
  expect(world!.keys[0].policy).toContain('Enable IAM User Permissions');
  expect(world!.principals).toEqual([ALICE]);
  expect(await seriousViolations(s)).toEqual([]);

  // "One key, selected": the link opens Keys & crypto with that key in the inspector.
  await page.bringToFront();
  await dialog.getByRole('radio', { name: 'One key, selected' }).check();
  await expect(link).not.toHaveValue(url);
  const keyUrl = await link.inputValue();
  expect(payloadOf(keyUrl).open).toEqual({ kind: 'key', keyArn: A });
  const s2 = await (await browser.newContext()).newPage();
  await s2.goto(keyUrl);
  await expect(s2.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { level: 2 })).toHaveText('alias/class-a', BOOT);
  expect(new URL(s2.url()).hash).toBe('#keys');
  await expect(s2.getByRole('heading', { name: /Customer managed keys 1 in us-east-1/ })).toBeVisible();

  // A lesson part: the link carries no keys at all.
  await dialog.getByRole('radio', { name: /A lesson part/ }).check();
  await dialog.locator('label.cl-field', { hasText: /^Lesson/ }).locator('select').selectOption('trust-not-automatic');
  await dialog.locator('label.cl-field', { hasText: /^Opens at part/ }).locator('select').selectOption('4');
  await expect(link).toHaveValue(/#share=v1\./);
  await expect.poll(async () => JSON.stringify(payloadOf(await link.inputValue()))).toBe(JSON.stringify({ lesson: { id: 'trust-not-automatic', step: 3 } }));
  await student.close();
});
