// Issue #12, the policy lab's part: the screen shows the decision it names. Each test reads what a
// learner reads — the outlined statement's text, the stage labels, the explanations — and runs axe
// on every screen it touches.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { createKey, goLab, openApp, seriousViolations } from './helpers';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'policy-lab.json');
const ACCT = '111122223333';
const user = (n: string) => `arn:aws:iam::${ACCT}:user/${n}`;
const ROOT = `arn:aws:iam::${ACCT}:root`;
const ROOT_STATEMENT = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

// Each test walks a whole lesson's worth of screens, with axe on each: more than the default minute
// on a loaded machine.
test.describe.configure({ timeout: 180_000 });

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page);
});

async function importFixture(page: Page) {
  await goLab(page);
  await page.getByLabel('Import a kms-scenario/1 file').setInputFiles(FIXTURE);
  await expect(page.getByText('Loaded policy-lab.json')).toBeVisible();
}

async function simulate(page: Page, principal: string, key: string, operation = 'Decrypt') {
  await page.getByLabel('Principal', { exact: true }).selectOption(principal);
  await page.getByLabel('Operation').selectOption(operation);
  await page.getByLabel('Key (ID, ARN, alias name or alias ARN)').fill(key);
  await page.getByRole('button', { name: 'Simulate', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Decision/ })).toBeVisible();
}

const scrub = (page: Page) => page.getByRole('toolbar', { name: 'Decision player' }).getByRole('slider', { name: 'Step' });
const pipeline = (page: Page) => page.getByRole('list', { name: 'Evaluation pipeline, in AWS order' });
const stage = (page: Page, title: string) => pipeline(page).getByRole('listitem').filter({ has: page.getByText(title, { exact: true }) });
const verdict = (page: Page) => page.getByRole('status').filter({ hasText: /^(Allowed|Denied)/ });
const keyEditor = (page: Page) => page.getByRole('textbox', { name: /^Key policy JSON/ });
const saveState = (page: Page) => page.getByTestId('pw-state');
const saveResult = (page: Page) => page.getByRole('region', { name: 'Save result' });

/** The text the editor outlines (the decided statement), '' when none. */
async function outlined(page: Page): Promise<string> {
  return (await page.locator('.cm-decided').allTextContents()).join('');
}

