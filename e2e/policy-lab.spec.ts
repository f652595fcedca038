import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { createKey, encryptText, encryptResult, goLab, inspector, openApp, seriousViolations } from './helpers';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'policy-lab.json');
const BAD = path.join(import.meta.dirname, 'fixtures', 'bad-scenario.json');
const ACCT = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const user = (n: string) => `arn:aws:iam::${ACCT}:user/${n}`;

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page);
});

async function importFixture(page: Page, file = FIXTURE) {
  await goLab(page);
  await page.getByLabel('Import a kms-scenario/1 file').setInputFiles(file);
}

async function simulate(page: Page, principal: string, operation = 'Decrypt', key = 'alias/lab') {
  await page.getByLabel('Principal', { exact: true }).selectOption(principal);
  await page.getByLabel('Operation').selectOption(operation);
  await page.getByLabel('Key (ID, ARN, alias name or alias ARN)').fill(key);
  await page.getByRole('button', { name: 'Simulate', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Decision/ })).toBeVisible();
}

const pipeline = (page: Page) => page.getByRole('list', { name: 'Evaluation pipeline, in AWS order' });
const stage = (page: Page, title: string | RegExp) => pipeline(page).getByRole('listitem').filter({ has: page.getByText(title, { exact: typeof title === 'string' }) });

/** Predicts, then steps to the end; returns the verdict region. */
async function predictAndReveal(page: Page, prediction: 'Allowed' | 'Denied — explicit deny' | 'Denied — nothing allowed it') {
  await page.getByRole('radio', { name: prediction, exact: true }).check();
  await page.getByRole('button', { name: 'Lock in my prediction' }).click();
  const forward = page.getByRole('button', { name: 'Forward' });
  for (let i = 0; i < 9 && (await forward.isEnabled()); i++) await forward.click();
  const verdict = page.getByRole('status').filter({ hasText: /Allowed|Denied/ });
  await expect(verdict).toBeVisible();
  return verdict;
}

async function axe(page: Page) {
  await page.keyboard.press('Escape');
  expect(await seriousViolations(page)).toEqual([]);
}

