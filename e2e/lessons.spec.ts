import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './helpers';

// Lessons (issue 8): one lesson end to end with predict-then-reveal, the engine-checked goal, and
// progress export / import / reset.

test.use({ reducedMotion: 'reduce' });

async function openLesson(page: Page, id: string) {
  await page.goto(`/#lessons/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Parts of the lesson' })).toBeVisible({ timeout: 20_000 });
}

test('a lesson end to end: predict wrong → the computed answer is revealed; the goal fails before the solution and passes after', async ({ page }) => {
  // A whole lesson, three axe scans and a reload: long on a shared machine (the time limit, not an assertion).
  test.slow();
  await page.goto('/#lessons');
  await expect(page.getByRole('heading', { level: 1, name: 'Lessons' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'From the study notes' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Start: One KMS per Region, and keys that never leave' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'One KMS per Region, and keys that never leave' })).toBeVisible();

  // Step 1 has no prediction: run it; its flow plays on the stage.
  await page.getByRole('button', { name: 'Run part 1' }).click();
  await expect(page.getByText('What KMS did: Succeeded')).toBeVisible();
  await expect(page.getByRole('region', { name: /^Flow graph:/ })).toBeVisible();
  await expect(page.getByTestId('narration')).toContainText(/DescribeKey|describe/i);

  // Step 2 asks first. A wrong prediction: "It returns the key".
  await page.getByRole('button', { name: 'Next part' }).click();
  const lockIn = page.getByRole('button', { name: 'Lock in and run part 2' });
  await expect(lockIn).toBeDisabled();
  await page.getByRole('radio', { name: 'It returns the key: key ids are global' }).check();
  await lockIn.click();
  const reveal = page.getByTestId('reveal-describe-eu');
  await expect(reveal).toContainText('Not quite: you predicted “It returns the key: key ids are global”');
  await expect(reveal).toContainText('The engine computed: NotFoundException');
  await expect(reveal.getByRole('listitem').filter({ hasText: 'NotFoundException' })).toContainText('(correct)');
  await expect(page.getByText(/What KMS did: NotFoundException/)).toBeVisible();
  // A wrong prediction is the only ✕.
  await expect(page.getByRole('button', { name: 'Part 2 (your prediction was not right): show it' })).toHaveText('✕');
  await expect(page.getByRole('button', { name: 'Part 1 (done): show it' })).toHaveText('✓');
  // Lesson parts and the player's steps have different names, and the lesson says which is which.
  await expect(page.getByText(/This lesson has 6 parts, then a goal for you\. .* plays on the player step by step\./)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // The rest of the steps (predict the next one right).
  for (let i = 3; i <= 6; i++) {
    await page.getByRole('button', { name: 'Next part' }).click();
    const run = page.getByRole('button', { name: `Run part ${i}`, exact: true });
    const predict = page.getByRole('button', { name: `Lock in and run part ${i}` });
    // The next part is on screen (either kind) before asking which kind it is.
    await expect(run.or(predict)).toBeVisible();
    if (await run.isVisible()) await run.click();
    else {
      await page.getByRole('radio', { name: 'NotFoundException' }).check();
      await page.getByRole('button', { name: `Lock in and run part ${i}` }).click();
      await expect(page.getByTestId('reveal-encrypt-eu')).toContainText('Right: you predicted “NotFoundException”');
      // The part's point is an error, and the learner predicted it: a ✓ (the learner's success), not a ✕.
      const mark = page.getByRole('button', { name: `Part ${i} (you predicted right): show it` });
      await expect(mark).toHaveText('✓');
      await expect(page.getByTestId('outcome-encrypt-eu')).toHaveText(/^What KMS did: NotFoundException: .* — the error this part sets out to show$/);
      await expect(page.getByTestId('outcome-encrypt-eu')).toHaveClass(/is-intended/);
    }
    await expect(page.getByRole('list', { name: 'Parts of the lesson' }).locator(':scope > li').nth(i - 1)).toContainText(/What KMS did|What happened \(in your browser, not a KMS call\)/);
  }

  // The goal: checked by the engine — not reached yet.
  await expect(page.getByRole('heading', { name: 'Your goal' })).toBeVisible();
  await page.getByRole('button', { name: 'Check my goal' }).click();
  await expect(page.getByTestId('goal-result')).toContainText('Not yet');
  await expect(page.getByTestId('goal-result')).toContainText('app encrypts with alias/app in eu-west-1');
  // A hint, then "Show me" applies the reference solution; the check passes.
  await page.getByRole('button', { name: /^Hint/ }).click();
  await expect(page.getByRole('list', { name: 'Hints' })).toContainText('eu-west-1');
  await page.getByRole('button', { name: 'Show me' }).click();
  await expect(page.getByRole('button', { name: 'Solution applied' })).toBeDisabled();
  await page.getByRole('button', { name: 'Check my goal' }).click();
  await expect(page.getByTestId('goal-result')).toContainText('Goal reached — checked by the engine');
  expect(await seriousViolations(page)).toEqual([]);

  // Progress is saved: the course shows the lesson completed, after a reload too.
  await page.goto('/#lessons');
  await page.reload();
  await expect(page.getByRole('listitem').filter({ hasText: 'One KMS per Region' })).toContainText('Completed');
  await expect(page.getByRole('link', { name: 'Review: One KMS per Region, and keys that never leave' })).toBeVisible();
});

async function runAllParts(page: Page, n: number) {
  for (let i = 1; i <= n; i++) {
    const run = page.getByRole('button', { name: `Run part ${i}`, exact: true });
    const skip = page.getByRole('button', { name: 'Skip predicting, just run it' });
    await expect(run.or(skip)).toBeVisible();
    if (await run.isVisible()) await run.click();
    else await skip.click();
    if (i < n) await page.getByRole('button', { name: 'Next part' }).click();
  }
  await expect(page.getByRole('heading', { name: 'Your goal' })).toBeVisible();
}

test('Your turn: the goal is reached through forms — the lesson’s Region picker, a key picker fed from the world — and the hint names the control', async ({ page }) => {
  await openLesson(page, 'regional-service');
  await runAllParts(page, 6);
  await page.getByRole('button', { name: /^Hint/ }).click();
  await expect(page.getByRole('list', { name: 'Hints' }).getByRole('listitem').first()).toHaveText(
    'Under Your turn, pick eu-west-1 in the lesson’s “Region” picker before you create anything: keys are created in the Region you call.',
  );
  const turn = page.getByRole('region', { name: 'Your turn: act in this lesson’s world' });
  // The control the hint names is there, with that label.
  const region = turn.getByLabel('Region', { exact: true });
  await expect(region).toHaveValue('us-east-1');
  await turn.getByLabel('What to do').selectOption('CreateKey');
  await region.selectOption('eu-west-1');
  const create = turn.getByRole('form', { name: 'CreateKey' });
  await create.getByLabel('Description').fill('app data (eu-west-1)');
  await expect(create.getByLabel('Key spec and usage')).toHaveValue('SYMMETRIC_DEFAULT/ENCRYPT_DECRYPT');
  await create.getByRole('button', { name: 'Run CreateKey' }).click();
  const calls = turn.getByRole('list', { name: 'Your calls' });
  await expect(calls.getByRole('listitem').first()).toContainText('$you1 CreateKey “app data (eu-west-1)” as root in eu-west-1: succeeded');
  // CreateAlias: the target key is picked from the keys of eu-west-1 — the new one — not typed.
  await turn.getByLabel('What to do').selectOption('CreateAlias');
  const alias = turn.getByRole('form', { name: 'CreateAlias' });
  await alias.getByLabel('Alias name').fill('alias/app');
  const target = alias.getByLabel('Target key');
  await expect(target.locator('option')).toHaveText([/^app data \(eu-west-1\) · [0-9a-f-]{36}$/]);
  await expect(page.getByLabel('Request (JSON)')).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  await alias.getByRole('button', { name: 'Run CreateAlias' }).click();
  await expect(calls.getByRole('listitem').first()).toContainText(/\$you2 CreateAlias alias\/app → key [0-9a-f-]{36} as root in eu-west-1: succeeded/);
  await page.getByRole('button', { name: 'Check my goal' }).click();
  await expect(page.getByTestId('goal-result')).toContainText('Goal reached');
});

test('Your turn: a policy lesson done by forms — an IAM policy with a condition, picked principal and key', async ({ page }) => {
  await openLesson(page, 'encryption-context');
  await runAllParts(page, 8);
  const turn = page.getByRole('region', { name: 'Your turn: act in this lesson’s world' });
  await turn.getByLabel('What to do').selectOption('iam-policy');
  const form = turn.getByRole('form', { name: 'Set an IAM policy (outside KMS)' });
  await expect(turn.getByLabel('Call as')).toBeDisabled();
  await form.getByLabel('Principal', { exact: true }).selectOption({ label: 'arn:aws:iam::111122223333:role/analytics' });
  await form.getByRole('group', { name: 'Actions (one by one)' }).getByRole('checkbox', { name: 'kms:Decrypt' }).check();
  await form.getByLabel('Condition key').selectOption('kms:EncryptionContext:');
  await form.getByLabel('Encryption context key').fill('project');
  await form.getByLabel('Condition value (StringEquals)').fill('alpha');
  await expect(form.getByLabel('Resource (the key’s ARN)').locator('option:checked')).toHaveText(/1234abcd-12ab-34cd-56ef-1234567890ab$/);
  expect(await seriousViolations(page)).toEqual([]);
  await form.getByRole('button', { name: 'Set the IAM policy' }).click();
  await expect(turn.getByRole('list', { name: 'Your calls' })).toContainText('IAM policy of role/analytics: Allow "kms:Decrypt" with a condition: succeeded');
  await page.getByRole('button', { name: 'Check my goal' }).click();
  await expect(page.getByTestId('goal-result')).toContainText('Goal reached');
});

test('Your turn as JSON: "$part.Field" is explained with an example from the lesson and completes from the results', async ({ page }) => {
  await openLesson(page, 'regional-service');
  await runAllParts(page, 6);
  const turn = page.getByRole('region', { name: 'Your turn: act in this lesson’s world' });
  await turn.getByLabel('What to do').selectOption('json');
  await expect(turn).toContainText('A string "$name.Field" is replaced by a field of an earlier result');
  await expect(turn).toContainText('Example: {"CiphertextBlob": "$encrypt.CiphertextBlob"} uses CiphertextBlob of encrypt');
  await turn.getByLabel('Operation').selectOption('Decrypt');
  const editor = turn.getByRole('textbox', { name: 'Request (JSON)' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await editor.pressSequentially('{"CiphertextBlob": "$enc');
  const list = page.getByRole('listbox');
  await expect(list.getByRole('option', { name: /\$encrypt\.CiphertextBlob/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(editor).toHaveText('{"CiphertextBlob": "$encrypt.CiphertextBlob"}');
  await turn.getByRole('button', { name: 'Call Decrypt' }).click();
  await expect(turn.getByRole('list', { name: 'Your calls' }).getByRole('listitem').first()).toContainText('$you1 Decrypt as root in us-east-1: succeeded');
});

test('progress: export, import (a bad file is refused and nothing changes), reset', async ({ page }) => {
  await openLesson(page, 'regional-service');
  await page.getByRole('button', { name: 'Run part 1' }).click();
  await expect(page.getByText('What KMS did: Succeeded')).toBeVisible();
  await page.goto('/#lessons');
  const card = page.getByRole('listitem').filter({ hasText: 'One KMS per Region' });
  await expect(card).toContainText('1 of 6 parts done');

  // Export.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress' }).click()]);
  const exported = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'))) as { format: string; lessons: Record<string, { step: number }> };
  expect(exported.format).toBe('kms-lab-progress');
  expect(exported.lessons['regional-service'].step).toBe(1);

  // A bad file is refused with the reason; the progress is untouched.
  await page.getByLabel('Progress file to import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"something-else","version":1}') });
  await expect(page.getByRole('alert')).toContainText('Import refused: This is not a KMS Lab progress file');
  await expect(card).toContainText('1 of 6 parts done');

  // Reset (confirmed), then import the exported file back.
  await page.getByRole('button', { name: 'Reset progress…' }).click();
  await page.getByRole('button', { name: 'Reset everything' }).click();
  await expect(card).toContainText('Not started');
  const edited = { ...exported, lessons: { ...exported.lessons, 'regional-service': { ...exported.lessons['regional-service'], step: 3 } } };
  await page.getByLabel('Progress file to import').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(edited)) });
  await expect(page.getByRole('status').filter({ hasText: 'Imported your progress from mine.json' })).toBeVisible();
  await expect(card).toContainText('3 of 6 parts done');
  expect(await seriousViolations(page)).toEqual([]);

  // Continue resumes at the saved step (the steps already taken are replayed in the lesson world).
  await page.getByRole('link', { name: 'Continue: One KMS per Region, and keys that never leave' }).click();
  await expect(page.getByRole('list', { name: 'Parts of the lesson' }).locator(':scope > li')).toHaveCount(4);
});

test('a lesson\'s decision plays on the app\'s player without asking again, and "Show in its editor" shows the lesson world\'s policy read-only', async ({ page }) => {
  await openLesson(page, 'trust-not-automatic');
  await page.getByRole('radio', { name: 'Allow', exact: true }).check();
  await page.getByRole('button', { name: 'Lock in and run part 1' }).click();
  await expect(page.getByText('What KMS did: Allowed')).toBeVisible();
  await page.getByRole('button', { name: 'Why? Open the decision' }).click();
  const stage = page.getByRole('region', { name: 'Stage' });
  await expect(stage.getByRole('heading', { name: /^Decision/ })).toBeVisible();
  // The learner predicted in the lesson: the decision view does not ask again, and nothing is held back.
  await expect(stage.getByText('Predict: what will KMS decide?')).toHaveCount(0);
  const bar = stage.getByRole('toolbar', { name: 'Decision player' });
  await bar.getByRole('button', { name: 'Last step' }).click();
  await expect(bar.getByRole('slider', { name: 'Step' })).toHaveAttribute('aria-valuetext', /^Step 9 of 9: Decision/);
  await expect(stage.getByRole('status').filter({ hasText: 'Allowed' })).toBeVisible();

  // The deciding statement lives in the lesson's world: shown read-only here, not in the policy lab.
  await stage.getByRole('button', { name: 'Show in its editor' }).first().click();
  const source = stage.getByRole('region', { name: /read-only/ });
  await expect(source).toContainText('This policy belongs to this lesson’s world');
  await expect(source.getByRole('textbox', { name: /\(read-only\)$/ })).toContainText('"Effect"');
  await expect(page).toHaveURL(/#lessons\/trust-not-automatic$/);
  expect(await seriousViolations(page)).toEqual([]);
});