/** Replaces the whole text of the editor the locator names, as a learner would (select all, type). */
async function replaceText(page: Page, editor: ReturnType<typeof keyEditor>, text: string) {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

async function skip(page: Page) {
  await page.getByRole('button', { name: 'Skip and just show me' }).click();
  await expect(scrub(page)).toHaveAttribute('aria-valuetext', /^Step 9 of 9: Decision/);
  await expect(verdict(page)).toBeVisible();
}

async function axe(page: Page) {
  await page.keyboard.press('Escape');
  expect(await seriousViolations(page)).toEqual([]);
}

async function addUsers(page: Page, names: string[]) {
  await page.getByRole('link', { name: 'Identities' }).click();
  for (const name of names) {
    await page.getByLabel('Kind').selectOption('user');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
  }
}

test('the outline in the editor is the statement the decision read, on the text it read — never on unsaved or later text', async ({ page }) => {
  await importFixture(page);
  await simulate(page, user('alice'), 'alias/lab');
  // Before the decision is revealed, nothing is marked as deciding.
  await expect(keyEditor(page)).toBeVisible();
  await expect(page.locator('.cm-decided')).toHaveCount(0);
  await skip(page);

  // Revealed: the key policy's root statement (the delegation to IAM) is outlined, by its own text;
  // the IAM stage decided, so the note says the statement is on the allow path, not that it decided.
  await expect(page.getByTestId('pw-outline-note')).toHaveText('The highlighted statement “Enable IAM User Permissions” is on the allow path of the decision on screen; the decision was made at the IAM policies stage.');
  expect(await outlined(page)).toMatch(/^\{\s*"Sid": "Enable IAM User Permissions",\s*"Effect": "Allow",\s*"Principal": \{\s*"AWS": "arn:aws:iam::111122223333:root"\s*\},\s*"Action": "kms:\*",\s*"Resource": "\*"\s*\}$/);
  await axe(page);

  // Unsaved text: a new statement typed in front. Nothing is outlined, and the screen says why.
  const moved = policy({ Sid: 'NoDeletion', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion', Resource: '*' }, ROOT_STATEMENT);
  await replaceText(page, keyEditor(page), moved);
  await expect(saveState(page)).toHaveText('Edited, not saved');
  await expect(page.locator('.cm-decided')).toHaveCount(0);
  await expect(page.getByTestId('pw-outline-note')).toContainText('this editor holds unsaved changes, and the decision on screen was made on the saved text');

  // Revert: the saved text again, and its statement outlined again.
  await page.getByRole('button', { name: 'Revert' }).click();
  await expect(saveState(page)).toHaveText('Saved version');
  await expect.poll(() => outlined(page)).toContain('"Sid": "Enable IAM User Permissions"');

  // Saved: the policy is no longer the text the decision read. Statement #1 is now the Deny, and
  // it is not outlined; the decision view says the policy changed since.
  await replaceText(page, keyEditor(page), moved);
  await page.getByRole('button', { name: 'Save key policy (PutKeyPolicy)' }).click();
  await expect(saveResult(page)).toContainText('PutKeyPolicy succeeded');
  await expect(saveState(page)).toHaveText('Saved');
  await expect(page.locator('.cm-decided')).toHaveCount(0);
  await expect(page.getByTestId('pw-outline-note')).toContainText('this policy was saved again after the decision on screen was made');
  await expect(page.getByRole('note').filter({ hasText: 'Changed since this decision was made' })).toContainText('key policy');

  // A new decision on the new text outlines the root statement where it now is (statement #2).
  await simulate(page, user('alice'), 'alias/lab');
  await skip(page);
  await expect.poll(() => outlined(page)).toMatch(/^\{\s*"Sid": "Enable IAM User Permissions"/);
  await expect(page.getByRole('note').filter({ hasText: 'Changed since this decision was made' })).toHaveCount(0);
  await axe(page);
});

test('stages reveal in order: "decided here" only at the stage that decided; "Skip and just show me" shows every stage at once', async ({ page }) => {
  await importFixture(page);
  await simulate(page, user('alice'), 'alias/lab');
  // Step 1, the explicit-deny sweep: its details list the Deny statements only, and mark nothing as deciding.
  await expect(scrub(page)).toHaveAttribute('aria-valuetext', /^Step 1 of 9: Explicit-deny sweep/);
  await stage(page, 'Explicit-deny sweep').getByRole('button', { name: 'Details: Explicit-deny sweep' }).click();
  const sweep = page.getByRole('region', { name: 'Inside: Explicit-deny sweep' });
  await expect(sweep).toBeVisible();
  await expect(sweep).not.toContainText('Decided here');
  await expect(sweep).not.toContainText('Statement “UseKeys”');
  await expect(sweep.getByRole('region', { name: /identity policy .* of alice/ })).toContainText('1 Allow statement not part of the sweep: it looks for explicit denies only.');
  await expect(pipeline(page)).not.toContainText('Decided here');
  await axe(page);

  // Skip: every stage and the decision at once.
  await skip(page);
  for (const title of ['Explicit-deny sweep', 'Resource control policies (RCPs)', 'Service control policies (SCPs)', 'Key policy', 'IAM policies', 'Grants', 'Permissions boundary', 'Session policy']) {
    await expect(stage(page, title)).not.toContainText('Not evaluated yet');
  }
  await expect(stage(page, 'IAM policies')).toContainText('Decided here');
  await expect(stage(page, 'Explicit-deny sweep')).not.toContainText('Decided here');
  // The sweep still marks nothing; the IAM stage marks alice's Allow; the key policy's root statement is on the allow path.
  await expect(sweep).not.toContainText('Decided here');
  await stage(page, 'IAM policies').getByRole('button', { name: 'Details: IAM policies' }).click();
  const iam = page.getByRole('region', { name: 'Inside: IAM policies' });
  await expect(iam.locator('summary').filter({ hasText: 'Statement “UseKeys”: applies' })).toContainText('Decided here');
  await stage(page, 'Key policy').getByRole('button', { name: 'Details: Key policy' }).click();
  const kp = page.getByRole('region', { name: 'Inside: Key policy' });
  await expect(kp.locator('summary').filter({ hasText: 'Statement “Enable IAM User Permissions”: applies' })).toContainText('On the allow path');
  await expect(kp).not.toContainText('Decided here');
  await axe(page);
});

test('the narration says only what its step shows: no stage claims the decision before the learner predicts; the decision names the stage that decided', async ({ page }) => {
  await importFixture(page);
  await simulate(page, user('alice'), 'alias/lab');
  const narration = page.locator('.dv-narration').getByTestId('narration');
  const forward = page.getByRole('button', { name: 'Forward' });
  // Stage by stage up to the decision, which waits for a prediction.
  const seen: string[] = [];
  for (let n = 1; n <= 8; n++) {
    await expect(scrub(page)).toHaveAttribute('aria-valuetext', new RegExp(`^Step ${n} of 9`));
    const text = (await narration.textContent()) ?? '';
    seen.push(text);
    expect(text, `step ${n}`).not.toMatch(/decision|decide/i);
    if (n < 8) await forward.click();
  }
  // The sweep found no Deny: it allowed nothing, and says so.
  expect(seen[0]).toContain('Explicit-deny sweep: no explicit deny.');
  await expect(stage(page, 'Explicit-deny sweep')).toContainText('No explicit deny');
  await expect(stage(page, 'Explicit-deny sweep')).not.toContainText('Allowed');
  // The deciding stage (IAM, step 5) said its own result only.
  expect(seen[4]).toMatch(/^Step 5 of 9\. IAM policies: allowed\. identity policy Policy1 of alice \(statement "UseKeys"\) allows kms:Decrypt\.$/);
  await expect(forward).toBeDisabled();
  await expect(verdict(page)).toHaveCount(0);
  await axe(page);

  // The learner predicts; the decision step names the stage that decided.
  await page.getByRole('radio', { name: 'Allowed', exact: true }).check();
  await page.getByRole('button', { name: 'Lock in my prediction' }).click();
  while (await forward.isEnabled()) await forward.click();
  await expect(scrub(page)).toHaveAttribute('aria-valuetext', /^Step 9 of 9: Decision/);
  await expect(narration).toContainText(/Allowed\. .* It was decided at the IAM policies stage\.$/);
  await axe(page);
});

test('what-if marks "(changed)" only the stages whose input changed', async ({ page }) => {
  await importFixture(page);
  await simulate(page, user('alice'), 'alias/lab');
  await skip(page);
  const whatIf = page.getByRole('region', { name: 'What if…' });
  // Switch off the key policy's root statement: the key policy's input changes; IAM's does not,
  // though its outcome follows (the key policy no longer lets IAM decide).
  await whatIf.getByRole('group', { name: 'Side by side' }).waitFor();
  await whatIf.getByLabel('“Enable IAM User Permissions”').check();
  await expect(whatIf.getByTestId('whatif-verdict')).toContainText('Denied — nothing allowed it');
  const table = whatIf.getByRole('table', { name: /Stage by stage/ });
  await expect(table.getByRole('rowheader', { name: 'Key policy (changed)' })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: 'Decision (changed)' })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: 'IAM policies', exact: true })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: 'Explicit-deny sweep', exact: true })).toBeVisible();
  await expect(table.getByRole('row', { name: /^IAM policies/ })).toContainText('its input is the same; this follows from a changed stage');
  await expect(table.locator('tr.is-changed')).toHaveCount(2);
  await axe(page);
});

