/**
 * The player slice: every call's trace (bounded, by callId, so the audit log can replay it), and
 * the player's decks. One player drives any list of steps (src/timeline/player.ts): the `flow` deck
 * is the Studio's (and a lesson's) flow of KMS calls; the `decision` deck is the decision view's
 * evaluation pipeline. Each deck has its own cursor, playing flag and breakpoints; speed, reduced
 * motion, "pause before every …" and the view (graph or transcript) are the learner's, shared by
 * both. `activePlayer` is the deck whose player bar is on screen: the keyboard shortcuts and the
 * clicker drive it. Nothing here is derived from the picture: nodes are computed from
 * (world, flow, cursor) by src/timeline.
 *
 * To play a flow from anywhere: `useLab.getState().playFlow(flow)` (or `playFlow(flow)` exported
 * from this module), then navigate to `#studio`.
 */
import type { StoreApi } from 'zustand';
import { createWorld, type CallTrace, type World } from '@kms-lab/engine';
import type { AccessEvaluation } from '@kms-lab/engine/policy';
import { emptyDeck, flowFromTrace, isReadOnlyOperation, loadDeck, mapCursor, reducePlayer, runDemo, sliceOf, toSteps, withDetail, type DemoId, type WorldSnapshot, type Flow, type FlowDetail, type PlayerAction, type PlayerDeck, type Step, type StoppedAt } from '../timeline';
import { toDecisionSteps, type DecisionStep } from '../timeline/decision';
import type { LabState, Slice } from './types';
import { toAwsError, type AwsError } from './kms-calls';

/** How many call traces the store keeps for replay (the audit log itself is unbounded). */
const MAX_TRACES = 500;

export const SPEEDS = [0.25, 0.5, 1, 1.5, 2, 4] as const;

export type MotionPref = 'system' | 'reduce' | 'full';
export type FlowView = 'graph' | 'transcript';

/** The player's decks: the flow of KMS calls, and the decision view's pipeline. */
export type PlayerId = 'flow' | 'decision';

export interface PlayerDecks {
  flow: PlayerDeck<Step>;
  decision: PlayerDeck<DecisionStep>;
}

export interface TimelineSlice {
  /** Traces by callId, the newest `MAX_TRACES` (oldest dropped first). */
  traces: Record<string, CallTrace>;
  /** By callId, with `traces`: the world slice each call showed when it ran (see `sliceOf`). */
  traceWorlds: Record<string, WorldSnapshot>;
  traceOrder: string[];
  /** Bumps on every call and clock move: the audit log and the world snapshot re-read on it. */
  worldRevision: number;
  /** The latest call that changed something (read-only calls — List*, Describe*, Get* — excluded). */
  latestCallId: string | null;

  /** The flow on the flow deck (its steps are `decks.flow.steps`). */
  flow: Flow | null;
  decks: PlayerDecks;
  /** The deck whose player bar is on screen (the keys and the clicker drive it), or none. */
  activePlayer: PlayerId | null;
  speed: number;
  /** Pause before every step of these kinds, in any flow (e.g. `authorize`). */
  breakOn: string[];
  motionPref: MotionPref;
  flowView: FlowView;
  /** How finely flows are walked: every pipeline event, or one idea per step (`class`, the presenting default). */
  detail: FlowDetail;
  demoBusy: DemoId | null;
  demoError: AwsError | null;

  /** Keeps a call's trace and the slice of the world it showed when it ran. */
  recordTrace(trace: CallTrace, world?: WorldSnapshot): void;
  bumpWorld(): void;
  /**
   * Loads a flow on the player at the current `detail`. Never autoplays while presenting (the
   * clicker walks it) unless `whilePresenting`: the Live screen plays each call as it arrives.
   */
  playFlow(flow: Flow, options?: { autoplay?: boolean; cursor?: number; whilePresenting?: boolean }): void;
  /** Opens a kept trace on the player; false when it is no longer kept. */
  playCall(callId: string, options?: { autoplay?: boolean }): boolean;
  /**
   * Puts an evaluation's pipeline on the decision deck (unless `key` is already there). `held`:
   * the learner predicts first, so the player stops before the decision step.
   */
  loadDecision(key: string, evaluation: AccessEvaluation, options?: { held?: boolean; autoplay?: boolean }): void;
  /** Applies a player action to a deck (see `PlayerAction`). */
  player(id: PlayerId, action: PlayerAction): void;
  /** A player bar appeared (it becomes the active player) or went away. */
  claimPlayer(id: PlayerId): void;
  releasePlayer(id: PlayerId): void;

  // The flow deck, as the Studio, lessons and the classroom have always driven it:
  setCursor(cursor: number): void;
  stepBy(delta: number): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** One step of playback: advances, or stops at the end or before a breakpoint. */
  tick(): void;
  toggleBreakpoint(stepId: string): void;

  setSpeed(speed: number): void;
  toggleBreakOn(kind: string): void;
  setMotionPref(pref: MotionPref): void;
  setFlowView(view: FlowView): void;
  /** Changes the detail; the flow on the player is walked at the new detail from the same event. */
  setDetail(detail: FlowDetail): void;
  runDemo(id: DemoId): Promise<Flow | null>;
}

export type { StoppedAt };

