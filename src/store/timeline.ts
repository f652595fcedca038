/**
 * The player slice: every call's trace (bounded, by callId, so the audit log can replay it), the
 * flow on the player, its cursor, speed, breakpoints and view. Nothing here is derived from the
 * picture: steps and nodes are computed from (world, flow, cursor) by src/timeline.
 *
 * To play a flow from anywhere: `useLab.getState().playFlow(flow)` (or `playFlow(flow)` exported
 * from this module), then navigate to `#studio`.
 */
import type { StoreApi } from 'zustand';
import type { CallTrace, World } from '../engine';
import { flowFromTrace, isReadOnlyOperation, runDemo, toSteps, type DemoId, type Flow } from '../timeline';
import type { LabState, Slice } from './types';
import { toAwsError, type AwsError } from './engine';

/** How many call traces the store keeps for replay (the audit log itself is unbounded). */
export const MAX_TRACES = 500;

export const SPEEDS = [0.25, 0.5, 1, 1.5, 2, 4] as const;

export type MotionPref = 'system' | 'reduce' | 'full';
export type FlowView = 'graph' | 'transcript';

export interface TimelineSlice {
  /** Traces by callId, the newest `MAX_TRACES` (oldest dropped first). */
  traces: Record<string, CallTrace>;
  traceOrder: string[];
  /** Bumps on every call and clock move: the audit log and the world snapshot re-read on it. */
  worldRevision: number;
  /** The latest call that changed something (read-only calls — List*, Describe*, Get* — excluded). */
  latestCallId: string | null;

  flow: Flow | null;
  cursor: number;
  playing: boolean;
  speed: number;
  /** Pause before these steps (step ids of the current flow)… */
  breakpoints: string[];
  /** …and before every step of these kinds, in any flow (e.g. `authorize`). */
  breakOn: string[];
  /** Why playback last stopped by itself. */
  stoppedAt: { reason: 'breakpoint' | 'end'; stepId: string } | null;
  motionPref: MotionPref;
  flowView: FlowView;
  demoBusy: DemoId | null;
  demoError: AwsError | null;

  recordTrace(trace: CallTrace): void;
  bumpWorld(): void;
  playFlow(flow: Flow, options?: { autoplay?: boolean; cursor?: number }): void;
  /** Opens a kept trace on the player; false when it is no longer kept. */
  playCall(callId: string, options?: { autoplay?: boolean }): boolean;
  setCursor(cursor: number): void;
  stepBy(delta: number): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** One step of playback: advances, or stops at the end or before a breakpoint. */
  tick(): void;
  setSpeed(speed: number): void;
  toggleBreakpoint(stepId: string): void;
  toggleBreakOn(kind: string): void;
  setMotionPref(pref: MotionPref): void;
  setFlowView(view: FlowView): void;
  runDemo(id: DemoId): Promise<Flow | null>;
}

const clampIndex = (flow: Flow | null, i: number) => {
  const n = flow ? toSteps(flow).length : 0;
  return n === 0 ? 0 : Math.max(0, Math.min(n - 1, Math.round(i)));
};

export const createTimelineSlice: Slice<TimelineSlice> = (set, get) => ({
  traces: {},
  traceOrder: [],
  worldRevision: 0,
  latestCallId: null,
  flow: null,
  cursor: 0,
  playing: false,
  speed: 1,
  breakpoints: [],
  breakOn: [],
  stoppedAt: null,
  motionPref: 'system',
  flowView: 'graph',
  demoBusy: null,
  demoError: null,

  recordTrace(trace) {
    set((s) => {
      const order = s.traces[trace.callId] ? s.traceOrder : [...s.traceOrder, trace.callId];
      const traces = { ...s.traces, [trace.callId]: trace };
      while (order.length > MAX_TRACES) delete traces[order.shift() as string];
      return {
        traces,
        traceOrder: order,
        worldRevision: s.worldRevision + 1,
        latestCallId: isReadOnlyOperation(trace.operation) ? s.latestCallId : trace.callId,
      };
    });
  },

  bumpWorld: () => set((s) => ({ worldRevision: s.worldRevision + 1 })),

  playFlow(flow, options) {
    set({ flow, cursor: clampIndex(flow, options?.cursor ?? 0), playing: Boolean(options?.autoplay), stoppedAt: null, breakpoints: [] });
  },

  playCall(callId, options) {
    const trace = get().traces[callId];
    if (!trace) return false;
    get().playFlow(flowFromTrace(trace), options);
    return true;
  },

  setCursor: (cursor) => set((s) => ({ cursor: clampIndex(s.flow, cursor), stoppedAt: null })),
  stepBy: (delta) => set((s) => ({ cursor: clampIndex(s.flow, s.cursor + delta), playing: false, stoppedAt: null })),

  play() {
    const { flow, cursor } = get();
    if (!flow) return;
    const n = toSteps(flow).length;
    set({ playing: true, cursor: cursor >= n - 1 ? 0 : cursor });
  },
  pause: () => set({ playing: false }),
  togglePlay: () => (get().playing ? get().pause() : get().play()),

  tick() {
    const { flow, cursor, breakpoints, breakOn, stoppedAt, playing } = get();
    if (!flow || !playing) return;
    const steps = toSteps(flow);
    if (cursor >= steps.length - 1) {
      set({ playing: false, stoppedAt: { reason: 'end', stepId: steps[steps.length - 1]?.id ?? '' } });
      return;
    }
    const next = steps[cursor + 1];
    const isBreak = breakpoints.includes(next.id) || breakOn.includes(next.kind);
    // Resuming from a breakpoint passes it; the next one stops again.
    if (isBreak && !(stoppedAt?.reason === 'breakpoint' && stoppedAt.stepId === next.id)) {
      set({ playing: false, stoppedAt: { reason: 'breakpoint', stepId: next.id } });
      return;
    }
    set({ cursor: cursor + 1, stoppedAt: null });
  },

  setSpeed: (speed) => set({ speed: Math.max(0.25, Math.min(4, speed)) }),
  toggleBreakpoint: (stepId) => set((s) => ({ breakpoints: s.breakpoints.includes(stepId) ? s.breakpoints.filter((b) => b !== stepId) : [...s.breakpoints, stepId] })),
  toggleBreakOn: (kind) => set((s) => ({ breakOn: s.breakOn.includes(kind) ? s.breakOn.filter((k) => k !== kind) : [...s.breakOn, kind] })),
  setMotionPref: (motionPref) => set({ motionPref }),
  setFlowView: (flowView) => set({ flowView }),

  async runDemo(id) {
    const { world, region, principal } = get();
    if (!world || get().demoBusy) return null;
    set({ demoBusy: id, demoError: null });
    try {
      const flow = await runDemo(id, world, region, principal);
      set({ demoBusy: null, now: world.now() });
      get().playFlow(flow, { autoplay: true });
      await get().refreshCatalog();
      return flow;
    } catch (e) {
      set({ demoBusy: null, demoError: toAwsError(e) });
      return null;
    }
  },
});

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
    unsubscribeWorld = w ? w.subscribe((trace) => store.getState().recordTrace(trace)) : null;
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

/** Plays a flow on the Studio's player (call from anywhere; then show `#studio`). */
export function playFlowIn(store: StoreApi<LabState>, flow: Flow, options?: { autoplay?: boolean }): void {
  store.getState().playFlow(flow, options);
}
