// The engine's answer to a puzzle, with what proves it: the AccessEvaluation (for the decision
// view) for policy puzzles, the calls' traces (for the step player) for behaviour puzzles.
// Nothing here is typed in: decisions come from the evaluator, deciding statements from its
// decidedBy, behaviour from running the steps through the KMS engine.
import { seededIds, type World } from '@kms-lab/engine';
import type { AccessEvaluation, Decision } from '@kms-lab/engine/policy';
import { describeProblem, loadScenario, type RequestResult, type Scenario } from '@kms-lab/engine/scenario';
import { defaultPrincipal, performAction, type ActionOutcome } from '../lessons/actions';
import { EPOCH } from '../lessons/author';
import { pathIn, type Results } from '../lessons/values';
import { decidingRefs, evaluateRequests, evaluationOf, statementRef } from './evaluate';
import { signatureOf, type Signature } from './fix';
import { spotCategory } from './generate';
import type { BehaviourPuzzle, DecidePuzzle, FixPuzzle, Puzzle, SpotPuzzle } from './model';

/** A statement (or grant) a Spot learner can choose, as the evaluator saw it. */
export interface SpotCandidate {
  ref: string;
  policyId: string;
  /** "key policy of arn:…", "identity policy Policy1 of role/etl", "grant nightly-export (…)" */
  policyLabel: string;
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** The statement's JSON text, exactly as in the policy the evaluator read. */
  text: string;
}

export const NOTHING_DECIDES = 'none';

export type PolicyAnswer =
  | { kind: 'decide'; decision: Decision; result: RequestResult; evaluation: AccessEvaluation }
  | { kind: 'spot'; correct: string[]; category: string; candidates: SpotCandidate[]; result: RequestResult; evaluation: AccessEvaluation }
  | { kind: 'fix'; signature: Signature | 'holds'; before: RequestResult[] };

export interface BehaviourAnswer {
  kind: 'behaviour';
  /** The observed outcome or value. */
  observed: string | number | null;
  correct: string[];
  outcomes: { stepId: string; narration: string; outcome: ActionOutcome }[];
  problems: string[];
  /** The scratch world after the steps (what the step player draws the flow against). */
  world?: World;
}

export type PuzzleAnswer = PolicyAnswer | BehaviourAnswer;

/** Every statement of every policy the evaluation read, and every grant, each once. */
export function spotCandidates(ev: AccessEvaluation): SpotCandidate[] {
  const out: SpotCandidate[] = [];
  const seen = new Set<string>();
  for (const layer of ev.layers) {
    for (const p of layer.policies) {
      for (const s of p.statements) {
        const ref = statementRef(p.policyId, s.statement.index);
        if (seen.has(ref)) continue;
        seen.add(ref);
        const r = s.statement.range;
        out.push({ ref, policyId: p.policyId, policyLabel: p.label, index: s.statement.index, ...(s.statement.sid ? { sid: s.statement.sid } : {}), effect: s.statement.effect, text: p.text.slice(r.start.offset, r.end.offset) });
      }
    }
    for (const g of layer.grants ?? []) {
      const ref = `grant:${g.grant.grantId}`;
      if (seen.has(ref)) continue;
      seen.add(ref);
      const { grantId, name, granteePrincipal, operations, constraints } = g.grant;
      out.push({ ref, policyId: ref, policyLabel: `grant ${name ? `"${name}" (${grantId})` : grantId}`, index: 0, effect: 'Allow', text: JSON.stringify({ GrantId: grantId, ...(name ? { Name: name } : {}), GranteePrincipal: granteePrincipal, Operations: operations, ...(constraints ? { Constraints: constraints } : {}) }, null, 2) });
    }
  }
  return out;
}

