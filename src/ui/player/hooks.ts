import { useEffect, useSyncExternalStore } from 'react';
import { useLab, type PlayerId } from '../../store';
import { type Step } from '../../timeline';
import { dwellMs } from './timing';

const QUERY = '(prefers-reduced-motion: reduce)';

function subscribeMotion(cb: () => void) {
  if (typeof matchMedia !== 'function') return () => undefined;
  const m = matchMedia(QUERY);
  m.addEventListener('change', cb);
  return () => m.removeEventListener('change', cb);
}

/** Reduced motion: the user's toggle, else the system setting. */
export function useReducedMotion(): boolean {
  const pref = useLab((s) => s.motionPref);
  const system = useSyncExternalStore(
    subscribeMotion,
    () => typeof matchMedia === 'function' && matchMedia(QUERY).matches,
    () => false,
  );
  return pref === 'reduce' || (pref === 'system' && system);
}

/** The steps of the flow on the player. */
export function useSteps(): Step[] {
  return useLab((s) => s.decks.flow.steps) as Step[];
}

/** Drives playback of a deck: while playing, waits the current step's dwell time and ticks. */
export function usePlaybackClock(id: PlayerId = 'flow'): void {
  const playing = useLab((s) => s.decks[id].playing);
  const cursor = useLab((s) => s.decks[id].cursor);
  const steps = useLab((s) => s.decks[id].steps);
  const speed = useLab((s) => s.speed);
  useEffect(() => {
    if (!playing) return;
    const step = steps[cursor];
    const t = window.setTimeout(() => useLab.getState().player(id, { type: 'tick' }), step ? dwellMs(step, speed) : 0);
    return () => window.clearTimeout(t);
  }, [id, playing, cursor, speed, steps]);
}

/** Makes a deck the active player while the calling component is on screen (keys and clicker drive it). */
export function useClaimPlayer(id: PlayerId): void {
  useEffect(() => {
    useLab.getState().claimPlayer(id);
    return () => useLab.getState().releasePlayer(id);
  }, [id]);
}
