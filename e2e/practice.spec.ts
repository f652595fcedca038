import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './helpers';
// The expected answers come from the engine here too (the generator and the evaluator, run in Node),
// never typed in: the browser must show the same puzzle and the engine's answer to it.
import { answerPolicyPuzzle, generatePuzzle, kindOf, type Level, type Puzzle, type PuzzleKind } from '../src/practice';
import { DECISION_CHOICES } from '../src/lessons/model';

// Practice (issue 18): generated puzzles whose answers the engine computes and explains.

test.use({ reducedMotion: 'reduce' });

const LABEL: Record<string, string> = Object.fromEntries(DECISION_CHOICES.map((c) => [c.id, c.label]));
const promptText = (p: Puzzle) => p.prompt.replace(/`/g, '');

/** The first puzzle of a kind at a level, from a seed on, that `ok` accepts. */
function find(level: Level, kind: PuzzleKind, ok: (p: Puzzle) => boolean = () => true, from = 0): Puzzle {
  for (let s = from; s < from + 5000; s++) {
    if (kindOf(level, s) !== kind) continue;
    const p = generatePuzzle(level, s);
    if (ok(p)) return p;
  }
  throw new Error(`no ${kind} puzzle`);
}

async function openPuzzle(page: Page, code: string) {
  await page.goto(`/#practice=${code}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Practice' })).toBeVisible();
  await expect(page.getByRole('article', { name: `Puzzle ${code}` })).toBeVisible();
}