export function answerPolicyPuzzle(p: DecidePuzzle | SpotPuzzle | FixPuzzle): PolicyAnswer {
  if (p.kind === 'fix') {
    const before = evaluateRequests(p.scenario, p.goal.map((g) => g.request));
    return { kind: 'fix', signature: signatureOf(p.goal, before), before };
  }
  const result = evaluateRequests(p.scenario)[0];
  const evaluation = evaluationOf(result);
  if (p.kind === 'decide') return { kind: 'decide', decision: evaluation.decision, result, evaluation };
  const refs = decidingRefs(evaluation);
  return { kind: 'spot', correct: refs.length ? refs : [NOTHING_DECIDES], category: spotCategory(evaluation), candidates: spotCandidates(evaluation), result, evaluation };
}

/** Loads a puzzle's scenario into a fresh world (seeded ids, the puzzle's clock). */
export async function puzzleWorld(scenario: Scenario, code: string) {
  const loaded = await loadScenario(scenario, { ids: seededIds(`practice:${code}`), now: new Date(scenario.clock ?? EPOCH) });
  if (!loaded.ok) throw new Error(`Practice ${code}: the scenario is invalid: ${loaded.problems.map(describeProblem).join('; ')}`);
  return loaded.world;
}

/** Runs a behaviour puzzle's steps in a scratch world and reads what it asks about. */
export async function answerBehaviour(p: BehaviourPuzzle): Promise<BehaviourAnswer> {
  const world = await puzzleWorld(p.scenario, p.code);
  const results: Results = new Map();
  const outcomes: BehaviourAnswer['outcomes'] = [];
  const problems: string[] = [];
  const region = p.scenario.defaultRegion ?? 'us-east-1';
  for (const s of p.steps) {
    const outcome = await performAction(world, s.action, results, { region, principal: defaultPrincipal() });
    results.set(s.id, outcome.ok ? outcome.result : { Error: outcome.error });
    outcomes.push({ stepId: s.id, narration: s.narration, outcome });
  }
  const read = outcomes.find((o) => o.stepId === p.read.step)?.outcome;
  let observed: string | number | null = null;
  if (!read) problems.push(`no step ${p.read.step}`);
  else if (!read.ok) observed = read.error?.name ?? 'an error';
  else if (p.read.path) {
    const v = pathIn(read.result, p.read.path);
    observed = typeof v === 'string' || typeof v === 'number' ? v : null;
    if (observed === null) problems.push(`step ${p.read.step} has no ${p.read.path}`);
  } else observed = 'success';
  const correct = p.choices.filter((c) => c.value === observed).map((c) => c.id);
  if (correct.length !== 1) problems.push(`${correct.length} choices match what the engine did (${String(observed)})`);
  return { kind: 'behaviour', observed, correct, outcomes, problems, world };
}

export async function answerPuzzle(p: Puzzle): Promise<PuzzleAnswer> {
  return p.kind === 'behaviour' ? answerBehaviour(p) : answerPolicyPuzzle(p);
}

/** The answer's outcome class, for the balance measure: a decision, what decides, how a goal fails, what happened. */
export function outcomeOf(a: PuzzleAnswer): string {
  if (a.kind === 'decide') return a.decision;
  if (a.kind === 'spot') return a.category;
  if (a.kind === 'fix') return a.signature;
  return String(a.observed);
}

/**
 * The puzzle as a kms-scenario/1 file for `npm run simulate`: its world and its requests (Decide
 * and Spot: the question; Fix: the goal's requests, in the world before the fix). With `answer`,
 * each request carries the engine's decision as `expect`, so simulate exits 0 exactly when it
 * reaches the same answer. Behaviour puzzles export their starting world (their steps are
 * operations, which a scenario file does not hold).
 */
export function exportPuzzle(p: Puzzle, answer?: PolicyAnswer): Scenario {
  const s = structuredClone(p.scenario);
  if (!answer || !s.requests) return s;
  const decisions = answer.kind === 'fix' ? answer.before.map((r) => r.decision) : [answer.result.decision];
  s.requests = s.requests.map((r, i) => ({ ...r, expect: decisions[i] }));
  return s;
}
