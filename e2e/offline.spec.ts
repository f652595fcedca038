import { expect, test } from '@playwright/test';

// Offline after the first visit (issue 8): the service worker (vite-plugin-pwa, generateSW)
// precaches the app, its lazy chunks and fonts; a reload with the network gone still works.

test.use({ serviceWorkers: 'allow', reducedMotion: 'reduce' });

test('visit once, go offline, reload: the app, the lessons and the engine still work', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Create key' })).toBeEnabled();
  // Wait until the service worker controls the page (it claims clients once its precache is in).
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  const cached = await page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).length))).reduce((a, b) => a + b, 0));
  expect(cached).toBeGreaterThan(20);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Create key' })).toBeEnabled();
  await expect(page.getByRole('heading', { name: /Customer managed keys \d+ in us-east-1/ })).toBeVisible();
  // A lazy chunk never loaded online comes from the precache too.
  await page.goto('/#lessons/regional-service');
  await page.getByRole('button', { name: 'Run part 1', exact: true }).click();
  await expect(page.getByText('What KMS did: Succeeded')).toBeVisible();
  await expect(page.getByRole('region', { name: /^Flow graph:/ })).toBeVisible();
  await page.goto('/#exam');
  await expect(page.getByRole('heading', { level: 1, name: 'Exam practice' })).toBeVisible();
  await context.setOffline(false);
});
