// The generator's quality, measured (issue 18): over N seeds of a level, every puzzle parses and
// is valid, has exactly one answer, no outcome is above half, no two seeds in a row give the
// same puzzle. Used by quality.level*.test.ts (one file per level, so the levels run side by side)
// and by `npx tsx src/practice/quality-report.ts` (the counts and the balance, printed).
import { parseScenario } from '@kms-lab/engine/scenario';
import { answerBehaviour, answerPolicyPuzzle, NOTHING_DECIDES, outcomeOf, type BehaviourAnswer, type PuzzleAnswer } from './answer';
import { checkFix, referenceText } from './fix';
import { generatePuzzle } from './generate';
import type { BehaviourPuzzle, Level, Puzzle } from './model';

export interface QualityReport {
  level: Level;
  seeds: number;
  /** Puzzles per kind, per topic, per template. */
  kinds: Record<string, number>;
  topics: Record<string, number>;
  templates: Record<string, number>;
  /** Outcomes per kind (decide: the decision; spot: what decides; fix: how the goal fails; behaviour: what happened). */
  outcomes: Record<string, Record<string, number>>;
  /** Problems found, with the puzzle's code (empty when every guarantee holds). */
  problems: string[];
  /** Behaviour puzzles with the same steps share one run of the engine: how many distinct runs. */
  behaviourRuns: number;
  ms: number;
}

/** The puzzle's content without its code and seed (two seeds giving this same content would be the same puzzle). */
export const contentOf = (p: Puzzle): string => {
  const { code: _c, seed: _s, ...rest } = p;
  return JSON.stringify(rest);
};

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

/** One answer per distinct behaviour content (the steps, world and question): the engine's run is deterministic for it. */
export class BehaviourRuns {
  private runs = new Map<string, Promise<BehaviourAnswer>>();
  get size() {
    return this.runs.size;
  }
  answer(p: BehaviourPuzzle): Promise<BehaviourAnswer> {
    const key = JSON.stringify([p.scenario, p.steps, p.read]);
    let run = this.runs.get(key);
    if (!run) this.runs.set(key, (run = answerBehaviour(p)));
    return run.then((a) => {
      const correct = p.choices.filter((c) => c.value === a.observed).map((c) => c.id);
      const problems = correct.length === 1 ? [] : [`${correct.length} choices match what the engine did (${String(a.observed)})`];
      return { ...a, correct, problems };
    });
  }
}

/** The problems of one puzzle and its answer (empty when it is a good puzzle). */
export function puzzleProblems(p: Puzzle, a: PuzzleAnswer): string[] {
  const out: string[] = [];
  if (a.kind === 'decide') {
    if (a.evaluation.errors.length) out.push(`evaluation errors: ${a.evaluation.errors.map((e) => e.message).join('; ')}`);
  } else if (a.kind === 'spot') {
    const refs = new Set(a.candidates.map((c) => c.ref));
    if (!a.correct.length) out.push('no deciding statement and no “nothing allows it”');
    for (const r of a.correct) if (r !== NOTHING_DECIDES && !refs.has(r)) out.push(`deciding ${r} is not among the statements shown`);
    if ((a.correct[0] === NOTHING_DECIDES) !== (a.evaluation.decision === 'ImplicitDeny')) out.push(`“nothing allows it” does not match ${a.evaluation.decision}`);
    if (a.candidates.length < 2) out.push('fewer than two statements to choose from');
  } else if (a.kind === 'fix') {
    if (a.signature === 'holds') out.push('the goal already holds: nothing to fix');
    if (p.kind === 'fix') {
      const ref = checkFix(p, referenceText(p));
      if (!ref.ok || !ref.reached) out.push(`the reference change does not reach the goal: ${ref.problems.join('; ')}`);
      if (ref.removed + ref.added === 0 || ref.removed > 1 || ref.added > 1) out.push('the reference change is not one statement');
    }
  } else out.push(...a.problems);
  return out;
}

export async function measureLevel(level: Level, seeds: number, opts: { validate?: boolean } = {}): Promise<QualityReport> {
  const t0 = performance.now();
  const report: QualityReport = { level, seeds, kinds: {}, topics: {}, templates: {}, outcomes: {}, problems: [], behaviourRuns: 0, ms: 0 };
  const runs = new BehaviourRuns();
  let previous: string | undefined;
  for (let seed = 0; seed < seeds; seed++) {
    const p = generatePuzzle(level, seed);
    const again = contentOf(p);
    if (again === previous) report.problems.push(`${p.code}: the same puzzle as seed ${seed - 1}`);
    previous = again;
    if (opts.validate !== false) {
      const parsed = parseScenario(p.scenario);
      if (!parsed.ok) report.problems.push(`${p.code}: invalid scenario: ${parsed.problems.map((x) => `${x.path}: ${x.message}`).join('; ')}`);
    }
    const a = p.kind === 'behaviour' ? await runs.answer(p) : answerPolicyPuzzle(p);
    for (const problem of puzzleProblems(p, a)) report.problems.push(`${p.code}: ${problem}`);
    bump(report.kinds, p.kind);
    bump(report.topics, p.topic);
    bump(report.templates, p.template);
    bump((report.outcomes[p.kind] ??= {}), outcomeOf(a));
  }
  report.behaviourRuns = runs.size;
  report.ms = Math.round(performance.now() - t0);
  return report;
}

/** The largest share of one outcome within a kind, per kind. */
export function largestShares(r: QualityReport): Record<string, { outcome: string; share: number }> {
  const out: Record<string, { outcome: string; share: number }> = {};
  for (const [kind, counts] of Object.entries(r.outcomes)) {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const [outcome, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
    out[kind] = { outcome, share: n / total };
  }
  return out;
}
