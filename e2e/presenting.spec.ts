import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './helpers';

// A whole class from the clicker (issue 20): presentation mode at 1920×1080 driven with keys only —
// a lesson walked part by part (question → reveal → flow → why → next), the section switcher, a
// Studio demo, an exam question. Every press waits on the state it reaches, never on time.

test.use({ viewport: { width: 1920, height: 1080 }, reducedMotion: 'reduce' });

const meta = (page: Page) => page.locator('.pl-narration__meta');

/** Presses PageDown through the flow on the stage until its last step, checking each step reached. */
async function walkFlow(page: Page): Promise<number> {
  await expect(meta(page)).toContainText(/^Step 1 of \d+/);
  const total = Number((await meta(page).textContent())!.match(/of (\d+)/)![1]);
  for (let k = 2; k <= total; k++) {
    await page.keyboard.press('PageDown');
    await expect(meta(page)).toContainText(`Step ${k} of ${total}`);
  }
  return total;
}

/** Enters presentation mode from the keyboard (the header's button, focused and pressed). */
async function present(page: Page) {
  await page.getByRole('button', { name: 'Presentation mode' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-present', 'on');
}

test('a whole lesson from the clicker: each part asks, reveals, plays, explains; PageUp retraces; the presenter window follows', async ({ page, context }) => {
  await page.goto('/#lessons/trust-not-automatic');
  await expect(page.getByRole('heading', { level: 1, name: "Key policies: trust isn't automatic" })).toBeVisible();
  await present(page);
  const ask = page.getByTestId('ask-the-class');
  const why = page.getByTestId('step-why');
  const steps = page.getByRole('list', { name: 'Parts of the lesson' }).locator(':scope > li');

  // The presenter window follows the same cursor.
  await page.getByRole('button', { name: 'Presenter notes' }).focus();
  const [notes] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
  await expect(notes.getByRole('heading', { level: 1, name: 'Presenter notes' })).toBeVisible();
  await page.bringToFront();
  const notesPos = notes.locator('.cl-presenter__pos');

  // Part 1: a decision question. Nothing has run: the stage asks the class.
  await expect(ask).toContainText('Part 1 · Ask the class');
  await expect(ask).toContainText('Is the analyst allowed to decrypt?');
  await expect(ask.getByRole('listitem')).toHaveText(['Allow', 'Denied — explicit deny', 'Denied — implicit deny (nothing allows it)']);
  await expect(notesPos).toHaveText('Part 1 of 6 · the class predicts');
  expect(await seriousViolations(page)).toEqual([]);
  // A key reveals the engine's answer (an evaluation: no flow, straight to why).
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('reveal-allowed')).toContainText('The engine computed: Allow');
  await expect(page.getByTestId('reveal-allowed')).toContainText('The answer, for the class to check its prediction');
  await page.keyboard.press('PageDown');
  await expect(why.getByTestId('why-verdict')).toHaveText('Allowed');
  await expect(notesPos).toHaveText('Part 1 of 6 · why');

  // Part 2: no question; PageDown runs it; its Encrypt flow is walked one idea per step.
  await page.keyboard.press('PageDown');
  await expect(ask).toContainText('Part 2 · Next');
  await expect(ask).toContainText('The analyst encrypts a result set.');
  await page.keyboard.press('PageDown');
  await expect(steps.nth(1)).toContainText('What KMS did: Succeeded');
  const encryptSteps = await walkFlow(page);
  // The class detail folds the routine checks: one "Checks pass" step.
  await expect(page.locator('.pl-narration')).toBeVisible();
  expect(encryptSteps).toBeLessThan(10);
  await expect(notesPos).toHaveText(`Part 2 of 6 · flow ${encryptSteps} of ${encryptSteps}`);
  await page.keyboard.press('PageDown');
  await expect(why.getByTestId('why-verdict')).toHaveText('Allowed');
  // PageUp retraces: the why, then the flow backwards.
  await page.keyboard.press('PageUp');
  await expect(meta(page)).toContainText(`Step ${encryptSteps} of ${encryptSteps}`);
  await page.keyboard.press('ArrowLeft');
  await expect(meta(page)).toContainText(`Step ${encryptSteps - 1} of ${encryptSteps}`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(why.getByTestId('why-verdict')).toHaveText('Allowed');

  // Part 3 (GetKeyPolicy) and part 4, the "tightening": its why is the diff of the statement removed.
  await page.keyboard.press('PageDown');
  await expect(ask).toContainText('Part 3 · Next');
  await page.keyboard.press('PageDown');
  await walkFlow(page);
  await page.keyboard.press('PageDown');
  await expect(why).toBeVisible();
  await page.keyboard.press('PageDown');
  await expect(ask).toContainText('Part 4 · Next');
  await expect(ask).toContainText('tightens');
  await page.keyboard.press('PageDown');
  await expect(steps.nth(3)).toContainText('What KMS did: Succeeded');
  await walkFlow(page);
  await page.keyboard.press('PageDown');
  const removed = why.locator('.ls-diff--removed');
  await expect(why.getByRole('heading', { name: /What changed: Key policy of .* \(PolicyName “default”: the only name a key policy can have\)/ })).toBeVisible();
  await expect(removed.locator('figcaption')).toHaveText('− Removed: statement “Enable IAM User Permissions”');
  await expect(removed.locator('pre')).toContainText('"AWS": "arn:aws:iam::111122223333:root"');
  await expect(why.locator('.ls-diff--added')).toHaveCount(0);
  // Large type at 1080p.
  const sizes = await why.evaluate((el) => [...el.querySelectorAll('pre, figcaption, h3')].map((n) => parseFloat(getComputedStyle(n).fontSize)));
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(24);
  expect(await seriousViolations(page)).toEqual([]);

  // Part 5: the class predicts again; the reveal, then the deciding layer in large type.
  await page.keyboard.press('PageDown');
  await expect(ask).toContainText('Part 5 · Ask the class');
  await expect(ask).toContainText('The IAM policy still allows kms:Decrypt. Is the analyst allowed now?');
  await expect(notesPos).toHaveText('Part 5 of 6 · the class predicts');
  await expect(notes.getByRole('region', { name: 'For you' })).toContainText('Ask the class: The IAM policy still allows kms:Decrypt');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('reveal-denied')).toContainText('The engine computed: Denied — implicit deny');
  await page.keyboard.press('PageDown');
  await expect(why.getByTestId('why-verdict')).toHaveText('Denied — nothing allowed it');
  await expect(why.getByTestId('why-layer')).toContainText('Decided at: Key policy');
  await expect(notes.getByRole('region', { name: 'For you' })).toContainText('Engine’s answer');

  // Part 6: the Decrypt fails at authorization; then the goal.
  await page.keyboard.press('PageDown');
  await expect(ask).toContainText('Part 6 · Next');
  await page.keyboard.press('PageDown');
  await expect(steps.nth(5)).toContainText('What KMS did: AccessDeniedException');
  await walkFlow(page);
  await page.keyboard.press('PageDown');
  await expect(why.getByTestId('why-verdict')).toHaveText('Denied — nothing allowed it');
  await page.keyboard.press('PageDown');
  await expect(page.getByRole('heading', { name: 'Your goal' })).toBeVisible();
  await expect(notesPos).toHaveText('The goal');

  // PageUp from the goal goes back into step 6, at its why.
  await page.keyboard.press('PageUp');
  await expect(why).toContainText('Why — part 6');
  await expect(steps.nth(5)).toHaveAttribute('aria-current', 'step');
  // B blanks and brings back; Esc leaves presentation mode.
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toBeVisible();
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveAttribute('data-present', 'on');
});

test('the section switcher, a Studio demo at class detail that never autoplays, and an exam question — keys only', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Create key' })).toBeEnabled();
  await present(page);

  // S opens the switcher; a number key goes straight to a section.
  await page.keyboard.press('s');
  const switcher = page.getByRole('dialog', { name: 'Go to a section' });
  await expect(switcher).toBeVisible();
  await expect(switcher.getByRole('button', { name: /Keys & crypto/ })).toHaveAttribute('aria-current', 'page');
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('4');
  await expect(switcher).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: /^Studio/ })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-present', 'on');

  // A demo, started from the keyboard: it waits for the clicker (no autoplay) and walks one idea per step.
  await page.getByRole('button', { name: 'Envelope encryption', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(meta(page)).toContainText('Step 1 of 10');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await page.keyboard.press('PageDown');
  await expect(meta(page)).toContainText('Step 2 of 10');
  await expect(page.locator('.pl-narration')).toContainText('KMS checks the GenerateDataKey request, and every check passes');
  await page.keyboard.press('ArrowRight');
  await expect(meta(page)).toContainText('Step 3 of 10');
  await expect(page.locator('.pl-narration')).toContainText(/data key/i);
  await page.keyboard.press('PageUp');
  await expect(meta(page)).toContainText('Step 2 of 10');
  await page.keyboard.press('ArrowLeft');
  await expect(meta(page)).toContainText('Step 1 of 10');
  expect(await seriousViolations(page)).toEqual([]);

  // The switcher by arrows: down to Exam practice (9th), Enter.
  await page.keyboard.press('S');
  await expect(switcher).toBeVisible();
  await expect(switcher.getByRole('button', { name: /Studio/ })).toBeFocused();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await expect(switcher.getByRole('button', { name: /Exam practice/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Exam practice' })).toBeVisible();
  // Esc in the switcher closes only the switcher.
  await page.keyboard.press('s');
  await expect(switcher).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(switcher).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('data-present', 'on');

  // An exam question: the class votes on the question, → reveals the computed answer, → next question, ← back.
  await page.getByRole('button', { name: 'Start practising' }).focus();
  await page.keyboard.press('Enter');
  const legend = page.locator('.ex-q__prompt .ex-q__num');
  await expect(legend).toContainText(/^Question 1 of \d+/);
  await expect(page.getByTestId('exam-feedback')).toHaveCount(0);
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('exam-feedback')).toContainText('The answer The engine computed the answer by running every choice.');
  await expect(page.getByTestId('exam-feedback').locator('li.is-correct').first()).toContainText('— correct');
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('ArrowRight');
  await expect(legend).toContainText(/^Question 2 of/);
  await expect(page.getByTestId('exam-feedback')).toHaveCount(0);
  await page.keyboard.press('ArrowLeft');
  await expect(legend).toContainText(/^Question 1 of/);
  await expect(page.getByTestId('exam-feedback')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveAttribute('data-present', 'on');
});
