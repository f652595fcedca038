// The headless lesson runner. Loads a lesson's scenario into a real world, runs its steps one by
// one (the UI's player does the same through a LessonSession), computes each predict answer from
// what the engine actually did, checks the goal on a copy of the world, and applies the reference
// solution. Pure TypeScript over the engine; no UI, no store.
import { createWorld, DEFAULT_REGION, seededIds, type World } from '@kms-lab/engine';
import { describeProblem, loadScenario, parseScenario } from '@kms-lab/engine/scenario';
import type { Decision } from '@kms-lab/engine/policy';
import { defaultPrincipal, meets, performAction, type ActionOutcome, type LessonFlowItem } from './actions';
import type { Action, Expectation, GoalCheck, Lesson, LessonStep, Predict, Requirement } from './model';
import { lookup, resolveValue, sameValue, showValue, type Results } from './values';

/** The correct answer of a predict question, computed from the step's outcome. */
export interface PredictAnswer {
  /** The ids of the correct choices (exactly one when computable). */
  correct: string[];
  /** What the engine did, in words (shown at the reveal). */
  actual: string;
  /** Set when the answer could not be computed from the outcome (broken lesson data). */
  problem?: string;
}

export interface StepRun {
  stepId: string;
  index: number;
  narration: string;
  outcome: ActionOutcome;
  /** The step's `expect` held (undefined when the step has none). */
  expectationMet?: boolean;
  expectationProblem?: string;
  predict?: PredictAnswer;
}

export interface GoalCheckResult {
  label: string;
  passed: boolean;
  why?: string;
  /** When it did not pass: what the check needs and what the engine got (never the same text). */
  expected?: string;
  got?: string;
  outcome?: ActionOutcome;
}

export interface GoalResult {
  reached: boolean;
  checks: GoalCheckResult[];
}

export interface LessonReport {
  lessonId: string;
  steps: StepRun[];
  /** The goal on the state the steps leave (the learner's starting point): must NOT be reached. */
  goalBeforeSolution: GoalResult;
  /** The goal after the reference solution: must be reached. */
  goalAfterSolution: GoalResult;
  solution: ActionOutcome[];
  /** Every flow item in order: what the player can replay. */
  flow: LessonFlowItem[];
  problems: string[];
}

export const LESSON_EPOCH = '2026-01-01T00:00:00Z';

/** Checks a predict question against the outcome of its step. */
export function answerPredict(predict: Predict, outcome: ActionOutcome, results: Results, nowMs = 0): PredictAnswer {
  const actual = outcome.error ? `${outcome.error.name}${outcome.error.message ? `: ${outcome.error.message}` : ''}` : 'success';
  if (predict.kind === 'decision') {
    if (!outcome.decision) return { correct: [], actual, problem: 'the step reached no authorization decision' };
    return { correct: [outcome.decision], actual: decisionWords(outcome.decision) };
  }
  if (predict.kind === 'outcome') {
    const name = outcome.ok ? 'success' : outcome.error?.name;
    const correct = predict.choices.filter((c) => c.outcome === name).map((c) => c.id);
    return { correct, actual, ...(correct.length !== 1 ? { problem: `${correct.length} choices match the outcome ${actual}` } : {}) };
  }
  let value: unknown;
  try {
    value = lookup(predict.probe, results);
  } catch (e) {
    return { correct: [], actual, problem: (e as Error).message };
  }
  let correct: string[];
  try {
    correct = predict.choices.filter((c) => sameValue(resolveValue(c.value, results, nowMs), value)).map((c) => c.id);
  } catch (e) {
    return { correct: [], actual: showValue(value), problem: (e as Error).message };
  }
  return { correct, actual: showValue(value), ...(correct.length !== 1 ? { problem: `${correct.length} choices match the value ${showValue(value)}` } : {}) };
}

const decisionWords = (d: Decision) => (d === 'Allow' ? 'Allow' : d === 'ExplicitDeny' ? 'Denied — explicit deny' : 'Denied — implicit deny');

/** The camelCase client method of an operation. */
const methodName = (op: string) => op[0].toLowerCase() + op.slice(1);

/** Requirements the engine does not meet yet (operations without a client method, missing world features). */
export async function missingRequirements(requires: readonly Requirement[] = []): Promise<Requirement[]> {
  const world = await createWorld({ now: new Date(LESSON_EPOCH), ids: seededIds('requirements') });
  const client = world.client({}) as unknown as Record<string, unknown>;
  return requires.filter((r) => (r === 'awsManagedKey' ? typeof (world as unknown as Record<string, unknown>).awsManagedKey !== 'function' : typeof client[methodName(r)] !== 'function'));
}

/** Every operation an action list calls. */
export function operationsOf(actions: readonly Action[]): string[] {
  return actions.flatMap((a) => ('call' in a ? [a.call] : 'awsManagedKey' in a ? ['awsManagedKey'] : []));
}

/** All the actions of a lesson (steps, solution, goal checks). */
export function actionsOf(lesson: Lesson): Action[] {
  return [...lesson.steps.map((s) => s.action), ...lesson.solution.map((s) => s.action), ...lesson.goal.checks.map((c) => c.action)];
}