test('one editor per document: it says which one, keeps its own unsaved text and Save, and Edit from Identities opens that document', async ({ page }) => {
  await createKey(page, 'App key', 'app');
  await addUsers(page, ['alice']);
  await axe(page);

  // Edit from Identities opens alice's AllowKms, visibly.
  await page.getByRole('list', { name: 'Policies of alice' }).getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Policy lab', level: 1 })).toBeVisible();
  await expect(page.getByRole('group', { name: /^Editing the/ })).toContainText('Editing the identity policy AllowKms of user/alice');
  await expect(page.getByRole('group', { name: /^Editing the/ })).toContainText('Saved with PutUserPolicy');
  const idEditor = page.getByRole('textbox', { name: 'Policy JSON: identity policy AllowKms of user/alice' });
  await expect(idEditor).toContainText('"Sid": "UseKms"');
  await expect(page.getByRole('button', { name: 'Save policy (PutUserPolicy)' })).toBeDisabled();
  await expect(page.getByText('Nothing to save: the editor shows the saved policy.')).toBeVisible();

  // Back to the key policy: it shows the key policy, pretty-printed, with its own Save.
  await page.getByLabel('Policy', { exact: true }).selectOption({ index: 0 });
  await expect(page.getByRole('group', { name: /^Editing the/ })).toContainText(/Editing the key policy of alias\/app \(key\/[0-9a-f]{8}…, 111122223333, us-east-1\)/);
  await expect(page.getByRole('group', { name: /^Editing the/ })).toContainText('shown pretty-printed (2-space JSON)');
  const lines = await keyEditor(page).locator('.cm-line').allTextContents();
  expect(lines.slice(0, 4)).toEqual(['{', '  "Version": "2012-10-17",', '  "Id": "key-default-1",', '  "Statement": [']);
  expect(lines).toContain('      "Sid": "Enable IAM User Permissions",');

  // An unsaved edit stays with its document across screens; the other document is untouched.
  await keyEditor(page).locator('.cm-line').filter({ hasText: '"Id": "key-default-1"' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft'); // before the comma
  await page.keyboard.press('ArrowLeft'); // before the closing quote
  await page.keyboard.type('-x');
  await expect(saveState(page)).toHaveText('Edited, not saved');
  await page.getByRole('link', { name: 'Identities' }).click();
  await goLab(page);
  await expect(page.getByRole('group', { name: /^Editing the/ })).toContainText('Editing the key policy of alias/app');
  await expect(keyEditor(page)).toContainText('"Id": "key-default-1-x"');
  await expect(saveState(page)).toHaveText('Edited, not saved');
  await expect(page.getByLabel('Policy', { exact: true }).locator('option:checked')).toHaveText(/alias\/app .*\(edited\)$/);

  // An error finding turns Save off, and says why.
  await replaceText(page, keyEditor(page), '{ "Version": "2012-10-17", "Statement": [ ');
  const save = page.getByRole('button', { name: 'Save key policy (PutKeyPolicy)' });
  await expect(save).toBeDisabled();
  await expect(page.locator('#pw-save-why')).toContainText(/^Save is off: the validator found an error that KMS would refuse — .+ \(line 1, column \d+\)\.$/);

  // Saved, then edited again: never "Saved" and "Edited, not saved" at once.
  await replaceText(page, keyEditor(page), policy(ROOT_STATEMENT));
  await expect(save).toBeEnabled();
  await save.click();
  await expect(saveResult(page)).toContainText('PutKeyPolicy succeeded: the key uses this policy now.');
  await expect(saveState(page)).toHaveText('Saved');
  await keyEditor(page).locator('.cm-line').filter({ hasText: '"Version"' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(saveState(page)).toHaveText('Edited, not saved');
  await expect(saveResult(page)).toHaveCount(0);
  await expect(page.getByText('PutKeyPolicy succeeded')).toHaveCount(0);
  await axe(page);

  // Alice's document kept its own state: nothing edited there.
  await page.getByLabel('Policy', { exact: true }).selectOption({ label: 'AllowKms (identity policy of alice)' });
  await expect(saveState(page)).toHaveText('Saved version');
  await expect(page.getByRole('group', { name: /^Editing the/ })).toContainText('Editing the identity policy AllowKms of user/alice');
});

test('the policy lockout safety check, taught: refused as AWS refuses, explained, and BypassPolicyLockoutSafetyCheck offered with its warning', async ({ page }) => {
  await createKey(page, 'Lockout demo', 'lockout');
  await addUsers(page, ['admin']);
  await goLab(page);
  await page.getByLabel('Key (ID, ARN, alias name or alias ARN)').fill('alias/lockout');
  await expect(page.getByRole('group', { name: /^Editing the/ })).toContainText('Editing the key policy of alias/lockout');

  // As the account root, a policy naming only the admin would lock the caller out.
  await replaceText(page, keyEditor(page), policy({ Sid: 'KeyAdmin', Effect: 'Allow', Principal: { AWS: user('admin') }, Action: 'kms:*', Resource: '*' }));
  await page.getByRole('button', { name: 'Save key policy (PutKeyPolicy)' }).click();
  const alert = saveResult(page).getByRole('alert');
  await expect(alert.locator('.error-card__name')).toHaveText('MalformedPolicyDocumentException');
  await expect(alert.locator('.error-card__message')).toHaveText('The new key policy will not allow you to update the key policy in the future.');
  await expect(alert.locator('.error-card__why')).toContainText('The policy lockout safety check: KMS accepts a key policy only if the principal sending it could still call kms:PutKeyPolicy');
  await expect(alert).not.toContainText('KMS rejected the call.');
  const lesson = saveResult(page).getByRole('region', { name: 'The policy lockout safety check' });
  await expect(lesson).toContainText('could the principal sending it — you, acting as 111122223333:root — still call kms:PutKeyPolicy on this key?');
  await expect(lesson).toContainText('BypassPolicyLockoutSafetyCheck = true, which PutKeyPolicy and CreateKey both accept');
  const warning = lesson.getByRole('note', { name: 'Warning about BypassPolicyLockoutSafetyCheck' });
  await expect(warning).toContainText('skipping the check raises the risk that the key becomes unmanageable');
  const bypass = lesson.getByRole('button', { name: 'Save with BypassPolicyLockoutSafetyCheck = true' });
  await expect(bypass).toBeDisabled();
  await axe(page);

  // The refusal belongs to that attempt: editing the text clears it.
  await keyEditor(page).locator('.cm-line').filter({ hasText: '"Version"' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(saveResult(page)).toHaveCount(0);

  // Saved again, refused again; this time the learner accepts the warning and bypasses the check.
  await page.getByRole('button', { name: 'Save key policy (PutKeyPolicy)' }).click();
  await expect(alert.locator('.error-card__name')).toHaveText('MalformedPolicyDocumentException');
  await lesson.getByRole('checkbox', { name: /I understand: after this, 111122223333:root may not be able to change this key policy again/ }).check();
  await bypass.click();
  await expect(saveResult(page)).toContainText('PutKeyPolicy succeeded with BypassPolicyLockoutSafetyCheck = true (the lockout check was skipped): the key uses this policy now.');
  await expect(saveState(page)).toHaveText('Saved');

  // And it did lock root out: root's next PutKeyPolicy is denied by the key policy.
  await replaceText(page, keyEditor(page), policy(ROOT_STATEMENT));
  await page.getByRole('button', { name: 'Save key policy (PutKeyPolicy)' }).click();
  await expect(saveResult(page).getByRole('alert').locator('.error-card__name')).toHaveText('AccessDeniedException');
  await axe(page);
});

test('trust isn\'t automatic, end to end through the editor: no root statement, and alice\'s IAM Allow stops counting; put it back and she is allowed', async ({ page }, testInfo) => {
  await createKey(page, 'Trust demo', 'trust');
  await addUsers(page, ['alice', 'admin']);
  await goLab(page);

  // alice's IAM policy (AllowKms) allows kms:Decrypt, and the default key policy lets IAM decide.
  await simulate(page, user('alice'), 'alias/trust');
  await skip(page);
  await expect(verdict(page)).toContainText('Allowed');
  await expect(stage(page, 'IAM policies')).toContainText('Decided here');
  await expect(page.getByRole('group', { name: /^Editing the/ })).toContainText('Editing the key policy of alias/trust');

  // The key administrator may manage keys: its IAM policy becomes kms:* (its own document, its own Save).
  await page.getByLabel('Policy', { exact: true }).selectOption({ label: 'AllowKms (identity policy of admin)' });
  await expect(page.getByRole('group', { name: /^Editing the/ })).toContainText('Editing the identity policy AllowKms of user/admin');
  await replaceText(page, page.getByRole('textbox', { name: 'Policy JSON: identity policy AllowKms of user/admin' }), policy({ Sid: 'KmsAdmin', Effect: 'Allow', Action: 'kms:*', Resource: '*' }));
  await page.getByRole('button', { name: 'Save policy (PutUserPolicy)' }).click();
  await expect(saveResult(page)).toContainText('Saved (PutUserPolicy). New decisions use it.');
  await page.getByLabel('Policy', { exact: true }).selectOption({ index: 0 });
  await expect(page.getByRole('group', { name: /^Editing the/ })).toContainText('Editing the key policy of alias/trust');

  // The learner replaces the default key policy with one naming the key administrator, not the root.
  const adminOnly = policy({ Sid: 'KeyAdministrator', Effect: 'Allow', Principal: { AWS: user('admin') }, Action: 'kms:*', Resource: '*' });
  await replaceText(page, keyEditor(page), adminOnly);
  await page.getByRole('button', { name: 'Save key policy (PutKeyPolicy)' }).click();
  // As root, KMS refuses (the lockout check); acting as the administrator it names, it is accepted.
  await expect(saveResult(page).getByRole('alert')).toContainText('The new key policy will not allow you to update the key policy in the future.');
  await page.getByLabel('Acting as').selectOption(user('admin'));
  await page.getByRole('button', { name: 'Save key policy (PutKeyPolicy)' }).click();
  await expect(saveResult(page)).toContainText('PutKeyPolicy succeeded: the key uses this policy now.');
  await expect(page.getByRole('note').filter({ hasText: 'Changed since this decision was made' })).toBeVisible();

  // The same request: denied, and the key policy layer decides — the IAM Allow no longer counts.
  await simulate(page, user('alice'), 'alias/trust');
  await page.getByRole('radio', { name: 'Allowed', exact: true }).check();
  await page.getByRole('button', { name: 'Lock in my prediction' }).click();
  const forward = page.getByRole('button', { name: 'Forward' });
  while (await forward.isEnabled()) await forward.click();
  await expect(verdict(page)).toContainText('Denied — nothing allowed it');
  await expect(verdict(page)).toContainText('Not quite');
  const keyStage = stage(page, 'Key policy');
  await expect(keyStage).toContainText('Decided here');
  await expect(keyStage).toContainText('Denied — nothing allowed it');
  await expect(keyStage).toContainText('no statement for the account principal, so IAM policies cannot allow it either');
  await expect(keyStage).toContainText('a KMS key does not trust its own account by default');
  await expect(stage(page, 'IAM policies')).toContainText('has no effect');
  await expect(stage(page, 'IAM policies')).not.toContainText('Decided here');
  await page.locator('#main').evaluate((el) => el.scrollTo(0, 0));
  const shot = testInfo.outputPath('trust-denied.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('trust: denied without the root statement', { path: shot, contentType: 'image/png' });
  await axe(page);

  // Put the root statement back (as the administrator, whom the policy lets do it).
  await replaceText(page, keyEditor(page), policy({ Sid: 'KeyAdministrator', Effect: 'Allow', Principal: { AWS: user('admin') }, Action: 'kms:*', Resource: '*' }, ROOT_STATEMENT));
  await page.getByRole('button', { name: 'Save key policy (PutKeyPolicy)' }).click();
  await expect(saveResult(page)).toContainText('PutKeyPolicy succeeded: the key uses this policy now.');
  await simulate(page, user('alice'), 'alias/trust');
  await skip(page);
  await expect(verdict(page)).toContainText('Allowed');
  await expect(stage(page, 'IAM policies')).toContainText('Decided here');
  await expect(stage(page, 'Key policy')).toContainText('On the allow path');
  await expect(page.getByTestId('pw-outline-note')).toHaveText('The highlighted statement “Enable IAM User Permissions” is on the allow path of the decision on screen; the decision was made at the IAM policies stage.');
  expect(await outlined(page)).toMatch(/^\{\s*"Sid": "Enable IAM User Permissions"/);
  // alice's own document: her Allow is the statement that decided.
  await page.getByLabel('Policy', { exact: true }).selectOption({ label: 'AllowKms (identity policy of alice)' });
  await expect(page.getByTestId('pw-outline-note')).toHaveText('The highlighted statement “UseKms” decided the decision on screen.');
  await expect.poll(() => outlined(page)).toMatch(/^\{\s*"Sid": "UseKms",\s*"Effect": "Allow"/);
  await axe(page);
});
