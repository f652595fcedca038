/** The narration line above the player bar: the current step in plain words, announced politely. */
import type { ReactNode } from 'react';
import { useLab, type PlayerId } from '../../store';
import type { PlayableStep, Step } from '../../timeline';
import './player.css';

const WHERE: Record<string, string> = { app: 'Your app', kms: 'Inside KMS', time: 'Time' };

/** A flow step's place and call, for the meta line ("Inside KMS · Encrypt"). */
const flowMeta = (step: PlayableStep) => {
  const s = step as Step;
  return `${WHERE[s.where] ?? ''}${s.operation ? ` · ${s.operation}` : ''}`;
};

export interface NarrationProps {
  player?: PlayerId;
  /** What the meta line says after "Step n of N" (default: a flow step's place and call). */
  meta?: (step: PlayableStep) => string;
  /** Shown when the deck is empty. */
  empty?: ReactNode;
  className?: string;
}

export function Narration({ player = 'flow', meta = flowMeta, empty = 'Pick a demo flow, or play a call from Keys & crypto or the audit log.', className }: NarrationProps) {
  const deck = useLab((s) => s.decks[player]);
  const steps: readonly PlayableStep[] = deck.steps;
  const { cursor, stoppedAt } = deck;
  const step = steps[cursor];
  const brk = stoppedAt?.reason === 'breakpoint' ? steps.find((s) => s.id === stoppedAt.stepId) : undefined;
  const where = step ? meta(step) : '';
  return (
    <div className={`pl-narration${step?.failed ? ' is-failed' : ''}${className ? ` ${className}` : ''}`}>
      <p className="pl-narration__meta" aria-hidden="true">
        {step ? `Step ${cursor + 1} of ${steps.length}${where ? ` · ${where}` : ''}` : 'Nothing on the player'}
      </p>
      <p className="pl-narration__text" aria-live="polite" aria-atomic="true" data-testid="narration">
        {step ? (
          <>
            <span className="sr-only">{`Step ${cursor + 1} of ${steps.length}. `}</span>
            {step.failed && <span className="pl-narration__fail">✕ </span>}
            {step.text}
          </>
        ) : (
          empty
        )}
      </p>
      {brk && (
        <p className="pl-narration__break">
          Paused at a breakpoint, before step {brk.index + 1}: {brk.title}. Press Play to go on.
        </p>
      )}
    </div>
  );
}