/** Runs goal checks on a copy of the world, so checking never changes the learner's world. */
export async function checkChecks(world: World, checks: readonly GoalCheck[], results: Results, region: string): Promise<GoalResult> {
  const copy = await createWorld({ state: world.exportState(), ids: seededIds('goal-check') });
  const scratch: Results = new Map(results);
  const out: GoalCheckResult[] = [];
  for (const check of checks) {
    try {
      const outcome = await performAction(copy, check.action, scratch, { region, principal: defaultPrincipal() });
      if (check.id) scratch.set(check.id, outcome.ok ? outcome.result : { Error: outcome.error });
      const m = meets(outcome, check.expect, scratch, copy.nowMs());
      out.push({ label: check.label, passed: m.ok, ...(m.ok ? {} : { why: m.why, expected: m.expected, got: m.got }), outcome });
    } catch (e) {
      out.push({ label: check.label, passed: false, why: `cannot check: ${(e as Error).message}`, expected: 'a check that runs', got: (e as Error).message });
    }
  }
  return { reached: out.every((c) => c.passed), checks: out };
}

/**
 * A lesson in progress: the world, the results so far and the position. The UI drives it step by
 * step (show `nextStep.predict`, let the learner commit, then `runNext()` and reveal); the headless
 * runner drives it to the end.
 */
export class LessonSession {
  readonly results: Results = new Map();
  readonly runs: StepRun[] = [];
  readonly flow: LessonFlowItem[] = [];
  readonly region: string;

  private constructor(
    readonly lesson: Lesson,
    readonly world: World,
  ) {
    this.region = lesson.scenario.defaultRegion ?? DEFAULT_REGION;
  }

  /** Loads the lesson's scenario into a fresh world (seeded ids, so runs are reproducible). */
  static async start(lesson: Lesson): Promise<LessonSession> {
    const loaded = await loadScenario(lesson.scenario, { ids: seededIds(lesson.id), now: new Date(LESSON_EPOCH) });
    if (!loaded.ok) throw new Error(`Lesson ${lesson.id}: the scenario is invalid: ${loaded.problems.map(describeProblem).join('; ')}`);
    return new LessonSession(lesson, loaded.world);
  }

  get position(): number {
    return this.runs.length;
  }

  get nextStep(): LessonStep | undefined {
    return this.lesson.steps[this.runs.length];
  }

  get done(): boolean {
    return this.runs.length >= this.lesson.steps.length;
  }

  private defaults() {
    return { region: this.region, principal: defaultPrincipal() };
  }

  /** Runs the next step through the engine and computes its predict answer. */
  async runNext(): Promise<StepRun> {
    const step = this.nextStep;
    if (!step) throw new Error(`Lesson ${this.lesson.id} has no more steps.`);
    const outcome = await performAction(this.world, step.action, this.results, this.defaults());
    this.results.set(step.id, outcome.ok ? outcome.result : { Error: outcome.error, ...(outcome.result as object | undefined) });
    this.flow.push(...outcome.flowItems);
    const run: StepRun = { stepId: step.id, index: this.runs.length, narration: step.narration, outcome };
    if (step.expect) {
      const m = meets(outcome, step.expect, this.results, this.world.nowMs());
      run.expectationMet = m.ok;
      if (!m.ok) run.expectationProblem = m.why;
    }
    if (step.predict) run.predict = answerPredict(step.predict, outcome, this.results, this.world.nowMs());
    this.runs.push(run);
    return run;
  }

  async runAll(): Promise<StepRun[]> {
    while (!this.done) await this.runNext();
    return this.runs;
  }

  /** Checks the goal against the world as it is now (on a copy). */
  checkGoal(): Promise<GoalResult> {
    return checkChecks(this.world, this.lesson.goal.checks, this.results, this.region);
  }

  /** Applies the reference solution ("show me"). */
  async applySolution(): Promise<ActionOutcome[]> {
    const outcomes: ActionOutcome[] = [];
    for (const s of this.lesson.solution) {
      const outcome = await performAction(this.world, s.action, this.results, this.defaults());
      if (s.id) this.results.set(s.id, outcome.ok ? outcome.result : { Error: outcome.error });
      this.flow.push(...outcome.flowItems);
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /**
   * Runs a learner's own action with the lesson's references available; the result is kept as `id`
   * ($you1…) and, when `alsoAs` names an earlier result, in its place too (a re-encrypted record
   * stored where the old one was).
   */
  perform(action: Action, id?: string, alsoAs?: string): Promise<ActionOutcome> {
    return performAction(this.world, action, this.results, this.defaults()).then((o) => {
      const kept = o.ok ? o.result : { Error: o.error };
      if (id) this.results.set(id, kept);
      if (alsoAs && o.ok) this.results.set(alsoAs, kept);
      this.flow.push(...o.flowItems);
      return o;
    });
  }
}

/** Replays a lesson headlessly: steps, goal before and after the solution. */
export async function runLesson(lesson: Lesson): Promise<LessonReport> {
  const problems: string[] = [];
  const parsed = parseScenario(lesson.scenario);
  if (!parsed.ok) problems.push(...parsed.problems.map((p) => `scenario: ${describeProblem(p)}`));
  const session = await LessonSession.start(lesson);
  const steps = await session.runAll();
  for (const s of steps) {
    if (s.expectationMet === false) problems.push(`step ${s.stepId}: ${s.expectationProblem}`);
    if (s.predict?.problem) problems.push(`step ${s.stepId}: predict not computable: ${s.predict.problem}`);
    if (s.predict && s.predict.correct.length !== 1) problems.push(`step ${s.stepId}: predict has ${s.predict.correct.length} correct choices`);
  }
  const goalBeforeSolution = await session.checkGoal();
  if (goalBeforeSolution.reached) problems.push('the goal is already reached before the solution (vacuous goal)');
  const solution = await session.applySolution();
  const goalAfterSolution = await session.checkGoal();
  for (const c of goalAfterSolution.checks) if (!c.passed) problems.push(`goal check "${c.label}" failed after the solution: ${c.why}`);
  return { lessonId: lesson.id, steps, goalBeforeSolution, goalAfterSolution, solution, flow: session.flow, problems };
}

export type { Expectation };
