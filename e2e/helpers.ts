import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';

export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** Opens the app and waits until the engine is up (the Create key button is enabled). */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Create key' })).toBeEnabled();
  await expect(page.getByRole('heading', { name: /Customer managed keys \d+ in us-east-1/ })).toBeVisible();
}

/**
 * Stops the step player on step 1, wherever autoplay had got to: a click in the step list pauses
 * and seeks in one go, so what follows never races playback (Pause may already have become Replay).
 */
/** Opens the policy lab from the side menu and waits for its heading. */
export async function goLab(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Policy lab' }).click();
  await expect(page.getByRole('heading', { name: 'Policy lab', level: 1 })).toBeVisible();
}

export async function pauseAtFirstStep(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Steps' }).locator('.pl-step__go').first().click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(page.getByRole('slider', { name: 'Step' })).toHaveValue('1');
}

export function inspector(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Inspector' });
}

/** The value (dd) of a term (dt) in a description list, found by the term's exact text. */
export function field(scope: Locator, term: string): Locator {
  return scope
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${term}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

/** Creates a key through the form and returns its key ID, read from the CreateKey result. */
export async function createKey(page: Page, description: string, alias?: string): Promise<string> {
  await page.getByLabel('Description').fill(description);
  if (alias) await page.getByLabel('Alias (optional)').fill(alias);
  await page.getByRole('button', { name: 'Create key' }).click();
  const result = page.getByRole('region', { name: 'CreateKey result' });
  await expect(result).toContainText(/Created key/);
  const text = (await result.getByText(/Created key/).textContent()) ?? '';
  const id = text.match(UUID)?.[0];
  expect(id, 'the CreateKey result names the new key ID').toBeTruthy();
  await expect(inspector(page).getByRole('heading', { level: 2 })).toHaveText(alias ? `alias/${alias}` : description);
  return id!;
}

export async function encryptText(page: Page, text: string): Promise<void> {
  await page.getByLabel('Plaintext', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Encrypt', exact: true }).click();
}

export function encryptResult(page: Page): Locator {
  return page.getByRole('region', { name: 'Encrypt result' });
}

export function decryptResult(page: Page): Locator {
  return page.getByRole('region', { name: 'Decrypt result' });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  // Only the violations are read: axe skips serialising every passing node (most of its time).
  resultTypes: ['violations'],
};

/**
 * Runs axe (WCAG 2.x A/AA + best practices) and returns the serious and critical violations; on the
 * whole page, or only inside `include` (a CSS selector) when a test is about one part of it.
 * axe-core is injected once per document and run in it directly: the same rules as
 * @axe-core/playwright at a fraction of the cost (it re-injects axe and opens a page per call).
 */
export async function seriousViolations(page: Page, options: { include?: string } = {}) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    ([include, runOptions]) => (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } }).axe.run(include ? { include: [include] } : document, runOptions),
    [options.include ?? null, AXE_OPTIONS] as const,
  );
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    console.log(
      JSON.stringify(
        bad.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })) })),
        null,
        2,
      ),
    );
  }
  return bad;
}

/** The text inside a figure found by its caption (the caption itself excluded). */
function figureText(scope: Page | Locator, caption: string, inner: string): Locator {
  return scope.getByRole('figure', { name: caption, exact: true }).locator(inner);
}

export const base64 = (page: Page) => figureText(encryptResult(page), 'CiphertextBlob in Base64', 'p');
export const hex = (page: Page) => figureText(encryptResult(page), 'CiphertextBlob in Hex', 'p');
export const decrypted = (page: Page) => figureText(decryptResult(page), 'Decrypted plaintext', 'pre');
export const policyJson = (page: Page) => figureText(inspector(page), 'Key policy JSON', 'pre');
