import { useLab } from '../../store';
import type { Flow } from '../../timeline/flow';
import { PlayIcon } from './icons';

type WithPlayer = { playFlow?: (flow: Flow, options?: { autoplay?: boolean }) => void };

/**
 * "Play this flow": hands an envelope operation's Flow (its KMS call traces and the client-side
 * steps between them) to the step player, when the player is in the store (`playFlow`).
 */
export function PlayFlowButton({ flow }: { flow: Flow }) {
  const play = useLab((s) => (s as unknown as WithPlayer).playFlow);
  if (typeof play !== 'function') return null;
  return (
    <button type="button" className="btn btn-ghost btn-xs env-play" onClick={() => {
        play(flow, { autoplay: true });
        location.hash = '#studio';
      }}>
      <PlayIcon size={14} /> Play this flow
    </button>
  );
}
