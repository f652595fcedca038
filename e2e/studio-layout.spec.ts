import { expect, test, type Page } from '@playwright/test';
import { pauseAtFirstStep, seriousViolations } from './helpers';

// The Studio canvas at the sizes it is used at: every demo flow, first and last step — no node
// overflows its lane (the KMS boundary is a lane of its own), no two nodes overlap, and no moving
// chip (at rest, reduced motion) covers a node, a station inside the KMS boundary or another chip.

const DEMOS = [
  'Encrypt and decrypt',
  'Envelope encryption',
  'Envelope decryption',
  'ReEncrypt to another key',
  'Rotation keeps old ciphertexts readable',
  'Disable a key',
  'Crypto-shredding: delete the key',
  'Multi-Region key: decrypt in another Region',
  'AWS managed vs customer managed',
];

type Box = { x: number; y: number; w: number; h: number; name: string };

async function layoutProblems(page: Page): Promise<string[]> {
  return page.locator('.fl-canvas').evaluate((canvas) => {
    const box = (e: Element, name: string): Box => {
      const r = e.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height, name };
    };
    const overlap = (a: Box, b: Box) => a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1;
    const nameOf = (e: Element) => e.getAttribute('data-id') ?? e.className;
    const lanes = [...canvas.querySelectorAll('.react-flow__node-lane, .react-flow__node-kms')].map((e) => box(e, nameOf(e)));
    const nodes = [...canvas.querySelectorAll('.react-flow__node:not(.react-flow__node-lane):not(.react-flow__node-kms)')].map((e) => box(e, nameOf(e)));
    const out: string[] = [];
    for (const n of nodes) {
      const cx = n.x + n.w / 2;
      const lane = lanes.find((l) => cx >= l.x && cx <= l.x + l.w);
      if (!lane) out.push(`${n.name} is in no lane`);
      else if (n.x < lane.x - 1 || n.x + n.w > lane.x + lane.w + 1) out.push(`${n.name} overflows lane ${lane.name}`);
    }
    for (const k of canvas.querySelectorAll('.react-flow__node-kms')) for (const n of nodes) if (overlap(n, box(k, 'kms'))) out.push(`${n.name} overlaps the KMS boundary`);
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) if (overlap(nodes[i], nodes[j])) out.push(`${nodes[i].name} overlaps ${nodes[j].name}`);
    // The moving chips (the labelled messages on the edges) at rest: none may cover a node, nor a
    // station (or any other text) inside the KMS boundary.
    const covered = [
      ...nodes,
      ...[...canvas.querySelectorAll('.react-flow__node-kms .fl-station, .react-flow__node-kms .fl-kms__label, .react-flow__node-kms .fl-kms__foot')].map((e) => box(e, e.getAttribute('data-station') ?? e.className)),
    ];
    const chips = [...canvas.querySelectorAll('.fl-token')].map((t) => box(t, `chip "${t.textContent ?? ''}"`));
    for (const chip of chips) for (const n of covered) if (overlap(chip, n)) out.push(`${chip.name} covers ${n.name}`);
    for (let i = 0; i < chips.length; i++) for (let j = i + 1; j < chips.length; j++) if (overlap(chips[i], chips[j])) out.push(`${chips[i].name} overlaps ${chips[j].name}`);
    return out;
  });
}

const CONFIGS = [
  { name: '1280×800', width: 1280, height: 800, projector: false },
  { name: '1920×1080', width: 1920, height: 1080, projector: false },
  { name: 'projector theme, 1280×800', width: 1280, height: 800, projector: true },
];

for (const c of CONFIGS) {
  test(`Studio canvas at ${c.name}: every demo flow lays out without overlaps`, async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: c.width, height: c.height });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/#studio');
    if (c.projector) {
      await page.getByRole('button', { name: 'Presentation mode' }).click();
      await expect(page.locator('html')).toHaveAttribute('data-present', 'on');
    }
    const problems: string[] = [];
    for (const demo of DEMOS) {
      await page.getByRole('button', { name: demo, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText(`Studio: ${demo}`);
      if (!c.projector) await pauseAtFirstStep(page);
      for (const key of ['Home', 'End']) {
        await page.locator('body').press(key);
        await expect(page.locator('.fl-canvas .react-flow__node-lane').first()).toBeVisible();
        for (const p of await layoutProblems(page)) problems.push(`${demo} (${key}): ${p}`);
      }
    }
    await page.screenshot({ path: testInfo.outputPath(`studio-${c.width}${c.projector ? '-projector' : ''}.png`) });
    expect(problems).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
  });
}
