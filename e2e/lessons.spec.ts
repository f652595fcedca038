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
    await expect(page.getByRole('list', { name: 'Parts of the lesson' }).locator(':scope > li').nth(i - 1)).toContainText('What KMS did');
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

test('the learner’s own calls in the lesson world reach the goal', async ({ page }) => {
  await openLesson(page, 'regional-service');
  for (let i = 1; i <= 6; i++) {
    const run = page.getByRole('button', { name: `Run part ${i}`, exact: true });
    const skip = page.getByRole('button', { name: 'Skip predicting, just run it' });
    await expect(run.or(skip)).toBeVisible();
    if (await run.isVisible()) await run.click();
    else await skip.click();
    if (i < 6) await page.getByRole('button', { name: 'Next part' }).click();
  }
  await page.getByText('Try it yourself: make KMS calls in this lesson’s world').click();
  await page.getByLabel('Operation').selectOption('CreateKey');
  await page.getByLabel('In Region').selectOption('eu-west-1');
  await page.getByLabel('Request (JSON)').fill('{"Description": "app data (eu-west-1)"}');
  await page.getByRole('button', { name: 'Call CreateKey' }).click();
  await expect(page.getByRole('list', { name: 'Your calls' })).toContainText('$you1 CreateKey');
  await page.getByLabel('Operation').selectOption('CreateAlias');
  await page.getByLabel('In Region').selectOption('eu-west-1');
  await page.getByLabel('Request (JSON)').fill('{"AliasName": "alias/app", "TargetKeyId": "$you1.KeyMetadata.KeyId"}');
  await page.getByRole('button', { name: 'Call CreateAlias' }).click();
  await expect(page.getByRole('list', { name: 'Your calls' }).getByRole('listitem').first()).toContainText('succeeded');
  await page.getByRole('button', { name: 'Check my goal' }).click();
  await expect(page.getByTestId('goal-result')).toContainText('Goal reached');
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
