import { expect, test } from '@playwright/test';
import { seriousViolations } from './helpers';

// Exam practice (issue 8): answers computed by the engine, explanations that open their proof,
// the timed mode and the score history.

test.use({ reducedMotion: 'reduce' });

test('practice by topic: a wrong answer, the computed answer and its proof (decision or flow)', async ({ page }) => {
  await page.goto('/#exam');
  await expect(page.getByRole('heading', { level: 1, name: 'Exam practice' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('Topic', { exact: true }).selectOption('kms-basics');
  await page.getByRole('button', { name: 'Start practising' }).click();
  const q = page.getByRole('group', { name: /Question 1 of \d+/ });
  await expect(q).toContainText('created in us-east-1');
  await q.getByRole('radio', { name: /returns the key’s metadata/ }).check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  const fb = page.getByTestId('exam-feedback');
  await expect(fb).toContainText('✕ Incorrect');
  await expect(fb.getByRole('listitem').filter({ hasText: 'NotFoundException: KMS in eu-west-1' })).toContainText('— correct');
  await expect(fb.getByRole('listitem').filter({ hasText: 'returns the key’s metadata' })).toContainText('not correct (your answer)');
  await expect(fb).toContainText('KMS is a regional service');
  // The proof: the call's flow, played from the engine's trace.
  await fb.getByRole('listitem').filter({ hasText: 'NotFoundException: KMS in eu-west-1' }).getByRole('button', { name: 'Play the flow that proves it' }).click();
  await expect(page.getByRole('region', { name: 'Proof' }).getByRole('region', { name: /^Flow graph:/ })).toBeVisible();
  await expect(page.getByTestId('narration')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // A question proved by a decision opens the decision view.
  await page.getByRole('button', { name: 'Leave' }).click();
  await page.getByLabel('Topic', { exact: true }).selectOption('key-concepts');
  await page.getByRole('button', { name: 'Start practising' }).click();
  let opened = false;
  for (let i = 0; i < 12 && !opened; i++) {
    const group = page.getByRole('group', { name: /Question \d+ of \d+/ });
    await group.locator('input').first().check();
    await page.getByRole('button', { name: 'Check my answer' }).click();
    const decision = page.getByTestId('exam-feedback').getByRole('button', { name: 'Open the decision' }).first();
    await expect(page.getByTestId('exam-feedback')).toBeVisible();
    if (await decision.count()) {
      await decision.click();
      await expect(page.getByRole('region', { name: 'Proof' }).getByRole('heading', { name: /Decision/ })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Proof' }).getByRole('list', { name: 'Evaluation pipeline, in AWS order' })).toBeVisible();
      opened = true;
    } else await page.getByRole('button', { name: /Next question|Finish/ }).click();
  }
  expect(opened, 'some key-concepts question is proved by a decision').toBe(true);
});

test('timed mode: a countdown, answers saved, a score at the end and in the history', async ({ page }) => {
  // The test's clock drives the countdown: a minute passes when the test says so, not when a busy
  // machine gets round to the page's timer.
  await page.clock.install();
  await page.goto('/#exam');
  await page.getByRole('button', { name: 'Timed exam' }).click();
  await page.getByLabel('Questions', { exact: true }).selectOption('5');
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
  await page.getByRole('button', { name: 'Start the timed exam' }).click();
  const timer = page.getByRole('timer', { name: 'Time left' });
  // 5 questions × 1.5 minutes, and not a second less while the clock stands still.
  await expect(timer).toHaveText('7:30');
  await page.clock.runFor(60_000);
  await expect(timer).toHaveText('6:30');
  await page.clock.resume();
  for (let i = 0; i < 5; i++) {
    const group = page.getByRole('group', { name: new RegExp(`Question ${i + 1} of 5`) });
    await group.locator('input').first().check();
    await page.getByRole('button', { name: 'Save my answer' }).click();
    // No feedback during a timed exam.
    await expect(page.getByTestId('exam-feedback')).toHaveCount(0);
    await page.getByRole('button', { name: i < 4 ? 'Next question' : 'Finish and see my score' }).click();
  }
  const result = page.getByRole('region', { name: 'Your result' });
  await expect(result.getByRole('status').first()).toContainText(/[0-5] \/ 5/);
  await expect(result.getByRole('navigation', { name: 'Review questions' }).getByRole('button')).toHaveCount(5);
  await expect(page.getByTestId('exam-feedback')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Score history' }).click();
  const row = page.getByRole('table').getByRole('row').nth(1);
  await expect(row).toContainText('Timed');
  await expect(row).toContainText(/[0-5] \/ 5/);
  // The history is saved with the progress.
  await page.reload();
  await page.getByRole('button', { name: 'Score history' }).click();
  await expect(page.getByRole('table').getByRole('row').nth(1)).toContainText('Timed');
});

test('a wrong choice’s explanation says what really differs (never “expected 32 bytes, got 32 bytes”)', async ({ page }) => {
  await page.goto('/#exam');
  await page.getByLabel('Topic', { exact: true }).selectOption('kms-basics');
  await page.getByRole('button', { name: 'Start practising' }).click();
  await page.getByRole('group', { name: /Question 1 of \d+/ }).getByRole('radio').first().check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  // Question 1: a wrong outcome names the exception KMS really returned.
  const fb = page.getByTestId('exam-feedback');
  await expect(fb.getByRole('listitem').filter({ hasText: 'InvalidArnException' }).getByTestId('exam-why')).toHaveText(
    /^ This choice needs InvalidArnException; the engine got NotFoundException: .+\.$/,
  );
  await page.getByRole('button', { name: 'Next question' }).click();
  const q = page.getByRole('group', { name: /Question 2 of \d+/ });
  await expect(q).toContainText('plaintext key material');
  await q.getByRole('radio', { name: 'GenerateDataKey returns it as Plaintext' }).check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(fb).toContainText('✕ Incorrect');
  const why = fb.getByRole('listitem').filter({ hasText: 'GenerateDataKey returns it as Plaintext' }).getByTestId('exam-why');
  const text = (await why.textContent())!;
  const m = text.match(/this choice needs Plaintext = 32 bytes \(([0-9a-f ]+) …\); the engine got Plaintext = 32 bytes \(([0-9a-f ]+) …\)\./);
  expect(m, text).not.toBeNull();
  expect(m![1]).not.toBe(m![2]);
  expect(text).toContain('Checked “a second call returns the same bytes');
  // Another wrong choice names the exception KMS really gave.
  await expect(fb.getByRole('listitem').filter({ hasText: 'GetPublicKey returns it' }).getByTestId('exam-why')).toContainText('the engine got UnsupportedOperationException');
  expect(await seriousViolations(page)).toEqual([]);
});