test('decision view: Allow, explicit deny and implicit deny, each with predict-then-reveal', async ({ page }, testInfo) => {
  await importFixture(page);
  await expect(page.getByText('Loaded policy-lab.json')).toBeVisible();

  // Allow: the key policy delegates to IAM, alice's IAM policy allows.
  await simulate(page, user('alice'));
  // Before predicting, the decision is hidden and the player stops before it.
  await expect(stage(page, 'Decision')).toContainText('Hidden until you predict');
  let verdict = await predictAndReveal(page, 'Allowed');
  await expect(verdict).toContainText('Allowed');
  await expect(verdict).toContainText(/^.*Right: Allowed/);
  await expect(stage(page, 'IAM policies')).toContainText('Decided here');
  await expect(stage(page, 'Key policy')).toContainText('On the allow path');
  await expect(stage(page, 'Service control policies (SCPs)')).toContainText('Does not apply');
  await axe(page);

  // Explicit deny: bob's own Deny applies because no encryption context is sent.
  await simulate(page, user('bob'));
  verdict = await predictAndReveal(page, 'Allowed');
  await expect(verdict).toContainText('Denied — explicit deny');
  await expect(verdict).toContainText('Not quite');
  await expect(stage(page, 'Explicit-deny sweep')).toContainText('Decided here');
  await expect(page.getByText('kms:EncryptionContext:dept', { exact: true }).first()).toBeVisible(); // missing context key listed
  // Drill into the deciding statement and its condition.
  await stage(page, 'Explicit-deny sweep').getByRole('button', { name: 'Details: Explicit-deny sweep' }).click();
  const inside = page.getByRole('region', { name: /identity policy p0 of bob|identity policy .* of bob/ });
  await expect(inside.getByText('Null kms:EncryptionContext:dept')).toBeVisible();
  await axe(page);

  // Implicit deny: carol has no IAM policy; the key policy only delegates.
  await simulate(page, user('carol'));
  verdict = await predictAndReveal(page, 'Denied — nothing allowed it');
  await expect(verdict).toContainText('Right: Denied — nothing allowed it');
  await expect(stage(page, 'IAM policies')).toContainText('Decided here');
  await expect(stage(page, 'IAM policies')).toContainText('Denied — nothing allowed it');

  await page.locator('#main').evaluate((el) => el.scrollTo(0, 0));
  await page.evaluate(() => window.scrollTo(0, 0));
  const shot = testInfo.outputPath('policy-lab-decision.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('policy lab decision', { path: shot, contentType: 'image/png' });
  await axe(page);
});

test('the player steps forward and back, and stops before the decision until you predict', async ({ page }) => {
  await importFixture(page);
  await simulate(page, user('alice'));
  // The decision view plays on the studio's player: the same bar, scrubber and step counter.
  const bar = page.getByRole('toolbar', { name: 'Decision player' });
  const scrub = bar.getByRole('slider', { name: 'Step' });
  await expect(scrub).toHaveAttribute('aria-valuetext', /^Step 1 of 9: /);
  const forward = page.getByRole('button', { name: 'Forward' });
  for (let i = 0; i < 7; i++) await forward.click();
  await expect(scrub).toHaveAttribute('aria-valuetext', /^Step 8 of 9: /);
  await expect(forward).toBeDisabled(); // locked until a prediction (or a skip)
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(scrub).toHaveAttribute('aria-valuetext', /^Step 7 of 9: /);
  // Skip: every stage and the decision at once, nothing to play.
  await page.getByRole('button', { name: 'Skip and just show me' }).click();
  await expect(scrub).toHaveAttribute('aria-valuetext', /^Step 9 of 9: Decision/);
  await expect(page.getByRole('status').filter({ hasText: 'Allowed' })).toBeVisible();
});

test('the decision view has the player\'s scrubber, keyboard shortcuts, speed, breakpoints and transcript', async ({ page }) => {
  await importFixture(page);
  await simulate(page, user('alice'));
  const bar = page.getByRole('toolbar', { name: 'Decision player' });
  const scrub = bar.getByRole('slider', { name: 'Step' });
  const narration = page.getByTestId('narration');
  await expect(scrub).toHaveAttribute('aria-valuetext', /^Step 1 of 9: Explicit-deny sweep/);

  // → and ← step (focus on the page, not on a control).
  await page.getByRole('heading', { name: /^Decision/ }).click();
  await page.keyboard.press('ArrowRight');
  await expect(scrub).toHaveAttribute('aria-valuetext', /^Step 2 of 9: Resource control policies/);
  await expect(narration).toContainText('Resource control policies (RCPs): does not apply.');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await expect(scrub).toHaveAttribute('aria-valuetext', /^Step 2 of 9: /);

  // The scrubber jumps; it stops before the decision until the learner predicts.
  await scrub.fill('6');
  await expect(scrub).toHaveAttribute('aria-valuetext', /^Step 6 of 9: Grants/);
  await scrub.fill('9');
  await expect(scrub).toHaveAttribute('aria-valuetext', /^Step 8 of 9: /);
  await expect(page.getByRole('list', { name: 'Evaluation pipeline, in AWS order' }).getByRole('listitem').last()).toContainText('Hidden until you predict');

  // A breakpoint in the step list, then Space plays (at 4×) and stops before it.
  await page.getByRole('button', { name: 'Skip and just show me' }).click();
  await bar.getByLabel('Speed').selectOption('4');
  await expect(bar.getByLabel('Speed')).toHaveValue('4');
  await bar.getByRole('button', { name: 'First step' }).click();
  await page.getByRole('button', { name: 'Breakpoint before step 5' }).click();
  await expect(page.getByRole('button', { name: 'Breakpoint before step 5' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('heading', { name: /^Decision/ }).click();
  await page.keyboard.press('Space');
  await expect(page.getByText('Paused at a breakpoint, before step 5: IAM policies.')).toBeVisible();
  await expect(scrub).toHaveAttribute('aria-valuetext', /^Step 4 of 9: Key policy/);
  await page.keyboard.press('Space');
  await expect(scrub).toHaveAttribute('aria-valuetext', /^Step 9 of 9: Decision/);
  await expect(page.getByRole('status').filter({ hasText: 'Allowed' })).toBeVisible();
  // The speed is the player's (one setting): the studio's bar shows it too.
  await page.keyboard.press('-');
  await expect(bar.getByLabel('Speed')).toHaveValue('2');

  // The transcript view of the same steps.
  await bar.getByRole('button', { name: 'Transcript' }).click();
  const transcript = page.getByRole('region', { name: 'Transcript' });
  await expect(transcript.getByRole('row', { name: 'Go to step 5 IAM policies' })).toContainText('Allowed');
  await page.keyboard.press('t');
  await expect(page.getByRole('list', { name: 'Evaluation pipeline, in AWS order' })).toBeVisible();
  await axe(page);
  await page.getByRole('link', { name: 'Studio' }).click();
  await expect(page.getByRole('toolbar', { name: 'Step player' }).getByLabel('Speed')).toHaveValue('2');
});

test('what-if: the hint flips an explicit deny, side by side', async ({ page }) => {
  await importFixture(page);
  await simulate(page, user('bob'));
  const whatIf = page.getByRole('region', { name: 'What if…' });
  const hint = whatIf.getByRole('note', { name: 'Hint' });
  await expect(hint).toContainText('Smallest change that would allow this');
  await expect(hint).toContainText('Switch off statement "NoDecryptWithoutContext"');
  await expect(whatIf.getByTestId('whatif-verdict')).toContainText('Denied — explicit deny');
  await hint.getByRole('button', { name: /Try it: Switch off statement "NoDecryptWithoutContext"/ }).click();
  await expect(whatIf.getByTestId('whatif-verdict')).toContainText('Allowed');
  await expect(whatIf.getByText('Denied — explicit deny → Allowed')).toBeVisible();
  const table = whatIf.getByRole('table', { name: /Stage by stage/ });
  await expect(table.getByRole('row', { name: /Explicit-deny sweep/ })).toContainText('changed');

  // Undo, then send the missing context key instead.
  await whatIf.getByRole('button', { name: 'Undo all' }).click();
  await whatIf.getByLabel('Key', { exact: true }).fill('kms:EncryptionContext:dept');
  await whatIf.getByLabel('Value', { exact: true }).fill('hr');
  await whatIf.getByRole('button', { name: 'Send this key' }).click();
  await expect(whatIf.getByTestId('whatif-verdict')).toContainText('Allowed');
  await axe(page);
});

test('editing: a finding shown inline, completion, and the lockout refusal from PutKeyPolicy', async ({ page }) => {
  await importFixture(page);
  await page.getByLabel('Key (ID, ARN, alias name or alias ARN)').fill('alias/lab');
  const editor = page.getByRole('textbox', { name: /^Key policy JSON/ });
  await expect(editor).toBeVisible();
  await expect(page.getByText('No findings')).toBeVisible();

  // A misspelt action: the validator's finding appears inline (a lint mark) and in the list.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Typo', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:Decrpyt', Resource: '*' }] }, null, 2));
  const findings = page.getByRole('list', { name: 'Validator findings' });
  await expect(findings).toContainText('UNKNOWN_KMS_ACTION');
  await expect(findings).toContainText('line 10, column 17');
  await expect(page.locator('.cm-lintRange-warning, .cm-lintRange-error').first()).toBeVisible();

  // Completion: inside the Action string, ask for completions and pick kms:Decrypt.
  await page.locator('.cm-content').getByText('"kms:Decrpyt"').click();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft'); // before the comma
  await page.keyboard.press('ArrowLeft'); // before the closing quote
  for (let i = 0; i < 'Decrpyt'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('Decr');
  const options = page.getByRole('listbox');
  await expect(options).toBeVisible();
  await expect(options.getByRole('option', { name: /kms:Decrypt/ }).first()).toBeVisible();
  await options.getByRole('option', { name: /^kms:Decrypt/ }).first().click();
  await expect(editor).toContainText('"kms:Decrypt"');
  await expect(page.getByText('No findings')).toBeVisible();

  // Saving as root a policy that names only alice would lock root out: KMS refuses.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'OnlyAlice', Effect: 'Allow', Principal: { AWS: user('alice') }, Action: 'kms:*', Resource: '*' }] }, null, 2));
  await page.getByRole('button', { name: 'Save key policy (PutKeyPolicy)' }).click();
  const alert = page.getByRole('region', { name: 'Save result' }).getByRole('alert');
  await expect(alert).toContainText('MalformedPolicyDocumentException');
  await expect(alert).toContainText('The new key policy will not allow you to update the key policy in the future.');
  await axe(page);
});

// "Trust isn't automatic", end to end through the editor: e2e/policy-truth.spec.ts.

test('act as: a denied Encrypt in the workbench links to its decision', async ({ page }) => {
  await importFixture(page);
  await page.getByLabel('Acting as').selectOption(user('carol'));
  await page.getByRole('link', { name: 'Keys & crypto' }).click();
  await page.getByLabel('KMS key').selectOption({ index: 1 });
  await encryptText(page, 'for carol');
  await expect(encryptResult(page).getByRole('alert')).toContainText('AccessDeniedException');
  await expect(encryptResult(page).getByRole('alert')).toContainText(`User: ${user('carol')} is not authorized to perform: kms:Encrypt`);
  await encryptResult(page).getByRole('button', { name: 'Why? See the decision' }).click();
  await expect(page.getByRole('heading', { name: /^Decision/ })).toContainText('kms:Encrypt by user/carol');
  await expect(page.getByText('From a call you made')).toBeVisible();
  await page.getByRole('button', { name: 'Skip and just show me' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Denied — nothing allowed it' })).toBeVisible();

  // Acting as alice instead, the same Encrypt succeeds.
  await page.getByLabel('Acting as').selectOption(user('alice'));
  await page.getByRole('link', { name: 'Keys & crypto' }).click();
  await page.getByLabel('KMS key').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Encrypt', exact: true }).click();
  await expect(encryptResult(page).getByRole('alert')).toHaveCount(0);
  await goLab(page);
  await axe(page);
});

test('grants: a grant allows carol, and revoking it takes it away', async ({ page }) => {
  await importFixture(page);
  await simulate(page, user('carol'));
  await page.getByRole('button', { name: 'Skip and just show me' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Denied — nothing allowed it' })).toBeVisible();

  const grants = page.getByRole('region', { name: 'Grants' });
  await grants.getByLabel('Grantee principal').selectOption(user('carol'));
  await grants.getByLabel('Name (optional)').fill('carol-decrypt');
  await grants.getByLabel('Constraint').selectOption('subset');
  await grants.getByRole('button', { name: 'Create grant' }).click();
  await expect(grants.getByRole('region', { name: 'CreateGrant result' })).toContainText('CreateGrant succeeded');
  await expect(grants.getByRole('list', { name: 'Grants on this key' }).getByRole('listitem')).toHaveCount(1);

  // Without the constraint's context the grant does not apply; with it, carol is allowed by the grant.
  await page.getByRole('group', { name: 'Encryption context of the request' }).getByRole('button', { name: 'Add pair' }).click();
  await page.getByRole('group', { name: 'Encryption context of the request' }).getByLabel('Key 1').fill('dept');
  await page.getByRole('group', { name: 'Encryption context of the request' }).getByLabel('Value 1').fill('hr');
  await page.getByRole('button', { name: 'Simulate', exact: true }).click();
  await page.getByRole('button', { name: 'Skip and just show me' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Allowed' })).toBeVisible();
  await expect(stage(page, 'Grants')).toContainText('Decided here');
  await axe(page);

  await grants.getByRole('button', { name: 'Revoke' }).click();
  await expect(grants.getByText('No grants.')).toBeVisible();
  await page.getByRole('button', { name: 'Simulate', exact: true }).click();
  await page.getByRole('button', { name: 'Skip and just show me' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Denied — nothing allowed it' })).toBeVisible();
});

test('a bad scenario file is refused with its errors, and the workspace is untouched', async ({ page }) => {
  await createKey(page, 'Keep me', 'keep');
  await goLab(page);
  await page.getByLabel('Import a kms-scenario/1 file').setInputFiles(BAD);
  const problems = page.getByRole('alert').filter({ hasText: 'was not imported' });
  await expect(problems).toContainText('bad-scenario.json was not imported: 2 problems. Your workspace is unchanged.');
  const list = problems.getByRole('list', { name: 'Scenario problems' });
  await expect(list).toContainText('principals[0].colour line 4, column 54: unknown field "colour"');
  await expect(list).toContainText('keys[0].arn line 7, column 14: must be a KMS key ARN');
  await axe(page);
  // The key made before is still there.
  await page.getByRole('link', { name: 'Keys & crypto' }).click();
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button')).toHaveCount(1);
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' })).toContainText('Keep me');
  expect(KEY).toContain('key/');
});

test('a key\'s page: "Edit key policy" opens the lab on that key\'s policy, and PutKeyPolicy\'s refusal shows inline', async ({ page }) => {
  await createKey(page, 'First key', 'first');
  await createKey(page, 'Second key', 'second');
  // The key card of the second key (selected after creating it).
  await inspector(page).getByRole('button', { name: 'Edit key policy' }).click();
  await expect(page.getByRole('heading', { name: 'Policy lab', level: 1 })).toBeVisible();
  const picker = page.getByLabel('Policy', { exact: true });
  await expect(picker.locator('option:checked')).toContainText('alias/second');
  const editor = page.getByRole('textbox', { name: /^Key policy JSON/ });
  await expect(editor).toContainText('Enable IAM User Permissions');

  // A policy that would lock the caller (the account root) out — it may only use the key, not manage
  // it: KMS refuses it, and says so next to the editor.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'UseOnly', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' }] }, null, 2));
  await page.getByRole('button', { name: 'Save key policy (PutKeyPolicy)' }).click();
  const alert = page.getByRole('region', { name: 'Save result' }).getByRole('alert');
  await expect(alert).toContainText('MalformedPolicyDocumentException');
  await expect(alert).toContainText('The new key policy will not allow you to update the key policy in the future.');
  // A document with an error finding cannot be sent at all: Save is off and says why (and the
  // refusal above, which belonged to the last attempt, is gone with the edit).
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText('{ "Version": "2012-10-17", "Statement": [ ');
  await expect(page.getByRole('button', { name: 'Save key policy (PutKeyPolicy)' })).toBeDisabled();
  await expect(page.locator('#pw-save-why')).toContainText('Save is off: the validator found an error that KMS would refuse');
  await expect(page.getByRole('region', { name: 'Save result' })).toHaveCount(0);
  await axe(page);
});

test('act as: the keys console lists as the acting principal — carol may not ListKeys, and "Why?" shows the decision', async ({ page }) => {
  await importFixture(page);
  await page.getByRole('link', { name: 'Keys & crypto' }).click();
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button')).not.toHaveCount(0);

  await page.getByLabel('Acting as').selectOption(user('carol'));
  const boundary = page.getByRole('region', { name: /AWS KMS/ });
  const alert = boundary.getByRole('alert').filter({ hasText: 'AccessDeniedException' });
  await expect(alert).toContainText(`User: ${user('carol')} is not authorized to perform: kms:ListKeys`);
  await expect(page.getByRole('heading', { name: /Customer managed keys not listed in us-east-1/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' })).toHaveCount(0);
  // The workbench can still name a key (and carol's Encrypt is refused on its own decision).
  await expect(page.getByLabel('KMS key').locator('option')).not.toHaveCount(1);
  await axe(page);

  await boundary.getByRole('button', { name: 'Why? See the decision' }).click();
  await expect(page.getByRole('heading', { name: /^Decision/ })).toContainText('kms:ListKeys by user/carol');
  await page.getByRole('button', { name: 'Skip and just show me' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Denied — nothing allowed it' })).toBeVisible();

  // As bob (kms:*), the list is back.
  await page.getByLabel('Acting as').selectOption(user('bob'));
  await page.getByRole('link', { name: 'Keys & crypto' }).click();
  await expect(page.getByRole('list', { name: 'Keys in us-east-1' }).getByRole('button')).not.toHaveCount(0);
  await expect(page.getByRole('alert').filter({ hasText: 'kms:ListKeys' })).toHaveCount(0);
});
