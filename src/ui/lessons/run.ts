/**
 * A lesson in progress on screen: the engine's LessonSession (the learner's own lesson world), the
 * steps run so far with their computed predict answers, the learner's choices, which step is in
 * focus, what the stage shows (a step's flow on the player, or a decision), the goal check, hints,
 * "Show me", and the learner's own actions. A small store of the lessons chunk; progress is saved
 * through the progress store (src/store/progress.ts).
 */
import { create } from 'zustand';
import { useLab, useProgress } from '../../store';
import { completeLesson, recordPrediction, recordSolutionShown, setLessonStep } from '../../lessons/progress';
import { LessonSession, type Action, type ActionOutcome, type FormContext, type FormValues, type GoalResult, type Lesson, type LessonForm, type StepRun } from '../../lessons';
import { REGIONS } from '../../store';
import type { AccessEvaluation } from '@kms-lab/engine/policy';
import { policyDiff, reachOf, type Flow, type PolicyDiff } from '../../timeline';
import type { World } from '@kms-lab/engine';

/** What the stage (right of the steps) shows. */
export type StageView =
  | { kind: 'flow'; flow: Flow; label: string }
  | { kind: 'decision'; evaluation: AccessEvaluation; label: string }
  | { kind: 'none'; label: string; text: string };

/** A key policy a step changed: the statements removed and added (the classroom's "what changed"). */
export interface PolicyChange {
  keyArn: string;
  diff: PolicyDiff;
}

const keyPolicies = (world: World): Map<string, string> => new Map(Object.values(world.state.keys).map((k) => [k.arn, k.policy]));

/** The key policies that differ between two readings of a world (keys created since are not changes). */
function policyChanges(before: Map<string, string>, world: World): PolicyChange[] {
  const out: PolicyChange[] = [];
  for (const [arn, after] of keyPolicies(world)) {
    const was = before.get(arn);
    if (was === undefined || was === after) continue;
    const diff = policyDiff(was, after);
    if (diff) out.push({ keyArn: arn, diff });
  }
  return out;
}

export interface FreeRun {
  /** The learner refers to the result as $<ref>. */
  ref: string;
  label: string;
  outcome: ActionOutcome;
}

interface LessonRunState {
  lesson: Lesson | null;
  session: LessonSession | null;
  loading: boolean;
  error: string | null;
  runs: StepRun[];
  /** Choices by step id (the committed prediction once the step ran). */
  chosen: Record<string, string[]>;
  /** Steps the learner ran without predicting (skipped, or the clicker ran them). */
  skipped: Record<string, boolean>;
  /** The step in focus: 0…steps.length-1, or steps.length for the goal. */
  view: number;
  /** Presenting: the step whose explanation (the deciding statement, the policy change) is on the stage. */
  explaining: number | null;
  /** Key policies each step changed, by step index. */
  changes: Record<number, PolicyChange[]>;
  busy: boolean;
  stage: StageView | null;
  goal: GoalResult | null;
  /** The goal was checked at least once (and this many times). */
  checks: number;
  hintsShown: number;
  solutionShown: boolean;
  free: FreeRun[];
  open(lesson: Lesson, startAt?: number): Promise<void>;
  close(): void;
  choose(stepId: string, ids: string[]): void;
  /** Runs the next step (committing the current choice, if any). */
  runNext(): Promise<StepRun | null>;
  focus(view: number): void;
  showStepFlow(index: number): void;
  showStepDecision(index: number): void;
  showEvaluation(evaluation: AccessEvaluation, label: string): void;
  showFlowOf(outcome: ActionOutcome, label: string): void;
  checkGoal(): Promise<GoalResult | null>;
  showHint(): void;
  showSolution(): Promise<void>;
  /** The learner's own action; `storeAs` also keeps the result in place of an earlier one. */
  perform(action: Action, label: string, storeAs?: string): Promise<FreeRun | null>;
  /** Builds a "Your turn" form's action from the learner's values (against the lesson world) and runs it. */
  performForm(form: LessonForm, values: FormValues, region: string, caller: string): Promise<FreeRun | null>;
  /** What a form's choices are computed from, in the lesson world now. */
  formContext(region: string, caller: string): FormContext | null;
  /**
   * The clicker. Outside presentation mode: next / back move between the steps, then the goal.
   * Presenting, each step is walked as a class walks it: the step and its question (the class
   * predicts) → a key runs it and reveals the engine's answer → the keys walk its flow → its
   * explanation (deciding layer and statement, the policy change) → the next step. Back retraces.
   */
  next(): void;
  back(): void;
  /** Presenting: a step as the clicker leaves it (flow at its end, explanation shown). */
  showEnd(index: number): void;
}

