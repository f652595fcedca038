import { expect, test } from '@playwright/test';
import { seriousViolations } from './helpers';

// Classroom mode (issue 8): presentation mode (projector theme, panes hidden, ≥ 24 px type),
// the clicker keys through the command registry, the blank screen, presenter notes.

test.use({ reducedMotion: 'reduce' });

test('presentation mode: projector theme, panes hidden, clicker keys (PageDown/PageUp/→/←/B), presenter notes', async ({ page, context }) => {
  await page.goto('/#lessons/regional-service');
  await expect(page.getByRole('button', { name: 'Run part 1', exact: true })).toBeEnabled();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();

  // Presentation mode first, then the part runs: while presenting, a part's flow does not autoplay,
  // so the player is at step 1 because nothing moves it but the clicker (no race with playback).
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-present', 'on');
  await page.getByRole('button', { name: 'Run part 1', exact: true }).click();
  await expect(page.getByText('What KMS did: Succeeded')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Presentation mode' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeHidden();
  await expect(page.getByRole('complementary', { name: 'Inspector' })).toHaveCount(0);
  // Projector theme: white background, black text; body type of at least 24 px as rendered.
  const look = await page.evaluate(() => {
    const el = document.querySelector('.ls-step__text') as HTMLElement & { currentCSSZoom?: number };
    const cs = getComputedStyle(el);
    return { size: parseFloat(cs.fontSize) * (el.currentCSSZoom ?? 1), color: cs.color, bg: getComputedStyle(document.body).backgroundColor };
  });
  expect(look.size).toBeGreaterThanOrEqual(24);
  expect(look.color).toBe('rgb(0, 0, 0)');
  expect(look.bg).toBe('rgb(255, 255, 255)');
  expect(await seriousViolations(page)).toEqual([]);

  const meta = page.locator('.pl-narration__meta');
  const steps = page.getByRole('list', { name: 'Parts of the lesson' }).locator(':scope > li');
  // → and PageDown walk the flow on the stage first (no autoplay while presenting)…
  await expect(meta).toContainText(/^Step 1 of (\d+)/);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const total = Number((await meta.textContent())!.match(/of (\d+)/)![1]);
  await page.keyboard.press('PageDown');
  await expect(meta).toContainText('Step 2 of');
  await page.keyboard.press('ArrowRight');
  await expect(meta).toContainText('Step 3 of');
  // …← and PageUp walk back.
  await page.keyboard.press('ArrowLeft');
  await expect(meta).toContainText('Step 2 of');
  await page.keyboard.press('PageUp');
  await expect(meta).toContainText('Step 1 of');
  // At the end of the flow, PageDown shows why (the decision), then moves to the lesson's next step: first its question for the class…
  for (let i = 1; i < total; i++) await page.keyboard.press('PageDown');
  await expect(meta).toContainText(`Step ${total} of ${total}`);
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('step-why').getByTestId('why-verdict')).toHaveText('Allowed');
  await page.keyboard.press('PageDown');
  await expect(steps.nth(1)).toHaveAttribute('aria-current', 'step');
  await expect(page.getByTestId('ask-the-class')).toContainText('NotFoundException');
  await expect(steps.nth(1).getByRole('group', { name: /Predict/ })).toBeVisible();
  // …then the next press runs it and reveals the engine's answer.
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('reveal-describe-eu')).toContainText('The answer, for the class to check its prediction');
  await expect(page.getByTestId('reveal-describe-eu')).toContainText('The engine computed: NotFoundException');
  // PageUp at the start of a flow goes back to the previous lesson step.
  await page.keyboard.press('PageUp');
  await expect(steps.nth(0)).toHaveAttribute('aria-current', 'step');

  // B blanks the screen; B again brings it back.
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toBeVisible();
  const bg = await page.getByTestId('blank-screen').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).toBe('rgb(0, 0, 0)');
  await page.keyboard.press('B');
  await expect(page.getByTestId('blank-screen')).toHaveCount(0);

  // Presenter notes in a second window, kept in sync through a BroadcastChannel.
  const [notes] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Presenter notes' }).click()]);
  await expect(notes.getByRole('heading', { level: 1, name: 'Presenter notes' })).toBeVisible();
  await expect(notes.getByTestId('presenter-now')).toContainText('You describe the key in us-east-1');
  await expect(notes.getByRole('region', { name: 'Next' })).toContainText('You switch to eu-west-1');
  await page.bringToFront();
  await page.keyboard.press('End');
  await page.keyboard.press('PageDown');
  await expect(notes.getByTestId('presenter-now')).toContainText('You switch to eu-west-1');
  await expect(notes.getByRole('region', { name: 'For you' })).toContainText('Engine’s answer: NotFoundException');
  // The notes window drives the stage too.
  await notes.getByRole('button', { name: 'Blank (B)' }).click();
  await expect(page.getByTestId('blank-screen')).toBeVisible();
  await notes.getByRole('button', { name: 'Blank (B)' }).click();
  await expect(page.getByTestId('blank-screen')).toHaveCount(0);
  expect(await seriousViolations(notes)).toEqual([]);

  // Escape leaves presentation mode: the panes come back.
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveAttribute('data-present', 'on');
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  // Outside presentation mode, B is not the blank key.
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toHaveCount(0);
});
