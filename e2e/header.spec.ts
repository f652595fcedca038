import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

// The header's controls must not overlap at either size the app is designed for (VISUAL.md "Layout").
for (const [width, height] of [
  [1280, 800],
  [1920, 1080],
] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`header at ${width}×${height} (${scheme}): nothing overlaps`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await openApp(page);
      // Measure once the web fonts are in: a late font changes every width.
      await page.evaluate(async () => void (await document.fonts.ready));
      const overlaps = await page.evaluate(() => {
        const els = [...document.querySelectorAll<HTMLElement>('.app-header button, .app-header select, .app-header time, .app-header .hdr-field__label, .app-header .brand')];
        const boxes = els.map((e) => ({ e, r: e.getBoundingClientRect() }));
        const out: string[] = [];
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i];
            const b = boxes[j];
            if (a.e.contains(b.e) || b.e.contains(a.e) || !a.r.width || !b.r.width) continue;
            if (a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5)
              out.push(`${a.e.textContent?.trim() || a.e.getAttribute('aria-label')} × ${b.e.textContent?.trim() || b.e.getAttribute('aria-label')}`);
          }
        return out;
      });
      expect(overlaps).toEqual([]);
      // Every header control is inside the viewport.
      for (const name of ['Advance the simulated clock by 1 year', 'Share a link to this workspace', 'Presentation mode']) {
        const box = await page.getByRole('button', { name }).boundingBox();
        expect(box && box.x + box.width <= width).toBe(true);
      }
      const shot = testInfo.outputPath(`header-${width}-${scheme}.png`);
      await page.screenshot({ path: shot, clip: { x: 0, y: 0, width, height: 120 } });
      await testInfo.attach(`header ${width} ${scheme}`, { path: shot, contentType: 'image/png' });
    });
  }
}
