import { expect, test, type Page } from '@playwright/test';
import { createKey, encryptText, encryptResult, pauseAtFirstStep, seriousViolations } from './helpers';

// The flow canvas and step player (issue 4): every demo flow is built from real engine calls.

const ALLOWED_TOKENS = ['request', 'plaintext', 'ciphertext', 'dk-plain', 'dk-enc', 'envelope', 'record'];

async function openStudio(page: Page) {
  await page.goto('/#studio');
  await expect(page.getByRole('heading', { level: 1, name: /^Studio/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Encrypt and decrypt' })).toBeEnabled();
}

const narration = (page: Page) => page.getByTestId('narration');
const slider = (page: Page) => page.getByRole('slider', { name: 'Step' });
const steps = (page: Page) => page.getByRole('navigation', { name: 'Steps' });
const boundary = (page: Page) => page.getByRole('region', { name: /^AWS KMS boundary, us-east-1$/ });

/** Runs a demo and stops it on its first step; returns the number of steps. */
async function loadDemo(page: Page, name: string): Promise<number> {
  await page.getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  await pauseAtFirstStep(page);
  const max = Number(await slider(page).getAttribute('max'));
  expect(max).toBeGreaterThan(3);
  return max;
}

/** Jumps to a step through the step list (pauses the player). */
async function goToStep(page: Page, title: RegExp, nth = 0) {
  await steps(page).getByRole('button', { name: title }).nth(nth).click();
}

async function goEnd(page: Page) {
  await page.locator('body').press('End');
}

/** The CMK exists only inside the KMS boundary in the DOM, and no token carries anything but data keys, data, requests, records. */
async function expectCmkInside(page: Page) {
  await expect(boundary(page)).toBeVisible();
  const inside = await boundary(page).locator('[data-kind="cmk"]').count();
  expect(inside).toBe(1);
  expect(await page.locator('[data-kind="cmk"]').count()).toBe(inside);
  for (const t of await page.locator('[data-token]').all()) expect(ALLOWED_TOKENS).toContain(await t.getAttribute('data-token'));
}

async function axe(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

test.describe('with reduced motion', () => {
  test.beforeEach(async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await openStudio(page);
  });

  test('envelope encryption: two copies of the data key, local encrypt, the plaintext key ghosted as "discarded"', async ({ page }) => {
    const n = await loadDemo(page, 'Envelope encryption');
    // Walk every step with the keyboard: the CMK never leaves the boundary at any step.
    await page.locator('body').press('Home');
    await expect(slider(page)).toHaveValue('1');
    await expect(narration(page)).toContainText('You call GenerateDataKey in us-east-1.');
    for (let i = 2; i <= n; i++) {
      await page.locator('body').press('ArrowRight');
      await expect(slider(page)).toHaveValue(String(i));
      await expectCmkInside(page);
    }
    await goToStep(page, /Return both copies of the data key/);
    await expect(narration(page)).toContainText('KMS returns two copies of the data key: one plaintext, one encrypted under your CMK.');
    await expect(page.locator('[data-token="dk-plain"]')).toBeVisible();
    await expect(page.locator('[data-token="dk-enc"]')).toBeVisible();
    await goToStep(page, /Encrypt locally/);
    await expect(narration(page)).toContainText('KMS never sees your data');
    await goEnd(page);
    const ghost = page.getByRole('group', { name: 'Plaintext data key, discarded' });
    await expect(ghost).toBeVisible();
    await expect(ghost).toContainText('discarded');
    await expect(page.getByRole('group', { name: 'Encrypted data key (CiphertextBlob)' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Storage' })).toContainText('encrypted data key');
    await expect(narration(page)).toContainText('You store the encrypted data key next to the ciphertext');
    await page.screenshot({ path: 'test-results/studio-envelope-1280.png' });
    await axe(page);
  });

  test('envelope decryption: Decrypt the data key, decrypt locally, discard the key again', async ({ page }) => {
    await loadDemo(page, 'Envelope decryption');
    await page.locator('body').press('Home');
    await expect(narration(page)).toContainText('You open the envelope');
    await goToStep(page, /Return the plaintext data key/);
    await expect(narration(page)).toContainText('KMS returns the plaintext data key to you');
    await goToStep(page, /Decrypt locally/);
    await expect(narration(page)).toContainText('Your app decrypts');
    await goEnd(page);
    await expect(page.getByRole('group', { name: 'Plaintext data key, discarded' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Plaintext data', exact: true })).toBeVisible();
    await expectCmkInside(page);
    await axe(page);
  });

  test('Encrypt and decrypt, and ReEncrypt: the plaintext never leaves KMS', async ({ page }) => {
    await loadDemo(page, 'Encrypt and decrypt');
    await goToStep(page, /Encrypt under the CMK/);
    await expect(narration(page)).toContainText('KMS encrypts');
    await expect(page.getByRole('group', { name: 'Ciphertext' })).toContainText('department');
    await goEnd(page);
    await expect(narration(page)).toContainText('CloudTrail event Decrypt');
    await expect(page.getByRole('group', { name: 'Plaintext data', exact: true })).toBeVisible();

    await loadDemo(page, 'ReEncrypt to another key');
    await goToStep(page, /Encrypt under the CMK/, 1);
    await expect(narration(page)).toContainText('the plaintext never left KMS');
    await goEnd(page);
    await expect(page.getByRole('group', { name: 'New ciphertext (ReEncrypt)' })).toBeVisible();
    await expectCmkInside(page);
    await axe(page);
  });

  test('rotation adds a backing key; the old one still decrypts the old ciphertext', async ({ page }) => {
    await loadDemo(page, 'Rotation keeps old ciphertexts readable');
    await goToStep(page, /Select key material/);
    await expect(boundary(page).getByRole('list', { name: 'Backing keys: 1' })).toBeVisible();
    await goToStep(page, /Rotate the key material/);
    await expect(narration(page)).toContainText('old material stays to decrypt old ciphertexts');
    const cards = boundary(page).getByRole('list', { name: 'Backing keys: 2' });
    await expect(cards).toBeVisible();
    await expect(cards.getByRole('listitem').filter({ hasText: 'v2' })).toContainText('current');
    // The Decrypt of the old ciphertext selects v1, which is no longer current.
    await page.getByRole('button', { name: 'Transcript' }).click();
    await page.getByRole('row').filter({ hasText: 'KMS picks the key material the ciphertext names' }).getByRole('button').click();
    await page.getByRole('button', { name: 'Graph' }).click();
    await expect(cards.getByRole('listitem').filter({ hasText: 'v1' })).toContainText('in use');
    await expect(cards.getByRole('listitem').filter({ hasText: 'v1' })).not.toContainText('current');
    await goEnd(page);
    await expect(narration(page)).toContainText('CloudTrail event Encrypt');
    await axe(page);
  });

  test('a disabled key: the token stops at the failing stage with DisabledException; enabling brings the data back', async ({ page }) => {
    await loadDemo(page, 'Disable a key');
    await goToStep(page, /Fails: DisabledException/);
    await expect(narration(page)).toContainText('fails at the check-state stage with DisabledException');
    const cmk = boundary(page).getByRole('group', { name: /^CMK / });
    await expect(cmk.getByRole('img', { name: 'Failed: DisabledException' })).toBeVisible();
    await expect(cmk).toContainText('Disabled');
    await expect(page.locator('.fl-token.is-failed')).toContainText('DisabledException');
    // The step list marks the failure; the call never reached authorization.
    await expect(steps(page).getByRole('button', { name: /Failed: Fails: DisabledException/ })).toBeVisible();
    await goEnd(page);
    await expect(narration(page)).toContainText('CloudTrail event Decrypt');
    await expect(narration(page)).not.toContainText('error');
    await page.screenshot({ path: 'test-results/studio-disable-1280.png' });
    await axe(page);
  });

  test('crypto-shredding: once the key is deleted, its ciphertext can never be decrypted', async ({ page }) => {
    await loadDemo(page, 'Crypto-shredding: delete the key');
    await goToStep(page, /Time passes: the key is deleted/);
    await expect(narration(page)).toContainText('The waiting period ends and KMS deletes');
    const cmk = boundary(page).getByRole('group', { name: /^CMK .*, deleted$/ });
    await expect(cmk).toContainText('deleted — its ciphertexts are unrecoverable');
    await goEnd(page);
    await expect(narration(page)).toContainText('error AccessDeniedException');
    await expect(page.getByRole('group', { name: 'Storage' })).toContainText('ciphertext');
    await axe(page);
  });

  test('the transcript lists the same steps and follows the cursor', async ({ page }) => {
    const n = await loadDemo(page, 'Encrypt and decrypt');
    await page.locator('body').press('Home');
    await page.getByRole('button', { name: 'Transcript' }).click();
    const table = page.getByRole('table', { name: /Transcript of Encrypt and decrypt/ });
    await expect(table.locator('tbody tr')).toHaveCount(n);
    await expect(steps(page).getByRole('listitem')).toHaveCount(n);
    for (const i of [1, 2, 5]) {
      if (i > 1) for (let k = 0; k < (i === 2 ? 1 : 3); k++) await page.locator('body').press('ArrowRight');
      const current = table.locator('tr[aria-current="step"]');
      await expect(current).toHaveCount(1);
      await expect(current.getByRole('button')).toHaveText(String(i));
      const said = (await narration(page).textContent())?.replace(/^Step \d+ of \d+\. /, '') ?? '';
      await expect(current).toContainText(said.slice(0, 40));
    }
    await page.screenshot({ path: 'test-results/studio-transcript-1280.png' });
    await axe(page);
  });

  test('a breakpoint stops before authorization; Play goes on to the next one', async ({ page }) => {
    await page.getByLabel('Speed').selectOption('4');
    await page.getByRole('button', { name: 'Pause before authorize' }).click();
    await expect(page.getByRole('button', { name: 'Pause before authorize' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'Encrypt and decrypt', exact: true }).click();
    await expect(page.getByText(/Paused at a breakpoint, before step \d+: Authorize kms:Encrypt/)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    // The step shown is the one just before authorization.
    await expect(narration(page)).toContainText('KMS checks the key usage');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(page.getByText(/Paused at a breakpoint, before step \d+: Authorize kms:Decrypt/)).toBeVisible({ timeout: 20_000 });
    // A breakpoint on one step, from the step list.
    await page.getByRole('button', { name: 'Pause before authorize' }).click();
    const last = Number(await slider(page).getAttribute('max'));
    await steps(page).getByRole('button', { name: `Breakpoint before step ${last}` }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(page.getByText(new RegExp(`Paused at a breakpoint, before step ${last}:`))).toBeVisible({ timeout: 20_000 });
    await expect(slider(page)).toHaveValue(String(last - 1));
    await axe(page);
  });

  test('reduced motion: the same steps, instantly — tokens sit at rest, halfway along their edge', async ({ page }) => {
    const n = await loadDemo(page, 'Envelope encryption');
    await goToStep(page, /Return both copies/);
    const token = page.locator('[data-token="dk-plain"]');
    await expect(token).toHaveCSS('offset-distance', '50%');
    // The toggle gives the same result without the system setting.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.getByLabel('Reduced motion').check();
    await loadDemo(page, 'Envelope encryption');
    expect(Number(await slider(page).getAttribute('max'))).toBe(n);
    await goToStep(page, /Return both copies/);
    await expect(page.locator('[data-token="dk-plain"]')).toHaveCSS('offset-distance', '50%');
    await axe(page);
  });
});

test('the detail level on screen: "Every check" or "One idea per step", reached with Tab, and D switches; the flow keeps its place', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openStudio(page);
  const full = await loadDemo(page, 'Envelope encryption');
  const detail = page.getByRole('toolbar', { name: 'Step player' }).getByRole('group', { name: 'Detail (D)' });
  const every = detail.getByRole('button', { name: 'Every check' });
  const oneIdea = detail.getByRole('button', { name: 'One idea per step' });
  await expect(every).toHaveAttribute('aria-pressed', 'true');
  await expect(oneIdea).toHaveAttribute('aria-pressed', 'false');
  const listed = await steps(page).getByRole('listitem').count();
  expect(listed).toBe(full);
  await axe(page);

  // From the Speed select, Tab reaches the toggle; Enter chooses one idea per step.
  await page.getByLabel('Speed').focus();
  for (let i = 0; i < 8 && !(await oneIdea.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(oneIdea).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(oneIdea).toHaveAttribute('aria-pressed', 'true');
  await expect(every).toHaveAttribute('aria-pressed', 'false');
  await expect(slider(page)).toHaveAttribute('max', /\d+/);
  const folded = Number(await slider(page).getAttribute('max'));
  expect(folded).toBeLessThan(full);
  await expect(steps(page).getByRole('listitem')).toHaveCount(folded);
  await page.getByRole('button', { name: 'Forward' }).click();
  await expect(narration(page)).toContainText('KMS checks the GenerateDataKey request, and every check passes');

  // D on the keyboard switches back to every check, still at the same point of the flow.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('d');
  await expect(every).toHaveAttribute('aria-pressed', 'true');
  await expect(slider(page)).toHaveAttribute('max', String(full));
  await expect(narration(page)).not.toContainText('every check passes');
  await expect(narration(page)).toContainText(/GenerateDataKey/);
  await axe(page);
});

test('keyboard shortcuts: Space plays and pauses, arrows step, Home and End jump; a flow plays to the end with motion', async ({ page }) => {
  // The test's clock: time in the page stands still once paused, so playback moves only when the
  // test runs the clock; nothing here races the player's dwell timers, however loaded the machine.
  await page.clock.install();
  await openStudio(page);
  await page.getByLabel('Speed').selectOption('4');
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
  await page.getByRole('button', { name: 'Encrypt and decrypt', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  // Keys go to the page, not to the focused demo button (Space would press it).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const at = Number(await slider(page).inputValue());
  await page.locator('body').press('ArrowRight');
  await expect(slider(page)).toHaveValue(String(at + 1));
  await page.locator('body').press('ArrowLeft');
  await expect(slider(page)).toHaveValue(String(at));
  await page.locator('body').press('End');
  const max = await slider(page).getAttribute('max');
  await expect(slider(page)).toHaveValue(max!);
  await page.locator('body').press('Home');
  await expect(slider(page)).toHaveValue('1');
  // Play to the end at 4×, with motion: the player stops on the last step.
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(slider(page)).toHaveValue('1');
  // Every step's dwell and every token's travel, at 4×, is far less than a minute of page time.
  await page.clock.runFor(60_000);
  await expect(slider(page)).toHaveValue(max!);
  await expect(page.getByRole('button', { name: 'Replay', exact: true })).toBeVisible();
  await expect(narration(page)).toContainText('CloudTrail event Decrypt');
  await expect(page.locator('[data-token]').first()).toHaveCSS('offset-distance', '50%');
  await page.screenshot({ path: 'test-results/studio-motion-1280.png' });
  // Time flows again for axe (it schedules its own timers).
  await page.clock.resume();
  await axe(page);
});

test('"Play this flow" opens a Workbench call in the Studio', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Create key' })).toBeEnabled();
  await createKey(page, 'Player demo');
  await encryptText(page, 'play me');
  await encryptResult(page).getByRole('button', { name: 'Play this flow' }).click();
  await expect(page).toHaveURL(/#studio$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Studio: Encrypt');
  await pauseAtFirstStep(page);
  await expect(narration(page)).toContainText('You call Encrypt in us-east-1.');
  await goEnd(page);
  await expect(page.getByRole('group', { name: 'Ciphertext' })).toBeVisible();
  await expectCmkInside(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: 'test-results/studio-encrypt-1920.png' });
  await axe(page);
});
