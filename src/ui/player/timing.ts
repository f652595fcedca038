/**
 * Every duration of the player and the canvas comes from here: base × weight ÷ speed
 * (VISUAL.md "All durations come from one place"). Reduced motion is the same steps with
 * no travel: token travel becomes 0 ms, and playback still dwells on each step so it can be read.
 * The same timing drives every deck: a flow's steps and a decision's stages.
 */
import type { PlayableStep } from '../../timeline';

/** How long one ordinary step is shown at 1× (ms). */
const BASE_MS = 1400;

/** Relative weight of a step: the ones with something travelling or being shredded take longer. */
function stepWeight(step: PlayableStep & { moves?: readonly unknown[] }): number {
  if (step.failed) return 1.6;
  if (step.moves && step.moves.length > 0) return 1.4;
  if (step.kind === 'discard-plaintext-key' || step.kind === 'clock') return 1.5;
  if (step.kind === 'validate' || step.kind === 'check-usage') return 0.6;
  return 1;
}

/** How long the player stays on a step before moving on. */
export function dwellMs(step: PlayableStep & { moves?: readonly unknown[] }, speed: number): number {
  return (BASE_MS * stepWeight(step)) / speed;
}

/** How long a token takes to travel its edge (0 with reduced motion). */
export function travelMs(speed: number, reduced: boolean): number {
  return reduced ? 0 : (BASE_MS * 0.7) / speed;
}

/** The shake of a failed step, and the shred of a discarded key (0 with reduced motion). */
export function effectMs(speed: number, reduced: boolean): number {
  return reduced ? 0 : (BASE_MS * 0.35) / speed;
}