/** Whether the clicker stops on a step's explanation: it has a decision or changed a key policy. */
function explainable(s: Pick<LessonRunState, 'runs' | 'changes'>, index: number): boolean {
  const run = s.runs[index];
  return !!run && (!!firstEvaluation(run.outcome) || !!s.changes[index]?.length);
}

let seq = 0;

function flowOfOutcome(outcome: ActionOutcome, id: string, title: string): Flow | null {
  if (!outcome.flowItems.length) return null;
  return { id, title, items: outcome.flowItems as Flow['items'] };
}

export function firstEvaluation(outcome: ActionOutcome): AccessEvaluation | undefined {
  const e = outcome.evaluation;
  if (!e) return undefined;
  return Array.isArray(e) ? (e.find((x) => x.decision !== 'Allow') ?? e[0]) : e;
}

/** Puts a step's result on the stage: its flow if it has one, else its decision, else a note. */
function stageFor(lesson: Lesson, run: StepRun): StageView {
  const label = `Part ${run.index + 1}: ${lesson.steps[run.index]?.id ?? ''}`;
  const flow = flowOfOutcome(run.outcome, `lesson-${lesson.id}-${run.stepId}-${++seq}`, `${lesson.title} — part ${run.index + 1}`);
  if (flow) return { kind: 'flow', flow, label };
  const evaluation = firstEvaluation(run.outcome);
  if (evaluation) return { kind: 'decision', evaluation, label };
  return { kind: 'none', label, text: run.outcome.ok ? 'This step happens outside KMS: there is no call to play.' : `${run.outcome.error?.name}: ${run.outcome.error?.message}` };
}

function playStage(stage: StageView | null) {
  if (stage?.kind !== 'flow') return;
  const lab = useLab.getState();
  lab.playFlow(stage.flow, { autoplay: !lab.presenting });
}

