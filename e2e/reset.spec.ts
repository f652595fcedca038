import { expect, test, type Page } from '@playwright/test';
import { createKey, openApp, seriousViolations } from './helpers';

// "Reset for the next class" (issue 20): after one confirmation that lists what goes, IndexedDB and
// localStorage hold nothing of the old class — no key, no lesson progress, no exam attempt, no preference.

/** Everything the page's origin keeps: every IndexedDB database's records, and localStorage. */
async function storageDump(page: Page): Promise<{ databases: Record<string, string>; local: Record<string, string> }> {
  return page.evaluate(async () => {
    const databases: Record<string, string> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const parts: unknown[] = [];
      for (const store of [...db.objectStoreNames]) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        parts.push({ store, all });
      }
      db.close();
      databases[info.name] = JSON.stringify(parts);
    }
    const local: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) local[localStorage.key(i)!] = localStorage.getItem(localStorage.key(i)!)!;
    return { databases, local };
  });
}

test('reset for the next class: the confirmation lists what goes; afterwards no database or storage entry holds the old class', async ({ page }) => {
  // A class happened: a key, a lesson started, an exam taken, the dark theme chosen.
  await openApp(page);
  const keyId = await createKey(page, 'period-3-class-key', 'period3');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.goto('/#lessons/regional-service');
  await page.getByRole('button', { name: 'Run part 1', exact: true }).click();
  await expect(page.getByTestId('outcome-describe')).toBeVisible();
  await page.goto('/#exam');
  await page.getByRole('button', { name: 'Timed exam' }).click();
  await page.getByLabel('Questions', { exact: true }).selectOption('5');
  await page.getByRole('button', { name: 'Start the timed exam' }).click();
  await page.getByRole('button', { name: 'Finish now' }).click();
  await expect(page.getByRole('region', { name: 'Your result' })).toBeVisible();

  // It is all in this browser's storage.
  await expect.poll(async () => JSON.stringify(await storageDump(page))).toContain('period-3-class-key');
  const before = await storageDump(page);
  expect(JSON.stringify(before.databases)).toContain(keyId);
  expect(before.databases['kms-lab-progress']).toContain('regional-service');
  expect(before.databases['kms-lab-progress']).toContain('"mode":"timed"');
  expect(JSON.stringify(before.local)).toContain('dark');

  // The confirmation lists what goes, counted.
  await page.goto('/#keys');
  await page.getByRole('button', { name: 'Reset for the next class' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset for the next class?' });
  await expect(dialog).toBeVisible();
  const list = dialog.getByTestId('reset-list');
  await expect(list).toContainText('1 key (every Region), 1 alias');
  await expect(list).toContainText('Lesson progress: 1 lesson started, 0 completed');
  await expect(list).toContainText('Exam history: 1 attempt');
  await expect(list).toContainText('Preferences (theme)');
  expect(await seriousViolations(page)).toEqual([]);
  // Keeping everything keeps everything.
  await dialog.getByRole('button', { name: 'Keep everything' }).click();
  await expect(dialog).toBeHidden();
  expect((await storageDump(page)).databases['kms-lab-progress']).toContain('regional-service');

  await page.getByRole('button', { name: 'Reset for the next class' }).click();
  await Promise.all([page.waitForEvent('load'), dialog.getByRole('button', { name: 'Delete everything and reset' }).click()]);

  // The app starts again empty…
  await expect(page.getByRole('heading', { name: /Customer managed keys 0 in us-east-1/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Switch to dark theme' })).toBeVisible();
  await page.goto('/#exam');
  await page.getByRole('button', { name: 'Score history' }).click();
  await expect(page.getByText('No attempts yet.')).toBeVisible();
  // …and nothing of the old class is left anywhere in storage (the fresh app may have saved its own empty workspace).
  const after = JSON.stringify(await storageDump(page));
  for (const old of [keyId, 'period-3-class-key', 'alias/period3', 'regional-service', '"mode":"timed"', 'dark']) expect(after).not.toContain(old);
});
