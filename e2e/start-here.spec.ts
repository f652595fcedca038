import { expect, test, type Page } from '@playwright/test';
import { openApp, seriousViolations } from './helpers';

test.use({ reducedMotion: 'reduce' });

/** The Region select's label and whether the select is wide enough to show all of it. */
async function regionLabelFits(page: Page) {
  return page.locator('#region-select').evaluate((el: HTMLSelectElement) => {
    const cs = getComputedStyle(el);
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const text = el.selectedOptions[0].text;
    // The room for text: the content box minus the drop-down arrow (a select's right padding holds it, or ~20 px).
    const room = el.clientWidth - parseFloat(cs.paddingLeft) - Math.max(parseFloat(cs.paddingRight), 20);
    return { text, needed: Math.ceil(ctx.measureText(text).width), room: Math.floor(room), right: el.getBoundingClientRect().right };
  });
}

for (const [width, height] of [
  [1280, 800],
  [1920, 1080],
] as const) {
  test(`first screen at ${width}×${height}: where to start is shown above a usable console; the Region select shows its whole label`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height });
    await openApp(page);
    const start = page.getByRole('complementary', { name: 'Where to start' });
    await expect(start).toContainText('New to KMS? Start with lesson 1, One KMS per Region, and keys that never leave — or use the console below right away.');
    const link = start.getByRole('link', { name: 'Start with lesson 1' });
    await expect(link).toHaveAttribute('href', '#lessons/regional-service');
    // The console is not hidden: the create form is on screen with it, nothing covering it.
    for (const control of [link, page.getByLabel('Description'), page.getByRole('button', { name: 'Create key' })]) {
      await expect(control).toBeInViewport();
      const box = (await control.boundingBox())!;
      const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('a, button, input')?.outerHTML.slice(0, 60) ?? '', [box.x + box.width / 2, box.y + box.height / 2] as const);
      expect(hit, 'the control is the element at its own centre').toBe(await control.evaluate((e) => e.outerHTML.slice(0, 60)));
    }
    // Every Region's label fits its select, inside the header.
    for (const region of ['us-east-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1', 'ca-central-1']) {
      await page.getByLabel('Region').selectOption(region);
      await expect(page.getByRole('heading', { name: new RegExp(`Customer managed keys \\d+ in ${region}`) })).toBeVisible();
      const fit = await regionLabelFits(page);
      expect(fit.text.startsWith(`${region} — `)).toBe(true);
      expect(fit.needed, `"${fit.text}" needs ${fit.needed} px, has ${fit.room}`).toBeLessThanOrEqual(fit.room);
      expect(fit.right).toBeLessThanOrEqual(width);
    }
    await page.getByLabel('Region').selectOption('us-east-1');
    await page.screenshot({ path: testInfo.outputPath(`first-screen-${width}.png`) });
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('"Start with lesson 1" opens lesson 1; once begun it offers to continue; Hide keeps it hidden', async ({ page }) => {
  await openApp(page);
  const start = page.getByRole('complementary', { name: 'Where to start' });
  await start.getByRole('link', { name: 'Start with lesson 1' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('One KMS per Region, and keys that never leave');
  await page.getByRole('button', { name: 'Run part 1', exact: true }).click();
  await expect(page.getByTestId('outcome-describe')).toContainText('Succeeded');
  await page.getByRole('link', { name: 'Keys & crypto' }).click();
  await expect(start).toContainText('Welcome back.');
  await expect(start.getByRole('link', { name: 'Continue the lessons' })).toHaveAttribute('href', '#lessons');
  await page.keyboard.press('Tab'); // keyboard only from here
  await start.getByRole('button', { name: 'Hide where to start' }).focus();
  await page.keyboard.press('Enter');
  await expect(start).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Create key' })).toBeEnabled();
  await expect(start).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
});
