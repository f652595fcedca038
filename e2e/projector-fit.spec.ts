import { expect, test, type Page } from '@playwright/test';

// A whole class from the clicker (issue 20): in presentation mode (projector theme) at 1920×1080 and
// 1280×720, what the class must read fits — no scrollbar on the stage, no element of it outside the
// viewport — and body text is at least 24 px as rendered at 1080 lines (font size × CSS zoom × any
// transform), the same physical size (16 px) at 720 lines.
// Measured on the Studio (first and last step of a demo), every lesson's first screen, and the
// timed exam walked with the clicker.

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
];

// Lessons listed in the course (src/lessons/content), each opened at its first screen.
const LESSONS = ['regional-service', 'crypto-operations', 'cmk-anatomy', 'encrypt-4kb', 'envelope-encryption', 'aws-managed-keys', 'rotation-backing-keys', 'aliases', 'trust-not-automatic', 'role-separation', 'encryption-context', 'grants', 'via-service', 'cross-account', 'disable-vs-delete', 'import-key-material', 'multi-region-keys', 'asymmetric-signing'];

// Not body text: keyboard hints and eyebrow labels above a heading (upper-case meta lines), and the
// screen-reader-only text. The flow diagram is measured apart (its labels scale with the canvas).
const NOT_BODY = 'kbd, .sr-only, .pl-narration__meta, .ls-step__meta, .ex-q__num, .ls-predict__tag, .ls-crumbs, .st-demos__label';

interface Fit {
  scroll: string[];
  outside: string[];
  small: string[];
}

/** What does not fit on the stage (the main area), and which body text is under 24 px. */
async function fit(page: Page): Promise<Fit> {
  // 24 px at 1080 lines; on a 720-line projector the same physical size is 16 px.
  const min = 24 * (page.viewportSize()!.height / 1080);
  return page.evaluate(([notBody, min]) => {
    const vw = innerWidth;
    const vh = innerHeight;
    const main = document.querySelector('#main')!;
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`;
    const out: Fit = { scroll: [], outside: [], small: [] };
    const doc = document.scrollingElement!;
    if (doc.scrollHeight > vh + 1 || doc.scrollWidth > vw + 1) out.scroll.push(`the page scrolls (${doc.scrollWidth}×${doc.scrollHeight})`);
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== main; p = p.parentElement) {
        const o = getComputedStyle(p);
        if (o.overflow === 'hidden' || o.overflow === 'clip') return true;
      }
      return false;
    };
    for (const el of [main, ...main.querySelectorAll('*')]) {
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden' || el.closest('.sr-only, dialog:not([open]), details:not([open]) > :not(summary)')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const scrolls = (['auto', 'scroll'].includes(cs.overflowY) && el.scrollHeight > el.clientHeight + 1) || (['auto', 'scroll'].includes(cs.overflowX) && el.scrollWidth > el.clientWidth + 1);
      if (scrolls) out.scroll.push(`${name(el)} scrolls (${el.scrollHeight} > ${el.clientHeight})`);
      if (!clipped(el) && (r.right > vw + 1 || r.bottom > vh + 1 || r.left < -1 || r.top < -1)) out.outside.push(`${name(el)} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
      if (el.closest('.fl-canvas') || el.closest(notBody)) continue;
      const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (!text) continue;
      const html = el as HTMLElement;
      const zoom = html.currentCSSZoom ?? 1;
      const transform = html.offsetHeight ? r.height / (html.offsetHeight * zoom) : 1;
      const px = parseFloat(cs.fontSize) * zoom * transform;
      if (px < min - 0.5) out.small.push(`${name(el)} “${el.textContent!.trim().slice(0, 30)}” ${px.toFixed(1)} px`);
    }
    out.outside = [...new Set(out.outside)].slice(0, 10);
    out.small = [...new Set(out.small)].slice(0, 15);
    return out;
  }, [NOT_BODY, min] as const);
}

async function expectFits(page: Page, where: string) {
  const f = await fit(page);
  expect.soft(f.scroll, `${where}: nothing on the stage scrolls`).toEqual([]);
  expect.soft(f.outside, `${where}: nothing outside the viewport`).toEqual([]);
  expect.soft(f.small, `${where}: body text large enough`).toEqual([]);
}

async function present(page: Page) {
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-present', 'on');
}

for (const size of SIZES) {
  test.describe(`${size.width}×${size.height}`, () => {
    test.use({ viewport: size, reducedMotion: 'reduce' });
    test.describe.configure({ timeout: 300_000 });

    test(`every lesson's first screen fits, in large type (${size.width}×${size.height})`, async ({ page }) => {
      await page.goto('/#lessons');
      await present(page);
      for (const id of LESSONS) {
        await page.evaluate((h) => { location.hash = h; }, `lessons/${id}`);
        await expect(page.getByTestId('ask-the-class')).toContainText(/^Part 1 · /);
        await expectFits(page, id);
      }
    });

    test(`the Studio and the timed exam fit, in large type (${size.width}×${size.height})`, async ({ page }) => {
      await page.goto('/#studio');
      await expect(page.getByRole('button', { name: 'Envelope encryption', exact: true })).toBeEnabled();
      await present(page);
      await page.getByRole('button', { name: 'Envelope encryption', exact: true }).click();
      await expect(page.locator('.pl-narration__meta')).toContainText(/^Step 1 of \d+/);
      await expectFits(page, 'Studio, first step');
      await page.keyboard.press('End');
      await expect(page.locator('.pl-narration__meta')).toContainText(/^Step (\d+) of \1/);
      await expectFits(page, 'Studio, last step');

      await page.keyboard.press('s');
      await page.getByRole('dialog', { name: 'Go to a section' }).getByRole('button', { name: /Exam practice/ }).click();
      await page.getByRole('button', { name: 'Timed exam' }).click();
      await expectFits(page, 'timed exam, set-up');
      await page.getByRole('button', { name: 'Start the timed exam' }).click();
      const legend = page.locator('.ex-q__prompt .ex-q__num');
      await expect(legend).toContainText(/^Question 1 of 10/);
      await expectFits(page, 'timed exam, question 1');
      // The clicker walks the questions.
      await page.keyboard.press('PageDown');
      await expect(legend).toContainText(/^Question 2 of 10/);
      await expectFits(page, 'timed exam, question 2');
      await page.keyboard.press('PageUp');
      await expect(legend).toContainText(/^Question 1 of 10/);
    });
  });
}
