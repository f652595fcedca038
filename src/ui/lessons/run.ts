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
import { LessonSession, type Action, type ActionOutcome, type GoalResult, type Lesson, type StepRun } from '../../lessons';
import type { AccessEvaluation } from '../../engine/policy';
import { reachOf, type Flow } from '../../timeline';

/** What the stage (right of the steps) shows. */
export type StageView =
  | { kind: 'flow'; flow: Flow; label: string }
  | { kind: 'decision'; evaluation: AccessEvaluation; label: string }
  | { kind: 'none'; label: string; text: string };

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
  perform(action: Action, label: string): Promise<FreeRun | null>;
  /** The clicker: next / back (steps, then the goal). */
  next(): void;
  back(): void;
}

let seq = 0;

export function flowOfOutcome(outcome: ActionOutcome, id: string, title: string): Flow | null {
  if (!outcome.flowItems.length) return null;
  return { id, title, items: outcome.flowItems as Flow['items'] };
}

function firstEvaluation(outcome: ActionOutcome): AccessEvaluation | undefined {
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
  busy: false,
  stage: null,
  goal: null,
  checks: 0,
  hintsShown: 0,
  solutionShown: false,
  free: [],

  async open(lesson, startAt = 0) {
    set({ lesson, session: null, loading: true, error: null, runs: [], chosen: {}, skipped: {}, view: 0, stage: null, goal: null, checks: 0, hintsShown: 0, solutionShown: false, free: [], busy: false });
    try {
      const session = await LessonSession.start(lesson);
      // Resume (saved progress or a share link): replay the steps already taken, silently.
      const saved = useProgress.getState().progress.lessons[lesson.id];
      const target = Math.min(lesson.steps.length, Math.max(0, startAt));
      const chosen: Record<string, string[]> = {};
      for (let i = 0; i < target; i++) {
        const run = await session.runNext();
        const p = saved?.predictions[run.stepId];
        if (p) chosen[run.stepId] = p.chosen;
      }
      if (get().lesson !== lesson) return;
      const runs = [...session.runs];
      const last = runs[runs.length - 1];
      const stage = last ? stageFor(lesson, last) : null;
      set({ session, loading: false, runs, chosen, view: target, stage });
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
      const run = await session.runNext();
      const chosen = get().chosen[step.id];
      const stage = stageFor(lesson, run);
      set((s) => ({
        busy: false,
        runs: [...session.runs],
        view: run.index,
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
    set({ view: v, stage });
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

  async perform(action, label) {
    const { session } = get();
    if (!session) return null;
    const ref = `you${get().free.length + 1}`;
    set({ busy: true });
    try {
      const outcome = await session.perform(action, ref);
      const run: FreeRun = { ref, label, outcome };
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
    const { lesson, session, view, busy } = get();
    if (!lesson || !session || busy) return;
    const lab = useLab.getState();
    // While presenting, the clicker walks the player on the stage first (the flow, or the
    // decision's pipeline), like a slide's builds.
    const kind = get().stage?.kind;
    const id = kind === 'flow' ? 'flow' : kind === 'decision' ? 'decision' : null;
    if (lab.presenting && id && lab.decks[id].steps.length > 0) {
      if (lab.decks[id].cursor < reachOf(lab.decks[id])) return lab.player(id, { type: 'step', delta: 1 });
    }
    if (view < session.position) return get().focus(view + 1);
    if (!session.done) {
      void get().runNext();
      return;
    }
    set({ view: lesson.steps.length });
  },

  back() {
    const { view } = get();
    const lab = useLab.getState();
    const kind = get().stage?.kind;
    const id = kind === 'flow' ? 'flow' : kind === 'decision' ? 'decision' : null;
    if (lab.presenting && id && lab.decks[id].cursor > 0) return lab.player(id, { type: 'step', delta: -1 });
    if (view > 0) get().focus(view - 1);
  },
}));

