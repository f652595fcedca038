import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useLab } from '../../store';
import { toSteps, type Step } from '../../timeline';
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
  const flow = useLab((s) => s.flow);
  return useMemo(() => (flow ? toSteps(flow) : []), [flow]);
}

/** Drives playback: while playing, waits the current step's dwell time and ticks the store. */
export function usePlaybackClock(): void {
  const playing = useLab((s) => s.playing);
  const cursor = useLab((s) => s.cursor);
  const speed = useLab((s) => s.speed);
  const steps = useSteps();
  const tick = useLab((s) => s.tick);
  useEffect(() => {
    if (!playing) return;
    const step = steps[cursor];
    const t = window.setTimeout(tick, step ? dwellMs(step, speed) : 0);
    return () => window.clearTimeout(t);
  }, [playing, cursor, speed, steps, tick]);
}