test('decide: the learner answers, and reads the engine’s decision and its decision view', async ({ page }) => {
  const p = find(1, 'decide', (x) => {
    const a = answerPolicyPuzzle(x as Exclude<Puzzle, { kind: 'behaviour' }>);
    return a.kind === 'decide' && a.decision === 'ImplicitDeny';
  });
  const a = answerPolicyPuzzle(p as Exclude<Puzzle, { kind: 'behaviour' }>);
  if (a.kind !== 'decide') throw new Error('not decide');
  await openPuzzle(page, p.code);
  await expect(page.getByTestId('puzzle-prompt')).toHaveText(promptText(p));
  // The world is on screen: the key policy as the evaluator reads it.
  await expect(page.getByRole('region', { name: /^key policy of / })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('radio', { name: LABEL.Allow, exact: true }).check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  const fb = page.getByTestId('practice-feedback');
  await expect(fb).toContainText('✕ Not quite.');
  await expect(fb.getByTestId('engine-decision')).toHaveText(LABEL[a.decision]);
  await expect(fb).toContainText(a.evaluation.summary);
  // The explanation is the decision view itself, on the evaluation that decided.
  await expect(fb.locator('.ls-decision')).toBeVisible();
  await expect(fb.getByText(/Denied — implicit deny/).first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  // The topic's accuracy is kept: one attempt, none right.
  await expect(page.getByTestId(`topic-${p.topic}`)).toContainText('0 of 1 (0%)');
});

test('spot: the learner clicks the deciding statement, and the evaluator’s answer is shown on it', async ({ page }) => {
  const p = find(1, 'spot', (x) => {
    const a = answerPolicyPuzzle(x as Exclude<Puzzle, { kind: 'behaviour' }>);
    return a.kind === 'spot' && a.correct.length === 1 && a.evaluation.decision === 'ExplicitDeny' && !!a.candidates.find((c) => c.ref === a.correct[0])?.sid;
  });
  const a = answerPolicyPuzzle(p as Exclude<Puzzle, { kind: 'behaviour' }>);
  if (a.kind !== 'spot') throw new Error('not spot');
  const decider = a.candidates.find((c) => c.ref === a.correct[0])!;
  await openPuzzle(page, p.code);
  await expect(page.getByTestId('puzzle-prompt')).toHaveText(promptText(p));
  const button = page.getByRole('button', { name: new RegExp(`^“${decider.sid}” \\(Deny\\) in the `) });
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Check my answer' }).click();
  const fb = page.getByTestId('practice-feedback');
  await expect(fb).toContainText('✓ Correct.');
  await expect(fb.getByTestId('engine-deciders')).toContainText(`“${decider.sid}” (Deny)`);
  // The deciding statement is marked as such where the learner clicked it; the others are not.
  const item = page.locator('.pr-statement').filter({ has: button });
  await expect(item.getByTestId('statement-verdict')).toHaveText('✓ Decides · your choice');
  await expect(page.getByTestId('statement-verdict').filter({ hasText: '✓ Decides' })).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);
  await expect(page.getByTestId(`topic-${p.topic}`)).toContainText('1 of 1 (100%)');
});

test('fix: the unchanged policy misses the goal; the fix reaches it, checked request by request', async ({ page }) => {
  const p = find(1, 'fix', (x) => x.kind === 'fix' && x.target.kind === 'identity');
  if (p.kind !== 'fix') throw new Error('not fix');
  await openPuzzle(page, p.code);
  await expect(page.getByTestId('puzzle-prompt')).toHaveText(promptText(p));
  await expect(page.getByTestId('goal-request')).toHaveCount(p.goal.length);
  await page.getByRole('button', { name: 'Check my change' }).click();
  const fb = page.getByTestId('practice-feedback');
  await expect(fb).toContainText('✕ Not yet');
  await page.getByRole('button', { name: 'Show a fix' }).click();
  await page.getByRole('button', { name: 'Put it in the editor' }).click();
  await page.getByRole('button', { name: 'Check my change' }).click();
  await expect(fb).toContainText('✓ Goal reached');
  await expect(fb).toContainText('not counted as right');
  for (const [i, g] of p.goal.entries()) await expect(page.getByTestId('goal-result').nth(i)).toContainText(g.want === 'Allow' ? '✓ after your change: Allow' : '✓ after your change: Denied');
  // Each request's decision opens in the decision view.
  await page.getByRole('button', { name: 'Open the decision' }).first().click();
  await expect(page.locator('.ls-decision')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('a shared link opens the same puzzle for everyone, and a bad link says why', async ({ page, browser }) => {
  const p = find(2, 'decide', () => true, 300);
  await openPuzzle(page, p.code);
  await expect(page.getByTestId('puzzle-link')).toHaveText(new RegExp(`#practice=${p.code.replace(/\./g, '\\.')}$`));
  const student = await browser.newPage();
  await openPuzzle(student, p.code);
  await expect(student.getByTestId('puzzle-prompt')).toHaveText(promptText(p));
  expect(await student.getByTestId('puzzle-prompt').textContent()).toBe(await page.getByTestId('puzzle-prompt').textContent());
  await student.goto('/#practice=v1.9.__proto__');
  await expect(student.getByRole('alert')).toContainText('is not a practice puzzle');
  await student.close();
});

test('presentation mode: PageDown reveals the engine’s answer, then the next puzzle; PageUp goes back', async ({ page }) => {
  const p = find(1, 'decide', () => true, 40);
  const a = answerPolicyPuzzle(p as Exclude<Puzzle, { kind: 'behaviour' }>);
  if (a.kind !== 'decide') throw new Error('not decide');
  await openPuzzle(page, p.code);
  await page.getByRole('button', { name: 'Presentation mode' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-present', 'on');
  await page.getByTestId('puzzle-prompt').click();
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('engine-decision')).toHaveText(LABEL[a.decision]);
  await page.keyboard.press('PageDown');
  await expect(page.getByRole('article', { name: `Puzzle ${p.code}` })).toHaveCount(0);
  await expect(page).not.toHaveURL(new RegExp(`#practice=${p.code.replace(/\./g, '\\.')}$`));
  await page.keyboard.press('PageUp');
  await expect(page.getByRole('article', { name: `Puzzle ${p.code}` })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#practice=${p.code.replace(/\./g, '\\.')}$`));
  expect(await seriousViolations(page)).toEqual([]);
});
