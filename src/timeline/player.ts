/**
 * The player, without React: a deck of steps (any list — a flow's steps, a decision's stages), a
 * cursor, playing or not, why playback last stopped, breakpoints, and how far the learner may go
 * (predict-then-reveal holds the decision back). Changes are data (`PlayerAction`), applied by
 * `reducePlayer`, so the studio's flows and the decision view walk their steps with the same rules,
 * and the store, the keyboard and the tests drive them the same way.
 */

/** What the player needs of a step; flow steps and decision steps both have it. */
export interface PlayableStep {
  /** Stable within its deck (breakpoints are kept by id). */
  id: string;
  index: number;
  /** Breakpoints "before every step of this kind" match on it (e.g. `authorize`). */
  kind: string;
  /** A short label for the step list. */
  title: string;
  /** The narration: one or two present-tense sentences. */
  text: string;
  failed?: boolean;
}

export interface StoppedAt {
  reason: 'breakpoint' | 'end';
  stepId: string;
}

export interface PlayerDeck<S extends PlayableStep = PlayableStep> {
  /** What is loaded (a flow id, a decision id); null when the deck is empty. */
  key: string | null;
  steps: readonly S[];
  cursor: number;
  playing: boolean;
  /** Why playback last stopped by itself. */
  stoppedAt: StoppedAt | null;
  /** Pause before these steps (ids of this deck's steps). */
  breakpoints: string[];
  /** The furthest step the learner may reach (null: the last). Predict-then-reveal holds the decision back. */
  limit: number | null;
}

export type PlayerAction =
  | { type: 'seek'; cursor: number }
  | { type: 'step'; delta: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'toggle' }
  /** One beat of playback: advances, or stops at the end or before a breakpoint. */
  | { type: 'tick'; breakOn?: readonly string[] }
  | { type: 'toggle-breakpoint'; stepId: string }
  | { type: 'limit'; limit: number | null };

export function emptyDeck<S extends PlayableStep = PlayableStep>(): PlayerDeck<S> {
  return { key: null, steps: [], cursor: 0, playing: false, stoppedAt: null, breakpoints: [], limit: null };
}

/** Loads steps on a deck: the cursor at `cursor` (clamped), breakpoints cleared, the limit set. */
export function loadDeck<S extends PlayableStep>(key: string, steps: readonly S[], options: { cursor?: number; autoplay?: boolean; limit?: number | null } = {}): PlayerDeck<S> {
  const deck: PlayerDeck<S> = { key, steps, cursor: 0, playing: false, stoppedAt: null, breakpoints: [], limit: options.limit ?? null };
  return { ...deck, cursor: clampCursor(deck, options.cursor ?? 0), playing: Boolean(options.autoplay) && steps.length > 0 };
}

/** The furthest index the cursor may take (-1 for an empty deck). */
export function reachOf(deck: Pick<PlayerDeck, 'steps' | 'limit'>): number {
  const last = deck.steps.length - 1;
  return deck.limit === null ? last : Math.min(last, Math.max(0, deck.limit));
}

export function clampCursor(deck: Pick<PlayerDeck, 'steps' | 'limit'>, i: number): number {
  const reach = reachOf(deck);
  return reach < 0 ? 0 : Math.max(0, Math.min(reach, Math.round(i)));
}

/** The deck is held before its last step (the learner has not predicted yet). */
export function isHeld(deck: Pick<PlayerDeck, 'steps' | 'limit'>): boolean {
  return reachOf(deck) < deck.steps.length - 1;
}

/** Applies one player action. Pure: returns the same object when nothing changes. */
export function reducePlayer<S extends PlayableStep>(deck: PlayerDeck<S>, action: PlayerAction): PlayerDeck<S> {
  const reach = reachOf(deck);
  switch (action.type) {
    case 'seek':
      return { ...deck, cursor: clampCursor(deck, action.cursor), stoppedAt: null };
    case 'step':
      return { ...deck, cursor: clampCursor(deck, deck.cursor + action.delta), playing: false, stoppedAt: null };
    case 'play':
      if (reach < 0) return deck;
      // At the end, Play replays from the start; held before the decision, there is nothing to play.
      if (deck.cursor >= reach) return isHeld(deck) ? deck : { ...deck, playing: true, cursor: 0, stoppedAt: null };
      return { ...deck, playing: true };
    case 'pause':
      return deck.playing ? { ...deck, playing: false } : deck;
    case 'toggle':
      return reducePlayer(deck, { type: deck.playing ? 'pause' : 'play' });
    case 'tick': {
      if (!deck.playing || reach < 0) return deck;
      if (deck.cursor >= reach) return { ...deck, playing: false, stoppedAt: { reason: 'end', stepId: deck.steps[deck.cursor]?.id ?? '' } };
      const next = deck.steps[deck.cursor + 1];
      const isBreak = deck.breakpoints.includes(next.id) || (action.breakOn ?? []).includes(next.kind);
      // Resuming from a breakpoint passes it; the next one stops again.
      if (isBreak && !(deck.stoppedAt?.reason === 'breakpoint' && deck.stoppedAt.stepId === next.id)) {
        return { ...deck, playing: false, stoppedAt: { reason: 'breakpoint', stepId: next.id } };
      }
      return { ...deck, cursor: deck.cursor + 1, stoppedAt: null };
    }
    case 'toggle-breakpoint':
      return { ...deck, breakpoints: deck.breakpoints.includes(action.stepId) ? deck.breakpoints.filter((b) => b !== action.stepId) : [...deck.breakpoints, action.stepId] };
    case 'limit': {
      const next = { ...deck, limit: action.limit };
      return { ...next, cursor: clampCursor(next, deck.cursor) };
    }
  }
}