export const createTimelineSlice: Slice<TimelineSlice> = (set, get) => {
  const dispatch = (id: PlayerId, action: PlayerAction) =>
    set((s) => {
      const deck = s.decks[id] as PlayerDeck;
      const next = reducePlayer(deck, action.type === 'tick' ? { ...action, breakOn: s.breakOn } : action);
      return next === deck ? s : { decks: { ...s.decks, [id]: next } };
    });
  return {
  traces: {},
  traceWorlds: {},
  traceOrder: [],
  worldRevision: 0,
  latestCallId: null,
  flow: null,
  decks: { flow: emptyDeck<Step>(), decision: emptyDeck<DecisionStep>() },
  activePlayer: null,
  speed: 1,
  breakOn: [],
  motionPref: 'system',
  flowView: 'graph',
  detail: 'full',
  demoBusy: null,
  demoError: null,

  recordTrace(trace, world) {
    set((s) => {
      const order = s.traces[trace.callId] ? s.traceOrder : [...s.traceOrder, trace.callId];
      const traces = { ...s.traces, [trace.callId]: trace };
      const traceWorlds = world ? { ...s.traceWorlds, [trace.callId]: world } : s.traceWorlds;
      while (order.length > MAX_TRACES) {
        const gone = order.shift() as string;
        delete traces[gone];
        if (world) delete traceWorlds[gone];
      }
      return {
        traces,
        traceWorlds,
        traceOrder: order,
        worldRevision: s.worldRevision + 1,
        latestCallId: isReadOnlyOperation(trace.operation) ? s.latestCallId : trace.callId,
      };
    });
  },

  bumpWorld: () => set((s) => ({ worldRevision: s.worldRevision + 1 })),

  playFlow(flow, options) {
    set((s) => {
      const shown = withDetail(flow, s.detail);
      const autoplay = Boolean(options?.autoplay) && (!s.presenting || Boolean(options?.whilePresenting));
      return { flow: shown, decks: { ...s.decks, flow: loadDeck(shown.id, toSteps(shown), { ...options, autoplay }) } };
    });
  },

  playCall(callId, options) {
    const trace = get().traces[callId];
    if (!trace) return false;
    get().playFlow(flowFromTrace(trace), options);
    return true;
  },

  loadDecision(key, evaluation, options) {
    const steps = toDecisionSteps(evaluation);
    const limit = options?.held ? steps.length - 2 : null;
    set((s) => (s.decks.decision.key === key ? s : { decks: { ...s.decks, decision: loadDeck(key, steps, { limit, autoplay: Boolean(options?.autoplay) && limit === null }) } }));
  },

  player: dispatch,
  claimPlayer: (activePlayer) => set({ activePlayer }),
  releasePlayer: (id) => set((s) => (s.activePlayer === id ? { activePlayer: null } : s)),

  setCursor: (cursor) => dispatch('flow', { type: 'seek', cursor }),
  stepBy: (delta) => dispatch('flow', { type: 'step', delta }),
  play: () => dispatch('flow', { type: 'play' }),
  pause: () => dispatch('flow', { type: 'pause' }),
  togglePlay: () => dispatch('flow', { type: 'toggle' }),
  tick: () => dispatch('flow', { type: 'tick' }),
  toggleBreakpoint: (stepId) => dispatch('flow', { type: 'toggle-breakpoint', stepId }),

  setSpeed: (speed) => set({ speed: Math.max(0.25, Math.min(4, speed)) }),
  toggleBreakOn: (kind) => set((s) => ({ breakOn: s.breakOn.includes(kind) ? s.breakOn.filter((k) => k !== kind) : [...s.breakOn, kind] })),
  setMotionPref: (motionPref) => set({ motionPref }),
  setFlowView: (flowView) => set({ flowView }),
  setDetail: (detail) =>
    set((s) => {
      if (s.detail === detail) return s;
      if (!s.flow) return { detail };
      const shown = withDetail(s.flow, detail);
      const steps = toSteps(shown);
      const cursor = mapCursor(s.decks.flow.steps, steps, s.decks.flow.cursor);
      return { detail, flow: shown, decks: { ...s.decks, flow: loadDeck(shown.id, steps, { cursor }) } };
    }),

  async runDemo(id) {
    const { world, region } = get();
    if (!world || get().demoBusy) return null;
    set({ demoBusy: id, demoError: null });
    try {
      // A world of its own, from the learner's time: a demo never adds keys to the learner's
      // workspace, writes to its audit log or moves its clock (crypto-shredding lets 30 days pass).
      // Its caller is that world's account root.
      const own = await createWorld({ now: world.now() });
      const flow = await runDemo(id, own, region);
      set({ demoBusy: null });
      get().playFlow(flow, { autoplay: true });
      return flow;
    } catch (e) {
      set({ demoBusy: null, demoError: toAwsError(e) });
      return null;
    }
  },
  };
};

/**
 * Keeps every call's trace: subscribes to the world (and to the next one when the workspace is
 * replaced) and bumps the world revision when the clock moves. Call once after the store is made.
 */
export function connectTimeline(store: StoreApi<LabState>): () => void {
  let world: World | null = null;
  let unsubscribeWorld: (() => void) | null = null;
  const attach = (w: World | null) => {
    if (w === world) return;
    unsubscribeWorld?.();
    world = w;
    // The slice is taken as the call completes: the world as that call left it.
    unsubscribeWorld = w ? w.subscribe((trace) => store.getState().recordTrace(trace, sliceOf(w.state, trace))) : null;
    store.getState().bumpWorld();
  };
  attach(store.getState().world);
  const unsubscribeStore = store.subscribe((s, prev) => {
    if (s.world !== prev.world) attach(s.world);
    else if (s.now !== prev.now && s.now?.getTime() !== prev.now?.getTime()) s.bumpWorld();
  });
  return () => {
    unsubscribeStore();
    unsubscribeWorld?.();
  };
}
