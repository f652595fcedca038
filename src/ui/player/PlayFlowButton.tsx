/** "Play this flow": opens a call (or a whole flow) on the Studio's step player. */
import { useLab, type Trace } from '../../store';
import { flowFromTrace, type Flow } from '../../timeline';
import { goToSection } from '../shell/section';
import { PlayIcon } from '../common/icons';

/** Puts `flow` on the player and shows the Studio. Usable from any component or event handler. */
export function openFlowInStudio(flow: Flow, options: { autoplay?: boolean } = { autoplay: true }): void {
  useLab.getState().playFlow(flow, options);
  goToSection('studio');
}

export function PlayFlowButton({ trace, flow, label = 'Play this flow' }: { trace?: Trace; flow?: Flow; label?: string }) {
  const f = flow ?? (trace ? flowFromTrace(trace) : undefined);
  if (!f) return null;
  return (
    <button type="button" className="btn btn-ghost btn-xs play-flow" onClick={() => openFlowInStudio(f)} title="Watch this call step by step in the Studio">
      <PlayIcon size={12} /> {label}
    </button>
  );
}