export const useLessonRun = create<LessonRunState>()((set, get) => ({
  lesson: null,
  session: null,
  loading: false,
  error: null,
  runs: [],
  chosen: {},
  skipped: {},
  view: 0,
  explaining: null,
  changes: {},
  busy: false,
  stage: null,
  goal: null,
  checks: 0,
  hintsShown: 0,
  solutionShown: false,
  free: [],

  async open(lesson, startAt = 0) {
    set({ lesson, session: null, loading: true, error: null, runs: [], chosen: {}, skipped: {}, view: 0, explaining: null, changes: {}, stage: null, goal: null, checks: 0, hintsShown: 0, solutionShown: false, free: [], busy: false });
    try {
      const session = await LessonSession.start(lesson);
      // Resume (saved progress or a share link): replay the steps already taken, silently.
      const saved = useProgress.getState().progress.lessons[lesson.id];
      const target = Math.min(lesson.steps.length, Math.max(0, startAt));
      const chosen: Record<string, string[]> = {};
      const changes: Record<number, PolicyChange[]> = {};
      for (let i = 0; i < target; i++) {
        const before = keyPolicies(session.world);
        const run = await session.runNext();
        const c = policyChanges(before, session.world);
        if (c.length) changes[i] = c;
        const p = saved?.predictions[run.stepId];
        if (p) chosen[run.stepId] = p.chosen;
      }
      if (get().lesson !== lesson) return;
      const runs = [...session.runs];
      const last = runs[runs.length - 1];
      const stage = last ? stageFor(lesson, last) : null;
      set({ session, loading: false, runs, chosen, changes, view: target, stage });
      playStage(stage);
    } catch (e) {
      set({ loading: false, error: (e as Error).message });
    }
  },

  close() {
    set({ lesson: null, session: null, runs: [], stage: null });
  },

  choose(stepId, ids) {
    set((s) => ({ chosen: { ...s.chosen, [stepId]: ids } }));
  },

  async runNext() {
    const { session, lesson, busy } = get();
    if (!session || !lesson || busy || session.done) return null;
    const step = session.nextStep!;
    set({ busy: true });
    try {
      const before = keyPolicies(session.world);
      const run = await session.runNext();
      const changed = policyChanges(before, session.world);
      const chosen = get().chosen[step.id];
      const stage = stageFor(lesson, run);
      set((s) => ({
        busy: false,
        runs: [...session.runs],
        view: run.index,
        explaining: null,
        changes: changed.length ? { ...s.changes, [run.index]: changed } : s.changes,
        stage,
        skipped: step.predict && !chosen?.length ? { ...s.skipped, [step.id]: true } : s.skipped,
      }));
      playStage(stage);
      useProgress.getState().updateProgress((p) => {
        let next = setLessonStep(p, lesson.id, session.position);
        if (run.predict && chosen?.length) {
          const right = chosen.length === run.predict.correct.length && chosen.every((c) => run.predict!.correct.includes(c));
          next = recordPrediction(next, lesson.id, step.id, chosen, right);
        }
        return next;
      });
      return run;
    } catch (e) {
      set({ busy: false, error: (e as Error).message });
      return null;
    }
  },

  focus(view) {
    const { lesson, runs } = get();
    if (!lesson) return;
    const v = Math.max(0, Math.min(lesson.steps.length, view));
    const run = runs[v];
    const stage = run ? stageFor(lesson, run) : get().stage;
    set({ view: v, stage, explaining: null });
    if (run) playStage(stage);
  },

  showStepFlow(index) {
    const { lesson, runs } = get();
    const run = runs[index];
    if (!lesson || !run) return;
    const flow = flowOfOutcome(run.outcome, `lesson-${lesson.id}-${run.stepId}-${++seq}`, `${lesson.title} — part ${index + 1}`);
    if (!flow) return;
    const stage: StageView = { kind: 'flow', flow, label: `Part ${index + 1}` };
    set({ stage, view: index });
    playStage(stage);
  },

  showStepDecision(index) {
    const run = get().runs[index];
    const evaluation = run && firstEvaluation(run.outcome);
    if (evaluation) set({ stage: { kind: 'decision', evaluation, label: `Part ${index + 1}` }, view: index });
  },

  showEvaluation(evaluation, label) {
    set({ stage: { kind: 'decision', evaluation, label } });
  },

  showFlowOf(outcome, label) {
    const flow = flowOfOutcome(outcome, `lesson-free-${++seq}`, label);
    if (!flow) {
      const evaluation = firstEvaluation(outcome);
      if (evaluation) set({ stage: { kind: 'decision', evaluation, label } });
      return;
    }
    const stage: StageView = { kind: 'flow', flow, label };
    set({ stage });
    playStage(stage);
  },

  async checkGoal() {
    const { session, lesson } = get();
    if (!session || !lesson) return null;
    set({ busy: true });
    try {
      const goal = await session.checkGoal();
      set((s) => ({ goal, busy: false, checks: s.checks + 1 }));
      if (goal.reached) useProgress.getState().updateProgress((p) => completeLesson(setLessonStep(p, lesson.id, session.position), lesson.id));
      return goal;
    } catch (e) {
      set({ busy: false, error: (e as Error).message });
      return null;
    }
  },

  showHint() {
    set((s) => ({ hintsShown: Math.min((s.lesson?.hints.length ?? 0), s.hintsShown + 1) }));
  },

  async showSolution() {
    const { session, lesson, solutionShown } = get();
    if (!session || !lesson || solutionShown) return;
    set({ busy: true });
    try {
      const outcomes = await session.applySolution();
      const items = outcomes.flatMap((o) => o.flowItems);
      set({ busy: false, solutionShown: true, goal: null });
      useProgress.getState().updateProgress((p) => recordSolutionShown(p, lesson.id));
      if (items.length) {
        const stage: StageView = { kind: 'flow', flow: { id: `lesson-${lesson.id}-solution-${++seq}`, title: `${lesson.title} — the solution`, items: items as Flow['items'] }, label: 'The solution' };
        set({ stage });
        playStage(stage);
      }
    } catch (e) {
      set({ busy: false, error: (e as Error).message });
    }
  },

  formContext(region, caller) {
    const { session } = get();
    if (!session) return null;
    return { world: session.world, results: session.results, region, caller, regions: REGIONS.map((r) => r.id) };
  },

  async performForm(form, values, region, caller) {
    const ctx = get().formContext(region, caller);
    if (!ctx) return null;
    let built;
    try {
      built = form.build(values, ctx);
    } catch (e) {
      // A value the form cannot use (nothing picked, a pair without "="): shown as the run's error, nothing runs.
      const ref = `you${get().free.length + 1}`;
      const run: FreeRun = { ref, label: form.title, outcome: { kind: 'call', ok: false, error: { name: 'FormError', message: (e as Error).message }, flowItems: [] } };
      set((s) => ({ free: [...s.free, run] }));
      return run;
    }
    return get().perform(built.action, built.label, built.storeAs);
  },

  async perform(action, label, storeAs) {
    const { session } = get();
    if (!session) return null;
    const ref = `you${get().free.length + 1}`;
    set({ busy: true });
    try {
      const outcome = await session.perform(action, ref, storeAs);
      const run: FreeRun = { ref, label: storeAs && outcome.ok ? `${label} (kept as ${storeAs} too)` : label, outcome };
      set((s) => ({ busy: false, free: [...s.free, run], goal: null }));
      get().showFlowOf(outcome, `Your call: ${label}`);
      return run;
    } catch (e) {
      // Broken input (an unknown reference, bytes where text was expected): shown as the run's error.
      const outcome: ActionOutcome = { kind: 'call', ok: false, error: { name: 'RequestError', message: (e as Error).message }, flowItems: [] };
      const run: FreeRun = { ref, label, outcome };
      set((s) => ({ busy: false, free: [...s.free, run] }));
      return run;
    }
  },

  next() {
    const { lesson, session, view, busy, runs, explaining } = get();
    if (!lesson || !session || busy) return;
    const lab = useLab.getState();
    if (!lab.presenting) {
      if (view < session.position) return get().focus(view + 1);
      if (!session.done) return void get().runNext();
      return set({ view: lesson.steps.length });
    }
    if (view >= lesson.steps.length) return;
    // 1. The step is on screen with its question: the key runs it and reveals the engine's answer.
    if (!runs[view]) return void get().runNext();
    // 2. Its flow, one idea at a time.
    const flowDeck = get().stage?.kind === 'flow' ? lab.decks.flow : null;
    if (flowDeck && flowDeck.steps.length > 0 && flowDeck.cursor < reachOf(flowDeck)) return lab.player('flow', { type: 'step', delta: 1 });
    // 3. Why: the deciding statement, the policy change.
    if (explaining !== view && explainable(get(), view)) return set({ explaining: view });
    // 4. The next step: already run (walked again from its start), or its question.
    if (view + 1 < session.position) return get().focus(view + 1);
    set({ view: view + 1, explaining: null });
  },

  back() {
    const { lesson, view, runs, explaining } = get();
    if (!lesson) return;
    const lab = useLab.getState();
    if (!lab.presenting) {
      if (view > 0) get().focus(view - 1);
      return;
    }
    if (explaining === view) return set({ explaining: null });
    const flowDeck = get().stage?.kind === 'flow' ? lab.decks.flow : null;
    // A step not run yet (its question): the stage still shows the previous step, at its end.
    if (runs[view] && flowDeck && flowDeck.cursor > 0) return lab.player('flow', { type: 'step', delta: -1 });
    if (view === 0) return;
    get().showEnd(view - 1);
  },

  showEnd(index) {
    const { lesson, runs } = get();
    const run = runs[index];
    if (!lesson || !run) return;
    const stage = stageFor(lesson, run);
    set({ view: index, stage, explaining: explainable(get(), index) ? index : null });
    if (stage.kind === 'flow') {
      const lab = useLab.getState();
      lab.playFlow(stage.flow);
      const deck = useLab.getState().decks.flow;
      lab.player('flow', { type: 'seek', cursor: reachOf(deck) });
    }
  },
}));

